import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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

/** Keys that could reach an object's prototype. class-transformer silently drops them, so the whitelist never sees them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Path of the first prototype key anywhere in a parsed body or query (iterative: no recursion limit), else null. */
export function findPrototypeKey(value: unknown): string | null {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    for (const key of Object.keys(current)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return at;
      stack.push([(current as Record<string, unknown>)[key], at]);
    }
  }
  return null;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const key = findPrototypeKey(value);
      if (key) throw AppException.validation({ [key]: 'validation.unknownField' });
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist, reject unknown fields (and prototype keys), transform; errors name the field. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(toFieldErrors(errors)),
  });
}
