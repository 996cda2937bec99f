import { HttpStatus } from '@nestjs/common';
import { ErrorCode, ImportFileError, ImportRowError } from '@sidh/domain';
import { AppException } from '../../common/app-exception.js';

/** Why a whole file is refused, why a row is: declared in @sidh/domain, shared with the SPA. */
export { ImportFileError, ImportRowError };

const STATUS: Record<ImportFileError, HttpStatus> = {
  'import.file_missing': HttpStatus.BAD_REQUEST,
  'import.file_empty': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.header_only': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.unsupported_type': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'import.invalid_encoding': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.mixed_encoding': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.delimiter_not_detected': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.malformed_csv': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.malformed_json': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.archive_rejected': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.too_many_rows': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.mapping_invalid': HttpStatus.BAD_REQUEST,
  'import.mapping_unknown_column': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.missing_required_column': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.rows_rejected': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.busy': HttpStatus.CONFLICT,
};

/** A refused file; carries its own code (outside the common ErrorCode list). */
export class ImportException extends AppException {
  constructor(code: ImportFileError, message: string, details?: Record<string, unknown>) {
    super(STATUS[code], code, message, details);
  }
}

/**
 * A recommendation changed between the comparison and the write of a commit (its version moved):
 * 412 `concurrency.stale`, as every stale write; the commit rolls back whole.
 */
export function staleDuringImport(): AppException {
  return new AppException(HttpStatus.PRECONDITION_FAILED, ErrorCode.Stale, 'A recommendation changed during the import; nothing was written. Run the import again.');
}

/**
 * 503 `common.service_unavailable`: this process already reads IMPORT_MAX_CONCURRENT_PARSES
 * files; the error filter turns `retryAfterSeconds` into `Retry-After`. Nothing was read or stored.
 */
export class ImportParsesSaturatedException extends AppException {
  readonly retryAfterSeconds = 5;

  constructor() {
    super(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, 'Too many import files are being read; try again shortly');
  }
}
