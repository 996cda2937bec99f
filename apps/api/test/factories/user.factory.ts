import { randomBytes } from 'node:crypto';
import { isInstitutionScoped } from '@sidh/domain';
import { AuditWriter, SYSTEM_ACTOR } from '../../src/audit/audit.writer.js';
import { hashPassword } from '../../src/auth/password.js';
import { diff } from '../../src/common/concurrency.js';
import { InstitutionsRepository, type InstitutionRow, type NewInstitution } from '../../src/modules/institutions/institutions.repository.js';
import { UsersRepository, type NewUser, type UserRow } from '../../src/modules/users/users.repository.js';
import type { TestContext } from '../harness.js';

/** The password of every account the factory creates (unless overridden). */
export const FACTORY_PASSWORD = 'factory-password-0123';

export type UserOverrides = Partial<Omit<NewUser, 'passwordHash'>> & {
  /** Plain password; `null` creates an account that cannot sign in. */
  password?: string | null;
};

/** A created account and the password it signs in with. */
export interface FactoryUser extends UserRow {
  password: string | null;
}

/**
 * Institutions and user accounts, persisted through the real repositories and audited in the same
 * transaction as the API does (`institution.create`, `user.create` by the system actor). Every
 * record gets unique values, so tests do not depend on the demo dataset or on each other.
 */
export function userFactory(ctx: TestContext) {
  const institutions = ctx.app.get(InstitutionsRepository);
  const users = ctx.app.get(UsersRepository);
  const audit = ctx.app.get(AuditWriter);
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (password: string) => {
    if (!hashes.has(password)) hashes.set(password, hashPassword(password));
    return hashes.get(password)!;
  };
  const unique = () => randomBytes(5).toString('hex');

  async function newInstitution(overrides: Partial<NewInstitution> = {}): Promise<InstitutionRow> {
    const tag = unique();
    const input: NewInstitution = {
      code: `T-${tag.toUpperCase()}`,
      type: 'ministry',
      nameFr: `Institution ${tag}`,
      nameAr: `مؤسسة ${tag}`,
      nameEn: `Institution ${tag}`,
      ...overrides,
    };
    return ctx.dataSource.transaction(async (manager) => {
      const row = await institutions.insert(manager, input);
      const changes = diff({}, { code: row.code, type: row.type, name_fr: row.nameFr, name_ar: row.nameAr, name_en: row.nameEn });
      await audit.append(manager, SYSTEM_ACTOR, { action: 'institution.create', entityType: 'institution', entityId: row.id, changes });
      return row;
    });
  }

  /**
   * An active account that can sign in with `FACTORY_PASSWORD`. Focal points and validators get a
   * new institution of their own unless `institutionId` is given.
   */
  async function newUser(overrides: UserOverrides = {}): Promise<FactoryUser> {
    const { password = FACTORY_PASSWORD, ...fields } = overrides;
    const role = fields.role ?? 'focal_point';
    const institutionId = fields.institutionId !== undefined ? fields.institutionId : isInstitutionScoped(role) ? (await newInstitution()).id : null;
    const tag = unique();
    const input: NewUser = {
      email: `user-${tag}@factory.test`,
      name: `User ${tag}`,
      locale: 'fr',
      active: true,
      focalPointKind: role === 'focal_point' ? 'main' : null,
      ...fields,
      role,
      institutionId,
      passwordHash: password === null ? null : await hashOf(password),
    };
    const row = await ctx.dataSource.transaction(async (manager) => {
      const created = await users.insert(manager, input);
      const changes = diff({}, { email: created.email, role: created.role, institution_id: created.institutionId });
      await audit.append(manager, SYSTEM_ACTOR, { action: 'user.create', entityType: 'user', entityId: created.id, changes });
      return created;
    });
    return { ...row, password };
  }

  /** Signs the account in; its access token. */
  async function login(user: Pick<FactoryUser, 'email' | 'password'>): Promise<string> {
    if (user.password === null) throw new Error(`${user.email} has no password`);
    return ctx.login(user.email, user.password);
  }

  return { newInstitution, newUser, login };
}
