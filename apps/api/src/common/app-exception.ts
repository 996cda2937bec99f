// The enum's own module: the import worker loads this file, and all of @nestjs/common costs it a second.
import { HttpStatus } from '@nestjs/common/enums/http-status.enum.js';
import { ErrorCode, type ApiErrorCode, type ValidationMessageKey } from '@sidh/domain';

/** Stable, documented error codes (declared in @sidh/domain, shared with the SPA). */
export { ErrorCode };

export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /**
   * Seconds for the `Retry-After` header of a 429/503 (the error filter sets it): a subclass's own
   * `retryAfterSeconds`, else `details.retryAfterSeconds`; null when the answer has none.
   */
  retryAfter(): number | null {
    const own = (this as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    const value = typeof own === 'number' ? own : this.details?.['retryAfterSeconds'];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : null;
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

  /** 400 naming each field with a message key the SPA translates (`VALIDATION_MESSAGE_KEYS`). */
  static validation(fields: Record<string, ValidationMessageKey>): AppException {
    return new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, 'Invalid input', { fields });
  }
}
