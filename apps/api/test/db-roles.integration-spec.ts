import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource, type EntityManager } from 'typeorm';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { buildDataSourceOptions } from '../src/database/data-source.js';
import { prepareDatabase } from '../src/database/prepare.js';
import { grantAppPrivileges, leastPrivilegeProblems, migrateAsOwner, roleOf } from '../src/database/roles.js';
import { DEMO, TestDatabase, TEST_JWT_SECRET } from './harness.js';

/**
 * Least privilege (docs/deployment.md#database-roles, issue 8 item 3): the API's role can read and
 * write rows, and cannot disable triggers, replace functions, truncate, or rewrite audit events.
 */
describe('database roles: the API role has only the data rights it needs', () => {
  let db: TestDatabase;
  let owner: DataSource;
  const appRole = `sidh_app_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    db = await TestDatabase.create();
    owner = new DataSource(buildDataSourceOptions({ url: db.url, poolSize: 1, statementTimeoutMs: 15000, embedded: db.engine === 'embedded' }));
    await owner.initialize();
    await owner.runMigrations({ transaction: 'each' });
    await owner.query(`CREATE ROLE ${appRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
    await grantAppPrivileges(owner.manager, appRole);
  }, 120_000);
  afterAll(async () => {
    await owner?.query(`DROP OWNED BY ${appRole}`).catch(() => undefined);
    await owner?.destroy();
    await db?.drop();
    if (db?.engine === 'server') {
      const admin = new DataSource(buildDataSourceOptions({ url: process.env['TEST_DATABASE_URL']!, poolSize: 1, statementTimeoutMs: 15000 }));
      await admin.initialize();
      await admin.query(`DROP ROLE IF EXISTS ${appRole}`);
      await admin.destroy();
    }
  });

  /** Runs `fn` as the API role (SET LOCAL ROLE drops the superuser's rights for the transaction). */
  const asAppRole = <T>(fn: (m: EntityManager) => Promise<T>): Promise<T> =>
    owner.transaction(async (m) => {
      await m.query(`SET LOCAL ROLE ${appRole}`);
      return fn(m);
    });

  it('the owner (a superuser here) is reported as not least-privilege', async () => {
    const problems = await leastPrivilegeProblems(owner.manager);
    expect(problems.join(' ')).toMatch(/superuser/);
  });

  it('the API role passes the start-up check', async () => {
    expect(await asAppRole((m) => leastPrivilegeProblems(m))).toEqual([]);
  });

  it('the API role reads and writes rows', async () => {
    await asAppRole(async (m) => {
      await m.query(`SELECT count(*) FROM recommendation`);
      await m.query(`INSERT INTO audit_event (action, entity_type) VALUES ('test.probe', 'test')`);
    });
  });

  it.each([
    ['disable a trigger', `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`],
    ['replace the hash function', `CREATE OR REPLACE FUNCTION audit_event_hash(e audit_event) RETURNS varchar LANGUAGE sql AS $fn$ SELECT e.hash $fn$`],
    ['create a function in public', `CREATE FUNCTION sidh_probe() RETURNS int LANGUAGE sql AS $fn$ SELECT 1 $fn$`],
    ['truncate a business table', `TRUNCATE recommendation_theme`],
    ['truncate the audit trail', `TRUNCATE audit_event`],
    ['switch triggers off (replica role)', `SET session_replication_role = replica`],
    ['update an audit event (no privilege, before any trigger)', `UPDATE audit_event SET action = 'x' WHERE id = 1`],
    ['delete an audit event', `DELETE FROM audit_event WHERE id = 1`],
    ['drop a table', `DROP TABLE recommendation_theme`],
    ['create a table', `CREATE TABLE probe (id int)`],
    ['mark a migration applied', `INSERT INTO schema_migration (timestamp, name) VALUES (1, 'Forged1')`],
  ])('the API role cannot %s', async (_, sql) => {
    await expect(asAppRole((m) => m.query(sql))).rejects.toThrow(/permission denied|must be owner|must be superuser|not allowed to set parameter/);
  });

  const serverOnly = process.env['TEST_DATABASE_URL'] ? describe : describe.skip;
  serverOnly('two roles end to end (server PostgreSQL: PGlite has one session user; skipped without TEST_DATABASE_URL)', () => {
    it('the owner migrates and grants; the API runs as the API role: sign-in, a versioned write and an intact audit chain', async () => {
      const fresh = await TestDatabase.create();
      const appUrl = new URL(fresh.url);
      appUrl.username = appRole;
      try {
        expect(roleOf(appUrl.toString())).toBe(appRole);
        await migrateAsOwner(fresh.url, appUrl.toString(), 15000);
        const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_SEED: 'false' });
        const app = await createApp({ config, databaseUrl: appUrl.toString(), poolSize: 4, bufferLogs: false });
        await app.init();
        try {
          const ds = app.get(DataSource);
          expect(await leastPrivilegeProblems(ds.manager)).toEqual([]);
          await prepareDatabase(ds, { seedReference: true, seedDemo: true, migrate: false });
          const login = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: DEMO.coordinator, password: 'demo-password' });
          expect(login.status).toBe(200);
          const auth = { Authorization: `Bearer ${login.body.accessToken}` };
          const [{ id }] = await ds.query(`SELECT id FROM recommendation ORDER BY id LIMIT 1`);
          const current = await request(app.getHttpServer()).get(`/api/v1/recommendations/${id}`).set(auth);
          const patched = await request(app.getHttpServer()).patch(`/api/v1/recommendations/${id}`).set(auth).set('If-Match', current.headers['etag']!).send({ status: 'in_progress' });
          expect(patched.status).toBe(200);
          const auditor = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: DEMO.auditor, password: 'demo-password' });
          const verify = await request(app.getHttpServer()).get('/api/v1/audit/verify').set({ Authorization: `Bearer ${auditor.body.accessToken}` });
          expect(verify.body).toMatchObject({ intact: true });
        } finally {
          await app.close();
        }
      } finally {
        await fresh.drop();
      }
    }, 180_000);
  });
});
