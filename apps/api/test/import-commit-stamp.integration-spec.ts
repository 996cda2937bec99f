import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { many, one } from '../src/database/sql.js';
import { ImportsRepository } from '../src/modules/imports/imports.repository.js';
import { importFactory, type ImportRow } from './factories/import.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * The commit reuses the upload's comparison when the catalogue's change stamp has not moved since
 * the upload read it, and compares again with the stored recommendations when it has: another
 * import, or an edit, committed in between.
 */
describe('import: the commit compares again only when the catalogue changed since the upload', () => {
  let ctx: TestContext;
  let factory: ReturnType<typeof importFactory>;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    factory = importFactory(ctx);
  }, 120_000);
  afterAll(() => ctx?.close());

  const stored = (code: string) => one<{ id: string; version: number; textFr: string }>(ctx.dataSource, `SELECT id, version, text_fr FROM recommendation WHERE external_code = $1`, [code]);

  /**
   * Imports `rows`, running `between` once after the upload compared and before the commit starts
   * (when the job row is written); counts the readings of the candidates.
   */
  async function importWith(rows: ImportRow[], between: () => Promise<unknown>) {
    const repository = ctx.app.get(ImportsRepository);
    const insertJob = repository.insertJob.bind(repository);
    const loadCandidates = repository.loadCandidates.bind(repository);
    let pending = true;
    let reads = 0;
    Object.assign(repository, {
      insertJob: async (...args: Parameters<ImportsRepository['insertJob']>) => {
        if (pending) {
          pending = false;
          reads = 0;
          await between();
        }
        return insertJob(...args);
      },
      loadCandidates: (...args: Parameters<ImportsRepository['loadCandidates']>) => {
        reads++;
        return loadCandidates(...args);
      },
    });
    try {
      const job = await factory.newImport({ rows, onProgress: () => undefined });
      return { job, readsInCommit: reads };
    } finally {
      Reflect.deleteProperty(repository, 'insertJob');
      Reflect.deleteProperty(repository, 'loadCandidates');
    }
  }

  it('nothing committed since the upload compared: the commit writes what the upload compared, without reading the candidates again', async () => {
    const [row] = factory.rows(1);
    await factory.newImport({ rows: [row!] });
    const { job, readsInCommit } = await importWith([{ ...row!, textFr: 'Texte révisé' }], async () => undefined);
    expect(job).toMatchObject({ status: 'succeeded', counts: { new: 0, updated: 1, unchanged: 0 } });
    expect(readsInCommit).toBe(0);
    expect(await stored(row!.code)).toMatchObject({ version: 2, textFr: 'Texte révisé' });
  });

  it('a recommendation edited after the upload compared: the commit compares again and finds it already as the file says', async () => {
    const [row] = factory.rows(1);
    await factory.newImport({ rows: [row!] });
    const { id } = await stored(row!.code);
    const edit = () =>
      ctx.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE recommendation SET text_fr = 'Texte révisé', version = version + 1 WHERE id = $1`, [id]);
        await ctx.app.get(AuditWriter).append(manager, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: id });
      });
    const { job, readsInCommit } = await importWith([{ ...row!, textFr: 'Texte révisé' }], edit);
    // With the upload's comparison, the commit would have updated version 1, now 2: 412.
    expect(readsInCommit).toBe(1);
    expect(job).toMatchObject({ status: 'succeeded', counts: { new: 0, updated: 0, unchanged: 1 } });
    expect(await stored(row!.code)).toMatchObject({ version: 2, textFr: 'Texte révisé' });
  });

  it('another import created the same recommendations after the upload compared: the commit finds them, nothing is created twice', async () => {
    const rows = factory.rows(2);
    const { job } = await importWith(rows, () => factory.newImport({ rows }));
    expect(job).toMatchObject({ status: 'succeeded', counts: { new: 0, updated: 0, unchanged: 2 } });
    const created = await many<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM recommendation WHERE external_code = ANY($1)`, [rows.map((r) => r.code)]);
    expect(created[0]!.n).toBe(2);
  });
});
