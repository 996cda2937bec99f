import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from './error-response.dto.js';
import type { Permission } from '@sidh/domain';
import type { AuditActor } from './audit-actor.js';
import type { AuthenticatedRequest, AuthUser } from './auth-user.js';

export const PUBLIC_KEY = 'sidh:public';
export const PERMISSION_KEY = 'sidh:permission';

/** The route needs no authentication. Must be written explicitly: the guard denies undeclared routes. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The one permission this route needs (from the catalog in @sidh/domain). */
export const Authorize = (permission: Permission) =>
  applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Not authenticated', type: ErrorResponseDto }),
    ApiForbiddenResponse({ description: `Requires ${permission}`, type: ErrorResponseDto }),
  );

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

/** Who is acting, for the audit trail: the user, the request id and the client address. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuditActor => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return actorOf(request);
});

export function actorOf(request: AuthenticatedRequest): AuditActor {
  const user = request.user;
  return {
    userId: user?.id ?? null,
    role: user?.role ?? null,
    institutionId: user?.institutionId ?? null,
    requestId: typeof request.id === 'string' ? request.id : null,
    ip: request.ip ?? null,
  };
}
