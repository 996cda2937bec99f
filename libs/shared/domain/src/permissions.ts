/**
 * Role-based permission catalog. The API guards endpoints with these strings and the SPA hides what the
 * user cannot do, from the same table, so UI and server cannot disagree.
 *
 * Naming: `resource:action`. Actions `read` (and `verify`, which only re-computes audit hashes) never
 * change data. `export:run` is also read-like: it only serialises data the user can already read.
 */
import type { Role } from './roles.js';

export const Permission = {
  RecommendationRead: 'recommendation:read',
  RecommendationCreate: 'recommendation:create',
  RecommendationUpdate: 'recommendation:update',
  RecommendationDelete: 'recommendation:delete',
  ReferenceRead: 'reference:read',
  /** Create, edit, deactivate reference data (bodies, reviews, themes, affected persons, axes). */
  ReferenceManage: 'reference:manage',
  /** Organisation settings (name, logo, reminder days, word limits). */
  SettingsManage: 'settings:manage',
  AuditRead: 'audit:read',
  AuditVerify: 'audit:verify',
  /** Sign a checkpoint of the audit chain (writes a file outside the database): not for the read-only auditor. */
  AuditAnchor: 'audit:anchor',
  UserRead: 'user:read',
  UserManage: 'user:manage',
  /** Invite focal points and validators of an institution by e-mail. */
  UserInvite: 'user:invite',
  /** Change the accounts the caller manages (role, institution, deactivation): admin, and the coordinator for focal points and validators (rules in user-admin.ts). */
  AccountManage: 'account:manage',
  InstitutionRead: 'institution:read',
  InstitutionManage: 'institution:manage',
  /** Designate an institution's main and alternate focal points (admin and coordinator; institution:manage stays the admin's). */
  FocalPointDesignate: 'institution:designate',
  ImportRun: 'import:run',
  ExportRun: 'export:run',
  AssignmentRead: 'assignment:read',
  AssignmentManage: 'assignment:manage',
  CampaignRead: 'campaign:read',
  CampaignManage: 'campaign:manage',
  ContributionRead: 'contribution:read',
  ContributionWrite: 'contribution:write',
  ContributionSubmit: 'contribution:submit',
  ContributionApprove: 'contribution:approve',
  ContributionValidate: 'contribution:validate',
  /** Take a workflow step (submit, approve, return, validate): the state machine then checks the role. */
  ContributionTransition: 'contribution:transition',
  /** Write in a contribution's comment thread. */
  ContributionComment: 'contribution:comment',
  /** Reports to the UN, their versions and history (coordinator, admin, auditor; not the institutions' people). */
  ReportRead: 'report:read',
  /** Create, edit and finalise reports. */
  ReportGenerate: 'report:generate',
  /** Own profile and logout: every authenticated user needs it. */
  SessionRead: 'session:read',
  NotificationRead: 'notification:read',
  /** Mark one's own notifications read. */
  NotificationUpdate: 'notification:update',
  /** Development only: read the mails kept by the local SMTP server. */
  DevMailRead: 'dev:mail',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly Permission[] = Object.freeze(Object.values(Permission));

const P = Permission;

/** Permissions whose action is `read`, used to derive the auditor's rights so new read permissions follow. */
const READ_PERMISSIONS = ALL_PERMISSIONS.filter((p) => p.endsWith(':read'));

/** Workflow steps belong to the institution's people and the coordinator, never to the platform admin. */
const CONTRIBUTION_WORKFLOW: readonly Permission[] = [
  P.ContributionWrite,
  P.ContributionSubmit,
  P.ContributionApprove,
  P.ContributionValidate,
  P.ContributionTransition,
  P.ContributionComment,
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  admin: Object.freeze(ALL_PERMISSIONS.filter((p) => !CONTRIBUTION_WORKFLOW.includes(p))),
  coordinator: Object.freeze([
    P.RecommendationRead,
    P.RecommendationCreate,
    P.RecommendationUpdate,
    P.RecommendationDelete,
    P.ReferenceRead,
    P.ReferenceManage,
    P.AuditRead,
    P.AuditVerify,
    P.AuditAnchor,
    P.UserRead,
    P.UserInvite,
    P.AccountManage,
    P.InstitutionRead,
    P.FocalPointDesignate,
    P.ImportRun,
    P.ExportRun,
    P.AssignmentRead,
    P.AssignmentManage,
    P.CampaignRead,
    P.CampaignManage,
    P.ContributionRead,
    P.ContributionValidate,
    P.ContributionTransition,
    P.ContributionComment,
    P.ReportRead,
    P.ReportGenerate,
    P.SessionRead,
    P.NotificationRead,
    P.NotificationUpdate,
  ]),
  validator: Object.freeze([
    P.RecommendationRead,
    P.ReferenceRead,
    P.InstitutionRead,
    P.AssignmentRead,
    P.CampaignRead,
    P.ContributionRead,
    P.ContributionApprove,
    P.ContributionTransition,
    P.ContributionComment,
    P.ExportRun,
    P.SessionRead,
    P.NotificationRead,
    P.NotificationUpdate,
  ]),
  focal_point: Object.freeze([
    P.RecommendationRead,
    P.ReferenceRead,
    P.InstitutionRead,
    P.AssignmentRead,
    P.CampaignRead,
    P.ContributionRead,
    P.ContributionWrite,
    P.ContributionSubmit,
    P.ContributionTransition,
    P.ContributionComment,
    P.ExportRun,
    P.SessionRead,
    P.NotificationRead,
    P.NotificationUpdate,
  ]),
  // Reads everything, changes nothing (SessionRead and NotificationRead are included by the `:read` filter).
  auditor: Object.freeze([...READ_PERMISSIONS, P.AuditVerify, P.ExportRun]),
});

const ROLE_PERMISSION_SETS: Readonly<Record<string, ReadonlySet<Permission>>> = Object.fromEntries(
  Object.entries(ROLE_PERMISSIONS).map(([role, perms]) => [role, new Set(perms)]),
);

/** Unknown roles (e.g. a stale token) get nothing rather than throwing. */
export function hasPermission(role: Role, permission: Permission): boolean {
  return Object.hasOwn(ROLE_PERMISSION_SETS, role) ? ROLE_PERMISSION_SETS[role]!.has(permission) : false;
}

export function permissionsOf(role: Role): readonly Permission[] {
  return Object.hasOwn(ROLE_PERMISSIONS, role) ? ROLE_PERMISSIONS[role] : [];
}

/** These roles only see data of their own institution; the API must filter by the user's institution. */
export const INSTITUTION_SCOPED_ROLES = ['focal_point', 'validator'] as const satisfies readonly Role[];

export function isInstitutionScoped(role: Role): boolean {
  return (INSTITUTION_SCOPED_ROLES as readonly string[]).includes(role);
}
