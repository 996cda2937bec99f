import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';

/**
 * Why a whole file is refused (HTTP 4xx, `code` of the error body). The SPA translates the codes;
 * `details` name the problem (line, column, field, detected type).
 */
export const ImportFileError = {
  FileMissing: 'import.file_missing',
  FileEmpty: 'import.file_empty',
  HeaderOnly: 'import.header_only',
  UnsupportedType: 'import.unsupported_type',
  InvalidEncoding: 'import.invalid_encoding',
  MixedEncoding: 'import.mixed_encoding',
  DelimiterNotDetected: 'import.delimiter_not_detected',
  MalformedCsv: 'import.malformed_csv',
  MalformedJson: 'import.malformed_json',
  ArchiveRejected: 'import.archive_rejected',
  TooManyRows: 'import.too_many_rows',
  MappingInvalid: 'import.mapping_invalid',
  MappingUnknownColumn: 'import.mapping_unknown_column',
  MissingRequiredColumn: 'import.missing_required_column',
  RowsRejected: 'import.rows_rejected',
  Busy: 'import.busy',
} as const;
export type ImportFileError = (typeof ImportFileError)[keyof typeof ImportFileError];

/** Why one row is rejected (in the report, with row number and column). */
export const ImportRowError = {
  ColumnCount: 'row.column_count',
  TextMissing: 'row.text_missing',
  Duplicate: 'row.duplicate',
  FormulaCell: 'cell.formula',
  TooLong: 'value.too_long',
  UnknownValue: 'value.unknown',
  UnknownLabel: 'label.unknown',
  BodyMissing: 'body.missing',
  BodyUnknown: 'body.unknown',
  MechanismMismatch: 'mechanism.mismatch',
  ParagraphInvalid: 'paragraph.invalid',
} as const;
export type ImportRowError = (typeof ImportRowError)[keyof typeof ImportRowError];

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
    super(STATUS[code], code as never, message, details);
  }
}
