import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/app-exception.js';

/** The answers of the sign-in routes (codes declared in @sidh/domain, translated by the SPA). */
export type AuthErrorCode = typeof ErrorCode.InvalidCredentials | typeof ErrorCode.TooManyAttempts | typeof ErrorCode.RefreshInvalid | typeof ErrorCode.CsrfRejected;

const STATUS: Record<AuthErrorCode, HttpStatus> = {
  'auth.invalid_credentials': HttpStatus.UNAUTHORIZED,
  'auth.too_many_attempts': HttpStatus.TOO_MANY_REQUESTS,
  'auth.refresh_invalid': HttpStatus.UNAUTHORIZED,
  'auth.csrf_rejected': HttpStatus.FORBIDDEN,
};

/**
 * One fixed message per code: an unknown account and a wrong password must get the same body, and
 * nothing else may tell them apart.
 */
const MESSAGE: Record<AuthErrorCode, string> = {
  'auth.invalid_credentials': 'Invalid e-mail or password',
  'auth.too_many_attempts': 'Too many failed attempts; try again later',
  'auth.refresh_invalid': 'The session has ended; please sign in again',
  'auth.csrf_rejected': 'Cross-site request refused',
};

/** A refused sign-in, refresh or cross-site request. */
export class AuthException extends AppException {
  constructor(code: AuthErrorCode, details?: Record<string, unknown>) {
    super(STATUS[code], code, MESSAGE[code], details);
  }

  static invalidCredentials(): AuthException {
    return new AuthException(ErrorCode.InvalidCredentials);
  }

  /** Which counter refused a 429 (kept out of the body): the account's, or the client address's. */
  scope: 'account' | 'client' = 'account';

  /** 429 while the account key is locked; the error filter turns `retryAfterSeconds` into `Retry-After`. */
  static tooManyAttempts(lockedUntil: Date, scope: 'account' | 'client' = 'account'): AuthException {
    const error = new AuthException(ErrorCode.TooManyAttempts, { retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000)) });
    error.scope = scope;
    return error;
  }

  static refreshInvalid(): AuthException {
    return new AuthException(ErrorCode.RefreshInvalid);
  }

  static csrfRejected(): AuthException {
    return new AuthException(ErrorCode.CsrfRejected);
  }

  /** Seconds until a 429 lock ends (for the `Retry-After` header), or null for other answers. */
  get retryAfterSeconds(): number | null {
    const value = this.details?.['retryAfterSeconds'];
    return this.code === ErrorCode.TooManyAttempts && typeof value === 'number' ? value : null;
  }
}

/**
 * 503 `common.service_unavailable` with a `Retry-After`: the request was neither accepted nor
 * refused because it could not be handled now (password hashing saturated, or the session could
 * not be checked). The body is the one the error filter gives to a lost database connection.
 */
export class UnavailableException extends AppException {
  private constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, message);
  }

  /** Every password-hashing slot and queue place of this process is taken. */
  static hashingSaturated(): UnavailableException {
    return new UnavailableException('The service is busy; try again shortly', 1);
  }

  /** The user or session behind a valid access token could not be read (database unreachable): not a reason to sign the user out. */
  static sessionCheckFailed(): UnavailableException {
    return new UnavailableException('The service is temporarily unavailable', 5);
  }
}
