import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { hasPermission, type Permission } from '@sidh/domain';
import { AppException } from '../common/app-exception.js';
import type { AuthenticatedRequest, AuthUser } from '../common/auth-user.js';
import { PERMISSION_KEY, PUBLIC_KEY } from '../common/decorators.js';
import { AccountException } from './account.errors.js';
import { UnavailableException } from './auth.errors.js';
import { ALLOW_DURING_TOTP_ENROLMENT } from './totp-enrolment.decorator.js';

/**
 * The global guard. Deny by default: a route must declare `@Public()` or `@Authorize(permission)`;
 * an undeclared route is refused for everyone. An access token that could not be checked (the
 * database did not answer) is 503 with Retry-After, never 401: the client keeps its session.
 */
@Injectable()
export class PermissionGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(PermissionGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!permission) {
      this.logger.warn({ event: 'authz_fail', reason: 'undeclared_route', path: request.route?.path, requestId: request.id });
      throw AppException.forbidden();
    }
    await super.canActivate(context);
    const user = request.user!;
    if (user.totpEnrolmentRequired && !this.reflector.getAllAndOverride<boolean>(ALLOW_DURING_TOTP_ENROLMENT, targets)) {
      this.logger.warn({ event: 'authz_fail', reason: 'totp_enrolment_required', userId: user.id, requestId: request.id });
      throw AccountException.totpEnrolmentRequired();
    }
    if (!hasPermission(user.role, permission)) {
      this.logger.warn({ event: 'authz_fail', userId: user.id, permission, requestId: request.id });
      throw AppException.forbidden();
    }
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false): TUser {
    if (error instanceof UnavailableException) throw error;
    if (error || !user) throw AppException.unauthenticated();
    return user;
  }
}
