/**
 * Where the message of each error code is in the catalogs. Every code an API error body may carry
 * (`API_ERROR_CODES`) has one: the import file's refusals in the imports catalog (`imports.errors.import.*`),
 * every other code in `errors.<code>`; a rejected import row's reason in `imports.reasons.<code>`.
 * `locales/catalogs.spec.ts` fails when one is missing in any language.
 */
import { ImportFileError, INSTITUTION_ADMIN_ERROR_CODES, USER_ADMIN_ERROR_CODES } from '@sidh/domain';

const IMPORT_FILE_CODES: ReadonlySet<string> = new Set(Object.values(ImportFileError));
/** User administration's refusals: in its own catalog (`usersAdmin.errors.<code>`). */
const USER_ADMIN_CODES: ReadonlySet<string> = new Set(USER_ADMIN_ERROR_CODES);
/** Institution administration's refusals: in its own catalog (`institutionsAdmin.errors.<code>`). */
const INSTITUTION_ADMIN_CODES: ReadonlySet<string> = new Set(INSTITUTION_ADMIN_ERROR_CODES);

export function errorMessageKey(code: string): string {
  if (USER_ADMIN_CODES.has(code)) return `usersAdmin.errors.${code}`;
  if (INSTITUTION_ADMIN_CODES.has(code)) return `institutionsAdmin.errors.${code}`;
  return IMPORT_FILE_CODES.has(code) ? `imports.errors.${code}` : `errors.${code}`;
}

export function rowErrorMessageKey(code: string): string {
  return `imports.reasons.${code}`;
}
