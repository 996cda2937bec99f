import { HttpStatus } from '@nestjs/common';
import { UserAdminError } from '@sidh/domain';
import { AppException, ErrorCode } from '../../common/app-exception.js';

/**
 * An invitation link that cannot be used: unknown, already used, expired, or its e-mail already has
 * an account. One answer for all (400 `invitation.invalid`), so the link tells nothing more.
 */
export class InvitationInvalidException extends AppException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, ErrorCode.InvitationInvalid, 'The invitation link is invalid, used or expired');
  }
}

/** 409 `invitation.closed`: resent or revoked after it was accepted or revoked. */
export class InvitationClosedException extends AppException {
  constructor() {
    super(HttpStatus.CONFLICT, UserAdminError.InvitationClosed, 'The invitation was accepted or revoked in the meantime');
  }
}
