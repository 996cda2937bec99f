import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import * as classTransformer from 'class-transformer';
import * as classValidator from 'class-validator';
import type { ValidationMessageKey } from '@sidh/domain';
import { AppException } from './app-exception.js';

/** class-validator constraint → message key (declared in @sidh/domain, translated by the SPA). */
const MESSAGE_KEYS: Record<string, ValidationMessageKey> = {
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
export function toFieldErrors(errors: ValidationError[], parent = ''): Record<string, ValidationMessageKey> {
  const fields: Record<string, ValidationMessageKey> = {};
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

/** Deeper bodies are refused before class-transformer recurses into them (no DTO nests this deep). */
export const MAX_INPUT_DEPTH = 32;

/** A NUL character (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not valid Unicode). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this pattern must find
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first problem in a parsed body or query, as `{ path: messageKey }`, else null: a prototype
 * key, a string (or key) PostgreSQL cannot store, or nesting deeper than MAX_INPUT_DEPTH.
 * Iterative: no input can exhaust the stack here.
 */
export function findInputProblem(value: unknown): Record<string, ValidationMessageKey> | null {
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return { [path || 'body']: 'validation.invalidCharacter' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { [path || 'body']: 'validation.tooDeep' };
    for (const key of Object.keys(current)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return { [at]: 'validation.unknownField' };
      if (UNSTORABLE.test(key)) return { [path || 'body']: 'validation.invalidCharacter' };
      stack.push([(current as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return null;
}

class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = findInputProblem(value);
      if (problem) throw AppException.validation(problem);
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist, reject unknown fields (and prototype keys), transform; errors name the field. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    // The instances the DTOs' decorators registered with, given rather than left to Nest's
    // `import()`: in the bundled server (ADR 17) a dynamically imported CommonJS package has no
    // named exports.
    validatorPackage: classValidator,
    transformerPackage: classTransformer,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(toFieldErrors(errors)),
  });
}
