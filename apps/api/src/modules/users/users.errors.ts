import { HttpStatus } from '@nestjs/common';
import { UserAdminError } from '@sidh/domain';
import { AppException } from '../../common/app-exception.js';

/** Why an account change is refused: the rule table in @sidh/domain (`user-admin.ts`), shared with the SPA. */
export { UserAdminError };

const STATUS: Record<UserAdminError, HttpStatus> = {
  'user.self_change': HttpStatus.FORBIDDEN,
  'user.not_manageable': HttpStatus.FORBIDDEN,
  'user.role_not_grantable': HttpStatus.FORBIDDEN,
  'user.last_admin': HttpStatus.CONFLICT,
  'invitation.closed': HttpStatus.CONFLICT,
};

const MESSAGES: Record<UserAdminError, string> = {
  'user.self_change': 'You cannot change your own role, institution or activation',
  'user.not_manageable': 'You cannot change accounts of this role',
  'user.role_not_grantable': 'You cannot give this role',
  'user.last_admin': 'This is the last active administrator',
  'invitation.closed': 'The invitation was accepted or revoked in the meantime',
};

export class UserAdminException extends AppException {
  constructor(code: UserAdminError) {
    super(STATUS[code], code, MESSAGES[code]);
  }
}
