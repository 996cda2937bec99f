import {
  ALL_PERMISSIONS,
  INSTITUTION_SCOPED_ROLES,
  Permission,
  ROLE_PERMISSIONS,
  hasPermission,
  isInstitutionScoped,
  permissionsOf,
} from './permissions.js';
import { ROLES, type Role } from './roles.js';

const action = (p: string) => p.split(':')[1]!;
/** Actions that change state. `export:run` is excluded on purpose: exporting only serialises readable data. */
const WRITE_ACTIONS = ['create', 'update', 'delete', 'manage', 'write', 'submit', 'approve', 'validate', 'run', 'generate', 'invite', 'transition', 'comment', 'anchor', 'designate'];
/** Development-only inspection (`dev:mail`): not `read`, so the auditor's read-everything rule does not grant it. */
const DEV_ACTIONS = ['mail'];
const isWrite = (p: Permission) => p !== Permission.ExportRun && WRITE_ACTIONS.includes(action(p));

describe('permissions', () => {
  it('uses resource:action names, unique', () => {
    for (const p of ALL_PERMISSIONS) expect(p).toMatch(/^[a-z]+:[a-z]+$/);
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
    expect(ALL_PERMISSIONS).toHaveLength(36);
  });

  it('every action is either read-like or a known write', () => {
    for (const p of ALL_PERMISSIONS) {
      expect(['read', 'verify', ...WRITE_ACTIONS, ...DEV_ACTIONS]).toContain(action(p));
    }
  });

  it('every role has SessionRead and NotificationRead', () => {
    for (const r of ROLES) {
      expect(hasPermission(r, Permission.SessionRead)).toBe(true);
      expect(hasPermission(r, Permission.NotificationRead)).toBe(true);
    }
  });

  it('every role has an entry and only catalog permissions, without duplicates', () => {
    for (const r of ROLES) {
      const perms = permissionsOf(r);
      expect(perms.length).toBeGreaterThan(0);
      expect(new Set(perms).size).toBe(perms.length);
      for (const p of perms) expect(ALL_PERMISSIONS).toContain(p);
    }
  });

  it('auditor reads everything, verifies and exports, and writes nothing', () => {
    const perms = permissionsOf('auditor');
    for (const p of ALL_PERMISSIONS.filter((x) => action(x) === 'read')) expect(perms).toContain(p);
    expect(perms).toContain(Permission.AuditVerify);
    expect(perms).toContain(Permission.ExportRun);
    expect(perms.filter(isWrite)).toEqual([]);
    expect(perms).not.toContain(Permission.AuditAnchor);
  });

  it('signing an audit checkpoint belongs to admin and coordinator only', () => {
    expect(ROLES.filter((r) => hasPermission(r, Permission.AuditAnchor)).sort()).toEqual(['admin', 'coordinator']);
  });

  it('admin has everything except the contribution workflow', () => {
    const perms = permissionsOf('admin');
    const missing = ALL_PERMISSIONS.filter((p) => !perms.includes(p));
    expect(missing.sort()).toEqual(
      [
        Permission.ContributionWrite,
        Permission.ContributionSubmit,
        Permission.ContributionApprove,
        Permission.ContributionValidate,
        Permission.ContributionTransition,
        Permission.ContributionComment,
      ].sort(),
    );
    expect(hasPermission('admin', Permission.UserManage)).toBe(true);
  });

  it('each workflow step belongs to exactly one role', () => {
    const holders = (p: Permission) => ROLES.filter((r) => hasPermission(r, p));
    expect(holders(Permission.ContributionWrite)).toEqual(['focal_point']);
    expect(holders(Permission.ContributionSubmit)).toEqual(['focal_point']);
    expect(holders(Permission.ContributionApprove)).toEqual(['validator']);
    expect(holders(Permission.ContributionValidate)).toEqual(['coordinator']);
  });

  it('coordinator cannot manage users or institutions', () => {
    expect(hasPermission('coordinator', Permission.UserManage)).toBe(false);
    expect(hasPermission('coordinator', Permission.InstitutionManage)).toBe(false);
    expect(hasPermission('coordinator', Permission.ImportRun)).toBe(true);
    expect(hasPermission('coordinator', Permission.ReportGenerate)).toBe(true);
  });

  it('institution roles cannot touch recommendations or audit', () => {
    for (const r of ['focal_point', 'validator'] as const) {
      expect(hasPermission(r, Permission.RecommendationUpdate)).toBe(false);
      expect(hasPermission(r, Permission.AuditRead)).toBe(false);
      expect(hasPermission(r, Permission.UserRead)).toBe(false);
    }
  });

  it('reports: the coordinator and the admin write them, the auditor reads them, the institutions see nothing', () => {
    const holders = (p: Permission) => ROLES.filter((r) => hasPermission(r, p));
    expect(holders(Permission.ReportGenerate)).toEqual(['admin', 'coordinator']);
    expect(holders(Permission.ReportRead)).toEqual(['admin', 'coordinator', 'auditor']);
  });

  it('unknown roles get nothing', () => {
    expect(hasPermission('root' as Role, Permission.SessionRead)).toBe(false);
    expect(permissionsOf('toString' as Role)).toEqual([]);
  });

  it('institution scoping', () => {
    expect(INSTITUTION_SCOPED_ROLES).toEqual(['focal_point', 'validator']);
    expect(isInstitutionScoped('focal_point')).toBe(true);
    expect(isInstitutionScoped('validator')).toBe(true);
    expect(isInstitutionScoped('coordinator')).toBe(false);
    expect(isInstitutionScoped('auditor')).toBe(false);
    expect(isInstitutionScoped('admin')).toBe(false);
  });

  it('ROLE_PERMISSIONS is frozen', () => {
    expect(Object.isFrozen(ROLE_PERMISSIONS)).toBe(true);
    expect(Object.isFrozen(ROLE_PERMISSIONS.auditor)).toBe(true);
  });
});
