import { HttpStatus } from '@nestjs/common/enums/http-status.enum.js';
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
  'import.file_too_complex': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.mapping_invalid': HttpStatus.BAD_REQUEST,
  'import.mapping_unknown_column': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.missing_required_column': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.rows_rejected': HttpStatus.UNPROCESSABLE_ENTITY,
  'import.busy': HttpStatus.CONFLICT,
};

/** An ImportException as plain data, to cross a worker thread's boundary (structured clone keeps no class). */
export interface ImportExceptionData {
  code: ImportFileError;
  message: string;
  details?: Record<string, unknown>;
}

const FILE_ERROR_CODES = new Set<string>(Object.values(ImportFileError));

/** A refused file; carries its own code (outside the common ErrorCode list). */
export class ImportException extends AppException {
  constructor(code: ImportFileError, message: string, details?: Record<string, unknown>) {
    super(STATUS[code], code, message, details);
  }

  /** What the worker that read the file sends back; `fromData` rebuilds the same exception (status from the code). */
  toData(): ImportExceptionData {
    return { code: this.code as ImportFileError, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }

  /** The exception `toData` described; null when the data is not one (an unknown code). */
  static fromData(data: ImportExceptionData): ImportException | null {
    if (!FILE_ERROR_CODES.has(data.code) || typeof data.message !== 'string') return null;
    return new ImportException(data.code, data.message, data.details);
  }
}

/**
 * 422 `import.file_too_complex`: reading the file would take more than the worker's heap
 * (IMPORT_PARSE_MAX_HEAP_MB) or more than IMPORT_PARSE_TIMEOUT_SECONDS; the worker was ended.
 */
export function fileTooComplex(limit: { maxHeapMb: number } | { timeoutSeconds: number }): ImportException {
  return 'maxHeapMb' in limit
    ? new ImportException(ImportFileError.FileTooComplex, `The file is too complex to read: it needs more than the ${limit.maxHeapMb} MB of memory allowed for reading one file`, { limit: 'memory', maxHeapMb: limit.maxHeapMb })
    : new ImportException(ImportFileError.FileTooComplex, `The file is too complex to read: reading it takes longer than the ${limit.timeoutSeconds} s allowed for one file`, { limit: 'time', timeoutSeconds: limit.timeoutSeconds });
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
