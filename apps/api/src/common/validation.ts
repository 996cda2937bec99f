import { ValidationPipe, type ArgumentMetadata, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
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

/**
 * Flattens class-validator errors into `{ "path.to.field": "validation.key" }`. A field that failed
 * while absent is `validation.required`, whatever its other constraints say: an optional field
 * (`@IsOptional`, or `@ValidateIf` on presence) is not checked when absent, so a constraint failing
 * there means the field must be given. A null is a value (some fields are optional but not nullable):
 * its first failed constraint names the problem.
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): Record<string, ValidationMessageKey> {
  const fields: Record<string, ValidationMessageKey> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraint = Object.keys(error.constraints ?? {})[0];
    if (constraint) fields[path] = error.value === undefined ? 'validation.required' : (MESSAGE_KEYS[constraint] ?? 'validation.invalid');
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

/** How many query strings (per DTO class) the pipe remembers as valid. */
export const VALID_QUERIES_MAX = 1000;

/** A parsed query string: strings and arrays of strings only, which JSON renders faithfully. */
function isPlainQuery(value: unknown): value is Record<string, string | string[]> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const item of Object.values(value)) {
    if (typeof item === 'string') continue;
    if (!Array.isArray(item) || !item.every((x) => typeof x === 'string')) return false;
  }
  return true;
}

class StrictValidationPipe extends ValidationPipe {
  /**
   * Query strings already found valid, per DTO class: the same query again is only transformed,
   * not validated again (class-validator was the largest cost of a cached GET after the framework's
   * own, ADR 18). The validators are pure functions of the parsed query (strings and arrays of
   * strings, keyed by their JSON), so the verdict cannot change; refusals are not remembered.
   */
  private readonly validQueries = new Map<unknown, Set<string>>();
  private validQueryCount = 0;

  constructor(private readonly settings: ValidationPipeOptions) {
    super(settings);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = findInputProblem(value);
      if (problem) throw AppException.validation(problem);
    }
    if (metadata.type !== 'query' || !metadata.metatype || !this.toValidate(metadata) || !isPlainQuery(value)) return super.transform(value, metadata);
    const key = JSON.stringify(value);
    if (this.validQueries.get(metadata.metatype)?.has(key)) return classTransformer.plainToInstance(metadata.metatype, value, this.settings.transformOptions);
    const result = await super.transform(value, metadata);
    if (this.validQueryCount >= VALID_QUERIES_MAX) {
      this.validQueries.clear();
      this.validQueryCount = 0;
    }
    const known = this.validQueries.get(metadata.metatype) ?? new Set<string>();
    known.add(key);
    this.validQueries.set(metadata.metatype, known);
    this.validQueryCount += 1;
    return result;
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
    // The value stays in the error only for `toFieldErrors` (absent → required); no response or log
    // receives class-validator's errors, only the field → message key map.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => AppException.validation(toFieldErrors(errors)),
  });
}
