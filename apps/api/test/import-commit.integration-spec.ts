import request from 'supertest';
import { many, one } from '../src/database/sql.js';
import { AuditChainService } from '../src/audit/audit-chain.service.js';
import { AppException } from '../src/common/app-exception.js';
import { ImportsRepository } from '../src/modules/imports/imports.repository.js';
import { importFactory } from './factories/import.factory.js';
import { userFactory } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';
import { counts } from './import-helpers.js';

interface StoredRecommendation {
  id: string;
  version: number;
  textFr: string | null;
}

interface StoredEvent {
  action: string;
  entityId: string;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/**
 * What a commit writes: recommendations, their import links and one audit event each, all in one
 * transaction; a recommendation changed during the commit fails it whole with 412.
 */
describe('import: the commit', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof importFactory>;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    factory = importFactory(ctx);
  }, 120_000);
  afterAll(() => ctx?.close());

  const recommendation = (code: string) =>
    one<StoredRecommendation>(ctx.dataSource, `SELECT id, version, text_fr FROM recommendation WHERE external_code = $1`, [code]);
  const events = (entityId: string) =>
    many<StoredEvent>(ctx.dataSource, `SELECT action, entity_id, changes FROM audit_event WHERE entity_id = $1 ORDER BY id`, [entityId]);

  it('creates each recommendation with one recommendation.create event naming the import', async () => {
    const rows = factory.rows(2);
    const job = await factory.newImport({ rows });
    expect(job).toMatchObject({ status: 'succeeded', dryRun: false, totalRows: 2, processedRows: 2, counts: { new: 2, updated: 0, unchanged: 0, rejected: 0, merged: 0 } });
    const created = await recommendation(rows[0]!.code);
    expect(created).toMatchObject({ version: 1, textFr: rows[0]!.textFr });
    const [event] = await events(created.id);
    expect(event).toMatchObject({ action: 'recommendation.create', changes: { externalCode: { before: null, after: rows[0]!.code }, importId: { before: null, after: job.id } } });
    const links = await many<{ action: string }>(ctx.dataSource, `SELECT action FROM import_recommendation WHERE import_id = $1`, [job.id]);
    expect(links.map((l) => l.action)).toEqual(['created', 'created']);
  });

  it('a changed text updates the recommendation: version + 1, one recommendation.update event with before and after', async () => {
    const [row] = factory.rows(1);
    await factory.newImport({ rows: [row!] });
    const job = await factory.newImport({ rows: [{ ...row!, textFr: 'Texte révisé' }] });
    expect(job.counts).toMatchObject({ new: 0, updated: 1, unchanged: 0 });
    expect(job.report.changes).toEqual([expect.objectContaining({ action: 'updated', fields: ['textFr'] })]);
    const updated = await recommendation(row!.code);
    expect(updated).toMatchObject({ version: 2, textFr: 'Texte révisé' });
    expect((await events(updated.id)).map((e) => e.action)).toEqual(['recommendation.create', 'recommendation.update']);
    expect((await events(updated.id))[1]!.changes).toEqual({ textFr: { before: row!.textFr, after: 'Texte révisé' }, importId: { before: null, after: job.id } });
  });

  it('re-importing the same rows leaves everything unchanged and writes no audit event', async () => {
    const rows = factory.rows(2);
    await factory.newImport({ rows });
    const before = await counts(ctx);
    const again = await factory.newImport({ rows });
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
    expect(again.report.changes).toEqual([]);
    expect(await counts(ctx)).toEqual(before);
  });

  it('the events of a commit carry their MAC: the audit chain still verifies', async () => {
    await factory.newImport();
    const unsigned = await one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM audit_event WHERE mac IS NULL`);
    expect(unsigned.n).toBe(0);
    expect(await ctx.app.get(AuditChainService).verify()).toMatchObject({ firstBrokenEventId: null, reason: null });
  });

  it('a dry run writes only its job record', async () => {
    const before = await counts(ctx);
    const job = await factory.newImport({ dryRun: true });
    expect(job).toMatchObject({ status: 'succeeded', dryRun: true, counts: { new: 2 } });
    expect(await counts(ctx)).toEqual(before);
  });

  it('a recommendation changed during the commit → 412 concurrency.stale, the job fails and nothing is written', async () => {
    const [row] = factory.rows(1);
    await factory.newImport({ rows: [row!] });
    const stored = await recommendation(row!.code);
    // The commit compares with a version that is no longer the stored one: another write got in between.
    const repository = ctx.app.get(ImportsRepository);
    const load = repository.loadCandidates.bind(repository);
    Object.assign(repository, {
      loadCandidates: async (...args: Parameters<ImportsRepository['loadCandidates']>) => (await load(...args)).map((r) => ({ ...r, version: r.version - 1 })),
    });
    const before = await counts(ctx);
    try {
      const failed = factory.newImport({ rows: [{ ...row!, textFr: 'Changé pendant l’import' }], onProgress: () => undefined });
      await expect(failed).rejects.toBeInstanceOf(AppException);
      await expect(failed).rejects.toMatchObject({ status: 412, code: 'concurrency.stale' });
    } finally {
      Reflect.deleteProperty(repository, 'loadCandidates');
    }
    expect(await counts(ctx)).toEqual(before);
    expect(await recommendation(row!.code)).toEqual(stored);

    const users = userFactory(ctx);
    const token = await users.login(await users.newUser({ role: 'coordinator' }));
    const list = await request(ctx.http).get('/api/v1/imports').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(200);
    const job = await request(ctx.http).get(`/api/v1/imports/${list.body.items[0].id}`).set('Authorization', `Bearer ${token}`);
    expect(job.body).toMatchObject({ status: 'failed', error: { code: 'concurrency.stale', message: expect.stringContaining('nothing was written') } });
  });
});
