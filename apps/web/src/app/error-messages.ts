/**
 * Where the message of each error code is in the catalogs. Every code an API error body may carry
 * (`API_ERROR_CODES`) has one: the import file's refusals in the imports catalog (`imports.errors.import.*`),
 * every other code in `errors.<code>`; a rejected import row's reason in `imports.reasons.<code>`.
 * `locales/catalogs.spec.ts` fails when one is missing in any language.
 */
import { ImportFileError } from '@sidh/domain';

const IMPORT_FILE_CODES: ReadonlySet<string> = new Set(Object.values(ImportFileError));

export function errorMessageKey(code: string): string {
  return IMPORT_FILE_CODES.has(code) ? `imports.errors.${code}` : `errors.${code}`;
}

export function rowErrorMessageKey(code: string): string {
  return `imports.reasons.${code}`;
}
