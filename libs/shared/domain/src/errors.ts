import { USER_ADMIN_ERROR_CODES, type UserAdminError } from './user-admin.js';
import { INSTITUTION_ADMIN_ERROR_CODES, type InstitutionAdminError } from './institutions-admin.js';

/**
 * Every error code the API answers with (`code` of the error body), declared once for the API and
 * the SPA. The SPA translates each one in ar/fr/en (`errors.<code>`); a test fails when one is
 * missing in any language.
 */
export const ErrorCode = {
  ValidationFailed: 'validation.failed',
  MalformedJson: 'request.malformed_json',
  PayloadTooLarge: 'request.payload_too_large',
  NotFound: 'common.not_found',
  RouteNotFound: 'route.not_found',
  Unauthenticated: 'auth.unauthenticated',
  InvalidCredentials: 'auth.invalid_credentials',
  TooManyAttempts: 'auth.too_many_attempts',
  RefreshInvalid: 'auth.refresh_invalid',
  CsrfRejected: 'auth.csrf_rejected',
  Forbidden: 'auth.forbidden',
  PreconditionRequired: 'concurrency.precondition_required',
  Stale: 'concurrency.stale',
  Conflict: 'common.conflict',
  TooManyRequests: 'common.too_many_requests',
  ServiceUnavailable: 'common.service_unavailable',
  Internal: 'common.internal',
  ContributionIllegalTransition: 'contribution.illegal_transition',
  ContributionLocked: 'contribution.locked',
  ContributionNotEditable: 'contribution.not_editable',
  AssignmentHasContributions: 'assignment.has_contributions',
  EvidenceUnsupportedType: 'evidence.unsupported_type',
  EvidenceTypeMismatch: 'evidence.type_mismatch',
  InvitationInvalid: 'invitation.invalid',
  /** Accounts (issue 13): the current password given to change it is wrong. */
  CurrentPasswordInvalid: 'auth.current_password_invalid',
  /** A password-reset link that is unknown, used or expired. */
  ResetTokenInvalid: 'auth.reset_token_invalid',
  /** A two-factor code (or recovery code) that is wrong, outside the allowed drift, or already used. */
  TotpInvalid: 'auth.totp_invalid',
  /** The second step of a sign-in came too late or with a token that is not one. */
  MfaTokenInvalid: 'auth.mfa_token_invalid',
  /** The role requires two-factor sign-in: until it is set up, the session may only enrol. */
  TotpEnrolmentRequired: 'auth.totp_enrolment_required',
  /** Two-factor sign-in is already on (enrol) or is not on (confirm, disable). */
  TotpState: 'auth.totp_state',
  AuditAnchorDisabled: 'audit.anchor_disabled',
  AuditChainBroken: 'audit.chain_broken',
  /** Nothing to report on: no item selected, or (follow-up report) none marked for follow-up. */
  ReportEmptySelection: 'report.empty_selection',
  /** An item is selected twice. */
  ReportDuplicateItem: 'report.duplicate_item',
  /** A selected item belongs to another body than the report's. */
  ReportItemsOutsideBody: 'report.items_outside_body',
  /** Finalising a report over its word limit needs `confirmOverLimit: true`. */
  ReportOverLimitUnconfirmed: 'report.over_limit_unconfirmed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Why an import file is refused as a whole (a 4xx with one of these codes). */
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
  FileTooComplex: 'import.file_too_complex',
  MappingInvalid: 'import.mapping_invalid',
  MappingUnknownColumn: 'import.mapping_unknown_column',
  MissingRequiredColumn: 'import.missing_required_column',
  RowsRejected: 'import.rows_rejected',
  Busy: 'import.busy',
} as const;
export type ImportFileError = (typeof ImportFileError)[keyof typeof ImportFileError];

/** Why one import row is rejected (in the dry-run report, with row number and column). */
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

/** Every code an API error body may carry. */
export type ApiErrorCode = ErrorCode | ImportFileError | UserAdminError | InstitutionAdminError;
export const API_ERROR_CODES: readonly ApiErrorCode[] = Object.freeze([...Object.values(ErrorCode), ...Object.values(ImportFileError), ...USER_ADMIN_ERROR_CODES, ...INSTITUTION_ADMIN_ERROR_CODES]);

/**
 * Message keys of a 400 `validation.failed` answer (`details.fields.<field>`): the SPA translates
 * each one in ar/fr/en (`validation.<key>`); a test fails when one is missing.
 */
export const VALIDATION_MESSAGE_KEYS = [
  'validation.required',
  'validation.invalid',
  'validation.maxLength',
  'validation.minLength',
  'validation.maxItems',
  'validation.unknownField',
  'validation.unknownCode',
  'validation.enum',
  'validation.date',
  'validation.email',
  'validation.boolean',
  'validation.url',
  'validation.fileOrUrl',
  'validation.max',
  'validation.min',
  'validation.invalidCharacter',
  'validation.tooDeep',
  /** A common or breached password, or a trivial variant of one (accounts, issue 13). */
  'validation.passwordCommon',
] as const;
export type ValidationMessageKey = (typeof VALIDATION_MESSAGE_KEYS)[number];
