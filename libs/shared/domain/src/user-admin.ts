/**
 * User administration: who may change whose account, and to what. One table for the API (which
 * refuses) and the SPA (which hides what would be refused), like the contribution workflow.
 *
 * - The administrator manages every account and may grant every role.
 * - The coordinator manages the institutions' people only (focal points and validators of any
 *   institution) and may grant only those roles: never an administrator, coordinator or auditor.
 * - Nobody changes their own role, institution or activation (no self-elevation, no self-lockout).
 * - The last active administrator can be neither demoted nor deactivated (the API checks it under a lock).
 */
import { ROLES, type Role } from './roles.js';

export const UserAdminError = {
  /** 403: one's own role, institution or activation. */
  SelfChange: 'user.self_change',
  /** 403: the target's role is outside what the caller manages (a coordinator touching an admin). */
  NotManageable: 'user.not_manageable',
  /** 403: the caller may not grant this role. */
  RoleNotGrantable: 'user.role_not_grantable',
  /** 409: the change would leave no active administrator. */
  LastAdmin: 'user.last_admin',
  /** 409: the invitation was accepted or revoked in the meantime. */
  InvitationClosed: 'invitation.closed',
} as const;
export type UserAdminError = (typeof UserAdminError)[keyof typeof UserAdminError];
export const USER_ADMIN_ERROR_CODES: readonly UserAdminError[] = Object.freeze(Object.values(UserAdminError));

/** The institutions' people: the roles a coordinator manages. */
const INSTITUTION_PEOPLE: readonly Role[] = ['focal_point', 'validator'];

/** Per caller role: the roles of the accounts it may change, and the roles it may give. */
export const USER_ADMIN_RULES: Readonly<Record<Role, { readonly manages: readonly Role[]; readonly grants: readonly Role[] }>> = Object.freeze({
  admin: { manages: ROLES, grants: ROLES },
  coordinator: { manages: INSTITUTION_PEOPLE, grants: INSTITUTION_PEOPLE },
  validator: { manages: [], grants: [] },
  focal_point: { manages: [], grants: [] },
  auditor: { manages: [], grants: [] },
});

/** Whether `callerRole` may manage some accounts at all (the SPA's page and edit controls). */
export function managesUsers(callerRole: Role): boolean {
  return (USER_ADMIN_RULES[callerRole]?.manages.length ?? 0) > 0;
}

/** Whether `callerRole` may change an account of `targetRole` (name, institution, activation). */
export function canManageRole(callerRole: Role, targetRole: Role): boolean {
  return USER_ADMIN_RULES[callerRole]?.manages.includes(targetRole) ?? false;
}

/** The roles `callerRole` may give. */
export function grantableRoles(callerRole: Role): readonly Role[] {
  return USER_ADMIN_RULES[callerRole]?.grants ?? [];
}

export interface UserAdminSubject {
  id: string;
  role: Role;
}

/** What an account change touches (absent: unchanged). */
export interface UserAdminChange {
  role?: Role;
  institutionId?: string | null;
  active?: boolean;
  /** Name or language: allowed to anyone who manages the account, themselves included. */
  other?: boolean;
}

/**
 * Why `caller` may not make `change` to `target`, or null when the rules allow it (the last
 * administrator is checked apart, against the database). Changes equal to the current values are
 * not changes: the caller sends the whole form.
 */
export function userChangeRefusal(
  caller: UserAdminSubject,
  target: UserAdminSubject & { institutionId: string | null; active: boolean },
  change: UserAdminChange,
): UserAdminError | null {
  const roleChanges = change.role !== undefined && change.role !== target.role;
  const institutionChanges = change.institutionId !== undefined && change.institutionId !== target.institutionId;
  const activeChanges = change.active !== undefined && change.active !== target.active;
  if (caller.id === target.id) return roleChanges || institutionChanges || activeChanges ? UserAdminError.SelfChange : null;
  if (!canManageRole(caller.role, target.role)) return UserAdminError.NotManageable;
  if (roleChanges && !grantableRoles(caller.role).includes(change.role!)) return UserAdminError.RoleNotGrantable;
  return null;
}

/** Whether a change takes an administrator's rights away (so the last one must be kept). */
export function removesAdmin(target: { role: Role; active: boolean }, next: { role: Role; active: boolean }): boolean {
  return target.role === 'admin' && target.active && (next.role !== 'admin' || !next.active);
}
