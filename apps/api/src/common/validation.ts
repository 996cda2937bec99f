import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException } from './app-exception.js';

const MESSAGE_KEYS: Record<string, string> = {
  isDefined: 'validation.required',
  isNotEmpty: 'validation.required',
  maxLength: 'validation.maxLength',
  minLength: 'validation.minLength',
  arrayMaxSize: 'validation.maxItems',
  whitelistValidation: 'validation.unknownField',
  isIn: 'validation.enum',
  isEnum: 'validation.enum',
  isISO8601: 'validation.date',
  isDateString: 'validation.date',
  isEmail: 'validation.email',
  max: 'validation.max',
  min: 'validation.min',
};

/** Flattens class-validator errors into `{ "path.to.field": "validation.key" }`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraint = Object.keys(error.constraints ?? {})[0];
    if (constraint) fields[path] = MESSAGE_KEYS[constraint] ?? 'validation.invalid';
    Object.assign(fields, toFieldErrors(error.children ?? [], path));
  }
  return fields;
}

/** Whitelist, reject unknown fields, transform; errors name the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(toFieldErrors(errors)),
  });
}
