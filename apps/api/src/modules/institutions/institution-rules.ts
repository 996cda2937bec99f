import { emailDomainAllowed } from '@sidh/domain';
import { many, type Queryable } from '../../database/sql.js';
import { InstitutionErrors } from './institutions.errors.js';

/**
 * The institution rules other features apply in their own transactions (assignments, campaigns,
 * invitations): plain functions over the caller's connection, so they need no injection.
 */

/**
 * 409 `institution.inactive` when one of the institutions exists but is deactivated (or merged);
 * unknown ids are left to the caller (each feature names its own field). Reads the rows `FOR SHARE`,
 * so a concurrent deactivation or merge waits for the caller's commit (or the caller waits for it).
 */
export async function requireActiveInstitutions(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const inactive = await many<{ id: string }>(db, `SELECT id FROM institution WHERE id = ANY($1::uuid[]) AND NOT active ORDER BY id FOR SHARE`, [[...new Set(ids)]]);
  if (inactive.length) throw InstitutionErrors.inactive(inactive.map((r) => r.id));
}

/**
 * An invitation to an institution: 409 when the institution is deactivated, 422
 * `institution.email_domain` when it sets e-mail domains and the address is outside them.
 */
export async function requireInvitableAddress(db: Queryable, institutionId: string, email: string): Promise<void> {
  const [row] = await many<{ active: boolean; emailDomains: string[] }>(db, `SELECT active, email_domains FROM institution WHERE id = $1 FOR SHARE`, [institutionId]);
  if (!row) return;
  if (!row.active) throw InstitutionErrors.inactive([institutionId]);
  if (!emailDomainAllowed(email, row.emailDomains)) throw InstitutionErrors.emailDomain(row.emailDomains);
}
