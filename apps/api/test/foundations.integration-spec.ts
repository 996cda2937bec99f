import request from 'supertest';
import { Permission } from '@sidh/domain';
import { AccessService } from '../src/access/access.service.js';
import { ALL, scopeFor } from '../src/access/scope.js';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { VersionedWriter } from '../src/audit/versioned-writer.js';
import { AppException } from '../src/common/app-exception.js';
import type { AuthUser } from '../src/common/auth-user.js';
import { many, maybeOne, one } from '../src/database/sql.js';
import { prepareDatabase } from '../src/database/prepare.js';
import { updateIfVersion } from '../src/database/versioned-write.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * The shared foundations every feature uses: the access check (docs/security.md#c-access-control),
 * the typed SQL helper, the versioned-write path and the audit writer (docs/security.md#d-input-business-rules-and-concurrency).
 */
describe('foundations: access, typed SQL, versioned writes, audit writer', () => {
  let ctx: TestContext;
  let access: AccessService;
  let justiceId: string;
  let interiorId: string;
  let justiceRecommendation: string;
  let interiorOnlyRecommendation: string;
  let focalJustice: AuthUser;

  beforeAll(async () => {
    ctx = await createTestApp();
    access = ctx.app.get(AccessService);
    const db = ctx.dataSource.manager;
    justiceId = (await one<{ id: string }>(db, `SELECT id FROM institution WHERE code = 'MJ'`)).id;
    interiorId = (await one<{ id: string }>(db, `SELECT id FROM institution WHERE code = 'MI'`)).id;
    justiceRecommendation = (await one<{ recommendationId: string }>(db, `SELECT recommendation_id FROM assignment WHERE institution_id = $1 ORDER BY id LIMIT 1`, [justiceId])).recommendationId;
    interiorOnlyRecommendation = (
      await one<{ recommendationId: string }>(
        db,
        `SELECT a.recommendation_id FROM assignment a WHERE a.institution_id = $1
            AND NOT EXISTS (SELECT 1 FROM assignment b WHERE b.recommendation_id = a.recommendation_id AND b.institution_id = $2) ORDER BY a.id LIMIT 1`,
        [interiorId, justiceId],
      )
    ).recommendationId;
    const user = await one<{ id: string; email: string; name: string; role: AuthUser['role']; institutionId: string; locale: AuthUser['locale'] }>(
      db,
      `SELECT id, email, name, role, institution_id, locale FROM app_user WHERE email = $1`,
      [DEMO.focalJustice],
    );
    focalJustice = { ...user, sessionId: 'test' };
  }, 120_000);
  afterAll(() => ctx?.close());

  describe('typed SQL helper', () => {
    it('returns camelCase keys for snake_case columns and leaves jsonb contents as stored', async () => {
      const row = await one<{ documentSymbol: string; followUpDueDate: string | null; payload: { snake_key: number } }>(
        ctx.dataSource.manager,
        `SELECT document_symbol, follow_up_due_date, '{"snake_key": 1}'::jsonb AS payload FROM recommendation WHERE id = $1`,
        [justiceRecommendation],
      );
      expect(Object.keys(row).sort()).toEqual(['documentSymbol', 'followUpDueDate', 'payload']);
      expect(row.payload).toEqual({ snake_key: 1 });
    });

    it('maybeOne answers undefined and one throws when nothing matches', async () => {
      const db = ctx.dataSource.manager;
      await expect(maybeOne(db, `SELECT 1 AS x WHERE false`)).resolves.toBeUndefined();
      await expect(one(db, `SELECT 1 AS x WHERE false`)).rejects.toThrow('expected one row');
      await expect(many(db, `SELECT 1 AS x WHERE false`)).resolves.toEqual([]);
    });
  });

  describe('scope', () => {
    it('is "all" for the coordinator and the institution for a focal point', () => {
      expect(scopeFor({ role: 'coordinator', institutionId: null })).toBe(ALL);
      expect(scopeFor({ role: 'focal_point', institutionId: justiceId })).toEqual({ kind: 'institution', institutionId: justiceId });
    });

    it('refuses to build a scope for a focal point without institution (never widened to all)', () => {
      expect(() => scopeFor({ role: 'focal_point', institutionId: null })).toThrow();
    });

    it('answers 401 to a focal point whose institution was removed, instead of widening the scope', async () => {
      const token = await ctx.login(DEMO.focalInterior);
      const before = await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${token}`);
      expect(before.status).toBe(200);
      await ctx.dataSource.transaction(async (manager) => {
        const [[{ id }]] = await manager.query(`UPDATE app_user SET institution_id = NULL WHERE email = $1 RETURNING id`, [DEMO.focalInterior]);
        await ctx.app.get(AuditWriter).append(manager, SYSTEM_ACTOR, { action: 'user.update', entityType: 'user', entityId: id, changes: { institutionId: { before: 'MI', after: null } } });
      });
      const after = await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${token}`);
      expect(after.status).toBe(401);
    });
  });

  describe('requireAccess', () => {
    it('lets a focal point reach a recommendation assigned to their institution', async () => {
      await expect(access.requireAccess({ user: focalJustice, permission: Permission.RecommendationRead, entity: 'recommendation', ids: [justiceRecommendation] })).resolves.toEqual({
        kind: 'institution',
        institutionId: justiceId,
      });
    });

    it('answers 404 for a batch holding one id outside the institution, as for an id that does not exist', async () => {
      const outside = access.requireAccess({ user: focalJustice, permission: Permission.RecommendationRead, entity: 'recommendation', ids: [justiceRecommendation, interiorOnlyRecommendation] });
      await expect(outside).rejects.toMatchObject({ status: 404, code: 'common.not_found' });
      const missing = access.requireAccess({ user: focalJustice, permission: Permission.RecommendationRead, entity: 'recommendation', ids: ['00000000-0000-4000-8000-000000000000'] });
      await expect(missing).rejects.toMatchObject({ status: 404, code: 'common.not_found' });
    });

    it('answers 403 when the role lacks the permission, before looking at ids', async () => {
      await expect(access.requireAccess({ user: focalJustice, permission: Permission.ImportRun, entity: 'recommendation', ids: [justiceRecommendation] })).rejects.toMatchObject({ status: 403 });
    });

    it('counts a repeated id once', async () => {
      await expect(access.requireAccess({ user: focalJustice, permission: Permission.RecommendationRead, entity: 'recommendation', ids: [justiceRecommendation, justiceRecommendation] })).resolves.toBeDefined();
    });
  });

  describe('versioned writes', () => {
    const versionOf = async (id: string) => (await one<{ version: number }>(ctx.dataSource.manager, `SELECT version FROM recommendation WHERE id = $1`, [id])).version;

    it('updateIfVersion writes and bumps the version only when the expected version is current', async () => {
      const id = justiceRecommendation;
      const version = await versionOf(id);
      const stale = await ctx.dataSource.transaction(async (manager) => {
        const ok = await updateIfVersion(manager, 'recommendation', id, version - 1, { paragraph: 'stale' });
        return ok;
      });
      expect(stale).toBe(false);
      await ctx.dataSource.transaction(async (manager) => {
        expect(await updateIfVersion(manager, 'recommendation', id, version, { external_code: 'F-1' })).toBe(true);
        await ctx.app.get(AuditWriter).append(manager, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: id, changes: { externalCode: { before: null, after: 'F-1' } } });
      });
      expect(await versionOf(id)).toBe(version + 1);
    });

    it('refuses a column name that is not an identifier', async () => {
      await expect(ctx.dataSource.transaction((manager) => updateIfVersion(manager, 'recommendation', justiceRecommendation, 1, { 'status = status; --': 'x' }))).rejects.toThrow('not an SQL identifier');
    });

    it('VersionedWriter.lock answers 412 with the current record and the last change, and 404 for a missing row', async () => {
      const writer = ctx.app.get(VersionedWriter);
      const id = justiceRecommendation;
      const version = await versionOf(id);
      const target = { table: 'recommendation' as const, entityType: 'recommendation', id, label: 'Recommendation' };
      const error = await ctx.dataSource.transaction((manager) => writer.lock(manager, target, version + 5, async () => ({ id, marker: 'current' }))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppException);
      expect(error).toMatchObject({ status: 412, code: 'concurrency.stale', details: { current: { id, marker: 'current' }, lastChange: { actorRole: 'system' } } });
      const missing = await ctx.dataSource
        .transaction((manager) => writer.lock(manager, { ...target, id: '00000000-0000-4000-8000-000000000000' }, 1, async () => null))
        .catch((e: unknown) => e);
      expect(missing).toMatchObject({ status: 404 });
    });
  });

  describe('audit writer', () => {
    it('appendMany chains the events in the order given, in one statement', async () => {
      const head = Number((await one<{ max: string | null }>(ctx.dataSource.manager, `SELECT max(id)::text AS max FROM audit_event`)).max ?? 0);
      await ctx.dataSource.transaction((manager) =>
        ctx.app.get(AuditWriter).appendMany(manager, SYSTEM_ACTOR, [
          { action: 'test.first', entityType: 'test', entityId: 'a' },
          { action: 'test.second', entityType: 'test', entityId: 'b', changes: { n: 2 } },
        ]),
      );
      const rows = await many<{ action: string; entityId: string; changes: Record<string, unknown> }>(ctx.dataSource.manager, `SELECT action, entity_id, changes FROM audit_event WHERE id > $1 ORDER BY id`, [head]);
      expect(rows).toEqual([
        { action: 'test.first', entityId: 'a', changes: {} },
        { action: 'test.second', entityId: 'b', changes: { n: 2 } },
      ]);
      const verify = await request(ctx.http).get('/api/v1/audit/verify').set('Authorization', `Bearer ${await ctx.login(DEMO.auditor)}`);
      expect(verify.body.intact).toBe(true);
    });
  });

  describe('seeding', () => {
    it('a restart (migrations and seeds run again) writes no audit event when nothing changed', async () => {
      const before = await one<{ n: number }>(ctx.dataSource.manager, `SELECT count(*)::int AS n FROM audit_event`);
      await prepareDatabase(ctx.dataSource, { seedReference: true, seedDemo: true });
      await prepareDatabase(ctx.dataSource, { seedReference: true, seedDemo: true });
      const after = await one<{ n: number }>(ctx.dataSource.manager, `SELECT count(*)::int AS n FROM audit_event`);
      expect(after.n).toBe(before.n);
    });
  });

  describe('If-Match', () => {
    it('a bad body or id answers 400 before a missing If-Match answers 428 (validation first)', async () => {
      const token = await ctx.login(DEMO.coordinator);
      const auth = { Authorization: `Bearer ${token}` };
      const badBody = await request(ctx.http).patch(`/api/v1/recommendations/${justiceRecommendation}`).set(auth).send({ status: 'bogus' });
      expect(badBody.status).toBe(400);
      const badId = await request(ctx.http).patch('/api/v1/recommendations/not-a-uuid').set(auth).send({ status: 'in_progress' });
      expect(badId.status).toBe(400);
      const missing = await request(ctx.http).patch(`/api/v1/recommendations/${justiceRecommendation}`).set(auth).send({ status: 'in_progress' });
      expect(missing.status).toBe(428);
      const weak = await request(ctx.http).patch(`/api/v1/recommendations/${justiceRecommendation}`).set(auth).set('If-Match', 'W/"1"').send({ status: 'in_progress' });
      expect(weak.status).toBe(412);
    });
  });

  describe('resource headers', () => {
    it('a versioned resource goes out with its strong ETag, set by the interceptor', async () => {
      const token = await ctx.login(DEMO.coordinator);
      const res = await request(ctx.http).get(`/api/v1/recommendations/${justiceRecommendation}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe(`"${res.body.version}"`);
    });

    it('a list (no version) carries no ETag', async () => {
      const token = await ctx.login(DEMO.coordinator);
      const res = await request(ctx.http).get('/api/v1/recommendations?pageSize=1').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBeUndefined();
    });
  });
});
