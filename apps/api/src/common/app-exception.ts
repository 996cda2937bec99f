import { HttpStatus } from '@nestjs/common';
import { ErrorCode, type ApiErrorCode } from '@sidh/domain';

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
