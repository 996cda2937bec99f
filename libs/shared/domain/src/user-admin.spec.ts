import { ROLES, type Role } from './roles.js';
import { canManageRole, grantableRoles, managesUsers, removesAdmin, userChangeRefusal, USER_ADMIN_RULES } from './user-admin.js';

const target = (role: Role, extra: Partial<{ id: string; institutionId: string | null; active: boolean }> = {}) => ({
  id: 't',
  role,
  institutionId: role === 'focal_point' || role === 'validator' ? 'inst-a' : null,
  active: true,
  ...extra,
});

describe('user administration rules', () => {
  it('has a row for every role, and only the admin and the coordinator manage accounts', () => {
    expect(Object.keys(USER_ADMIN_RULES).sort()).toEqual([...ROLES].sort());
    expect(ROLES.filter(managesUsers)).toEqual(['admin', 'coordinator']);
  });

  it('the coordinator manages and grants only focal points and validators', () => {
    expect(ROLES.filter((r) => canManageRole('coordinator', r))).toEqual(['validator', 'focal_point']);
    expect([...grantableRoles('coordinator')].sort()).toEqual(['focal_point', 'validator']);
    expect(userChangeRefusal({ id: 'c', role: 'coordinator' }, target('admin'), { active: false })).toBe('user.not_manageable');
    expect(userChangeRefusal({ id: 'c', role: 'coordinator' }, target('validator'), { role: 'admin' })).toBe('user.role_not_grantable');
    expect(userChangeRefusal({ id: 'c', role: 'coordinator' }, target('validator'), { role: 'focal_point', institutionId: 'inst-b' })).toBeNull();
  });

  it('nobody changes their own role, institution or activation; values equal to the current ones are no change', () => {
    const me = { id: 't', role: 'admin' as Role };
    expect(userChangeRefusal(me, target('admin'), { role: 'auditor' })).toBe('user.self_change');
    expect(userChangeRefusal(me, target('admin'), { active: false })).toBe('user.self_change');
    expect(userChangeRefusal(me, target('admin'), { role: 'admin', active: true, institutionId: null, other: true })).toBeNull();
  });

  it('an unknown or unprivileged role manages nothing', () => {
    expect(userChangeRefusal({ id: 'x', role: 'auditor' }, target('focal_point'), { active: false })).toBe('user.not_manageable');
    expect(canManageRole('nobody' as Role, 'focal_point')).toBe(false);
    expect(grantableRoles('nobody' as Role)).toEqual([]);
  });

  it('removesAdmin: demoting or deactivating an active administrator', () => {
    expect(removesAdmin({ role: 'admin', active: true }, { role: 'auditor', active: true })).toBe(true);
    expect(removesAdmin({ role: 'admin', active: true }, { role: 'admin', active: false })).toBe(true);
    expect(removesAdmin({ role: 'admin', active: true }, { role: 'admin', active: true })).toBe(false);
    expect(removesAdmin({ role: 'admin', active: false }, { role: 'auditor', active: false })).toBe(false);
    expect(removesAdmin({ role: 'coordinator', active: true }, { role: 'coordinator', active: false })).toBe(false);
  });
});
