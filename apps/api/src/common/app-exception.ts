import { HttpStatus } from '@nestjs/common';

/** Stable, documented error codes; the SPA translates them. */
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
  AuditAnchorDisabled: 'audit.anchor_disabled',
  AuditChainBroken: 'audit.chain_broken',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  static notFound(what = 'Resource'): AppException {
    return new AppException(HttpStatus.NOT_FOUND, ErrorCode.NotFound, `${what} not found`);
  }

  static forbidden(): AppException {
    return new AppException(HttpStatus.FORBIDDEN, ErrorCode.Forbidden, 'You are not allowed to do this');
  }

  static unauthenticated(): AppException {
    return new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.Unauthenticated, 'Authentication required');
  }

  static validation(fields: Record<string, string>): AppException {
    return new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, 'Invalid input', { fields });
  }
}
