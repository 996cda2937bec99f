import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import fc from 'fast-check';
import { AppException } from './app-exception.js';
import { createValidationPipe, findInputProblem, MAX_INPUT_DEPTH } from './validation.js';

describe('findInputProblem', () => {
  it('accepts ordinary data, Arabic and emoji (paired surrogates) included', () => {
    expect(findInputProblem({ textAr: 'المرأة', note: 'ok 👍', list: [1, 'a', { b: null }] })).toBeNull();
  });

  it.each([
    ['NUL', { a: 'x\u0000y' }, 'a'],
    ['a lone high surrogate at the end', { a: 'x\uD83D' }, 'a'],
    ['a lone low surrogate at the start', { a: '\uDE00x' }, 'a'],
    ['reversed pair', { a: '\uDE00\uD83D' }, 'a'],
    ['in a nested list', { a: { b: ['ok', '\u0000'] } }, 'a.b.1'],
  ])('names the field holding %s', (_, value, path) => {
    expect(findInputProblem(value)).toEqual({ [path]: 'validation.invalidCharacter' });
  });

  it('refuses prototype keys with their path', () => {
    expect(findInputProblem(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toEqual({ 'a.__proto__': 'validation.unknownField' });
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} without recursing (10,000 levels)`, () => {
    const deep = JSON.parse(`{"a":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`);
    expect(findInputProblem(deep)).toEqual({ [`a${'.0'.repeat(MAX_INPUT_DEPTH - 1)}`]: 'validation.tooDeep' });
    const shallow = JSON.parse(`{"a":${'['.repeat(MAX_INPUT_DEPTH - 2)}1${']'.repeat(MAX_INPUT_DEPTH - 2)}}`);
    expect(findInputProblem(shallow)).toBeNull();
  });

  it('property: a string is refused exactly when it holds NUL or an unpaired surrogate', () => {
    const unpaired = (s: string) => {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0) return true;
        if (c >= 0xd800 && c <= 0xdbff) {
          const n = s.charCodeAt(i + 1);
          if (!(n >= 0xdc00 && n <= 0xdfff)) return true;
          i++;
        } else if (c >= 0xdc00 && c <= 0xdfff) return true;
      }
      return false;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        expect(findInputProblem({ s }) !== null).toBe(unpaired(s));
      }),
      { numRuns: 2000 },
    );
  });
});

let validations = 0;

class TestQueryDto {
  @IsOptional() @IsString() @MaxLength(5) @ValidateBy({ name: 'counted', validator: { validate: () => (validations += 1) > 0 } })
  q?: string;

  @IsOptional() @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value)) @IsIn(['a', 'b'], { each: true })
  list?: string[];
}

class OtherQueryDto {
  @IsOptional() @IsString() @MaxLength(2)
  q?: string;
}

describe('the validation pipe on query strings (valid ones remembered)', () => {
  const query = (value: Record<string, unknown>, metatype: new () => unknown = TestQueryDto) => createPipe().transform(value, { type: 'query', metatype });
  let pipe = createValidationPipe();
  const createPipe = () => pipe;
  beforeEach(() => {
    pipe = createValidationPipe();
  });

  it('validates a query string once, and still returns a new transformed instance each time', async () => {
    validations = 0;
    const first = await query({ q: 'abc', list: 'a,b' });
    const second = await query({ q: 'abc', list: 'a,b' });
    expect(first).toBeInstanceOf(TestQueryDto);
    expect(second).toBeInstanceOf(TestQueryDto);
    expect(second).toEqual({ q: 'abc', list: ['a', 'b'] });
    expect(second).not.toBe(first);
    expect(validations).toBe(1);
  });

  it('still refuses an invalid query string, every time, after valid ones', async () => {
    await query({ q: 'abc' });
    for (let i = 0; i < 2; i += 1) {
      await expect(query({ q: 'abcdef' })).rejects.toBeInstanceOf(AppException);
      await expect(query({ q: 'abc', list: 'a,z' })).rejects.toBeInstanceOf(AppException);
      await expect(query({ q: 'abc', extra: '1' })).rejects.toBeInstanceOf(AppException);
      await expect(query({ q: ['abc', 'abc'] })).rejects.toBeInstanceOf(AppException);
    }
  });

  it('remembers a verdict per DTO class: valid for one, refused by another', async () => {
    await query({ q: 'abc' });
    await expect(query({ q: 'abc' }, OtherQueryDto)).rejects.toBeInstanceOf(AppException);
  });

  it('still refuses a prototype key or a NUL in a query', async () => {
    await query({ q: 'abc' });
    await expect(query(JSON.parse('{"q":"abc","__proto__":"x"}') as Record<string, unknown>)).rejects.toBeInstanceOf(AppException);
    await expect(query({ q: 'a\u0000' })).rejects.toBeInstanceOf(AppException);
  });
});
