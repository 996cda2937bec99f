import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source.js';
import { execute, many, one, type Queryable } from './sql.js';

/**
 * Least privilege (docs/deployment.md#database-roles): migrations run as an owner role; the API
 * runs as a role that can read and write rows and nothing else — it cannot alter tables, disable
 * triggers, replace functions, truncate, or update and delete audit events (chained or pending).
 */

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The role a connection URL signs in as (the URL's user name). */
export function roleOf(url: string): string {
  const name = decodeURIComponent(new URL(url).username);
  if (!ROLE_NAME.test(name)) throw new Error('the database role name must be lower-case letters, digits and underscores');
  return name;
}

/** What the connected role can do that the API's role must not, as short descriptions; empty when least privilege holds. */
export async function leastPrivilegeProblems(db: Queryable): Promise<string[]> {
  const role = await one<{ name: string; superuser: boolean; bypassRls: boolean; createRole: boolean; createDb: boolean; createInPublic: boolean }>(
    db,
    `SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass_rls, r.rolcreaterole AS create_role, r.rolcreatedb AS create_db,
            has_schema_privilege(current_user, 'public', 'CREATE') AS create_in_public
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const owned = await many<{ kind: string; name: string }>(
    db,
    `SELECT 'table' AS kind, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')
     UNION ALL
     SELECT 'function', p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND pg_has_role(current_user, p.proowner, 'USAGE')
     LIMIT 5`,
  );
  const auditRights = await one<{ update: boolean; delete: boolean; truncate: boolean; pending: boolean }>(
    db,
    `SELECT coalesce(has_table_privilege(to_regclass('public.audit_event'), 'UPDATE'), false) AS update,
            coalesce(has_table_privilege(to_regclass('public.audit_event'), 'DELETE'), false) AS delete,
            coalesce(has_table_privilege(to_regclass('public.audit_event'), 'TRUNCATE'), false) AS truncate,
            coalesce(has_table_privilege(to_regclass('public.audit_event_pending'), 'UPDATE, DELETE, TRUNCATE'), false) AS pending`,
  );
  const problems: string[] = [];
  if (role.superuser) problems.push(`role ${role.name} is a superuser`);
  if (role.bypassRls) problems.push(`role ${role.name} bypasses row-level security`);
  if (role.createRole || role.createDb) problems.push(`role ${role.name} can create roles or databases`);
  if (role.createInPublic) problems.push(`role ${role.name} can create objects in schema public`);
  for (const o of owned) problems.push(`role ${role.name} owns ${o.kind} ${o.name} (it could alter it, disable its triggers or replace it)`);
  if (auditRights.update || auditRights.delete || auditRights.truncate) problems.push(`role ${role.name} may update, delete or truncate audit_event`);
  // Pending events (chained at commit) leave the table only through the owner's move.
  if (auditRights.pending) problems.push(`role ${role.name} may update, delete or truncate audit_event_pending`);
  return problems;
}

/**
 * As the owner: the API role may use the schema and read and write every table, but not update,
 * delete or truncate audit events, chained or pending; nobody but the owner creates objects in `public`. The API role
 * may create schemas in the database: pg-boss keeps its job queue in its own schema `pgboss`, which
 * it creates and migrates itself (PostgreSQL checks the database's CREATE right even for
 * `CREATE SCHEMA IF NOT EXISTS`); nothing there is audited data.
 */
export async function grantAppPrivileges(owner: Queryable, appRole: string): Promise<void> {
  if (!ROLE_NAME.test(appRole)) throw new Error('invalid role name');
  const role = `"${appRole}"`;
  await execute(owner, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await execute(owner, `GRANT USAGE ON SCHEMA public TO ${role}`);
  await execute(owner, `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await execute(owner, `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`);
  await execute(owner, `REVOKE UPDATE, DELETE ON audit_event, audit_event_pending, schema_migration FROM ${role}`);
  await execute(owner, `REVOKE INSERT ON schema_migration FROM ${role}`);
  await execute(owner, `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  const { database } = await one<{ database: string }>(owner, `SELECT current_database() AS database`);
  await execute(owner, `GRANT CREATE ON DATABASE "${database.replace(/"/g, '""')}" TO ${role}`);
}

/**
 * The start-up step of a deployment with two roles: as the owner (`ownerUrl`), apply the
 * migrations and grant the API role (`appUrl`'s user) its rights. Idempotent.
 */
export async function migrateAsOwner(ownerUrl: string, appUrl: string, statementTimeoutMs: number): Promise<string[]> {
  const owner = new DataSource(buildDataSourceOptions({ url: ownerUrl, poolSize: 1, statementTimeoutMs, applicationName: 'sidh-migrate' }));
  await owner.initialize();
  try {
    const applied = await owner.runMigrations({ transaction: 'each' });
    await grantAppPrivileges(owner.manager, roleOf(appUrl));
    return applied.map((m) => m.name);
  } finally {
    await owner.destroy();
  }
}
