import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/app-exception.js';

/** The answers of the account routes (codes declared in @sidh/domain, translated by the SPA). */
export type AccountErrorCode =
  | typeof ErrorCode.CurrentPasswordInvalid
  | typeof ErrorCode.ResetTokenInvalid
  | typeof ErrorCode.TotpInvalid
  | typeof ErrorCode.MfaTokenInvalid
  | typeof ErrorCode.TotpEnrolmentRequired
  | typeof ErrorCode.TotpState;

/**
 * Never 401 for a signed-in user's mistake (a wrong current password or code): the SPA treats a 401
 * as an expired session. 401 only for the sign-in's second step, which has no session yet.
 */
const STATUS: Record<AccountErrorCode, HttpStatus> = {
  'auth.current_password_invalid': HttpStatus.BAD_REQUEST,
  'auth.reset_token_invalid': HttpStatus.BAD_REQUEST,
  'auth.totp_invalid': HttpStatus.BAD_REQUEST,
  'auth.mfa_token_invalid': HttpStatus.UNAUTHORIZED,
  'auth.totp_enrolment_required': HttpStatus.FORBIDDEN,
  'auth.totp_state': HttpStatus.CONFLICT,
};

const MESSAGE: Record<AccountErrorCode, string> = {
  'auth.current_password_invalid': 'The current password is not correct',
  'auth.reset_token_invalid': 'This reset link is unknown, already used or expired',
  'auth.totp_invalid': 'The code is not valid',
  'auth.mfa_token_invalid': 'The sign-in has expired; please sign in again',
  'auth.totp_enrolment_required': 'Two-factor sign-in must be set up first',
  'auth.totp_state': 'Two-factor sign-in is not in a state that allows this',
};

export class AccountException extends AppException {
  constructor(code: AccountErrorCode) {
    super(STATUS[code], code, MESSAGE[code]);
  }

  static currentPasswordInvalid(): AccountException {
    return new AccountException(ErrorCode.CurrentPasswordInvalid);
  }

  static resetTokenInvalid(): AccountException {
    return new AccountException(ErrorCode.ResetTokenInvalid);
  }

  static totpInvalid(): AccountException {
    return new AccountException(ErrorCode.TotpInvalid);
  }

  static mfaTokenInvalid(): AccountException {
    return new AccountException(ErrorCode.MfaTokenInvalid);
  }

  static totpEnrolmentRequired(): AccountException {
    return new AccountException(ErrorCode.TotpEnrolmentRequired);
  }

  static totpState(): AccountException {
    return new AccountException(ErrorCode.TotpState);
  }
}
