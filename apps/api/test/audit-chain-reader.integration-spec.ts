import { jest } from '@jest/globals';
import { AuditChainService } from '../src/audit/audit-chain.service.js';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { ChainVerdictPool, useChainVerdictWorkerScript } from '../src/audit/chain-verdict-pool.js';
import { ChainVerifier, type ChainEventRow } from '../src/audit/chain.js';
import { auditMacKey } from '../src/audit/audit-keys.js';
import { bundleChainVerdictWorker } from './chain-verdict-worker.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * The chain as the verifier reads it (docs/decisions/0007-audit-verification-speed.md): on a server
 * with `COPY … TO STDOUT`, lines split by the API; on the embedded engine as rows. Both must give
 * every stored byte back, hostile values included, and the same verdict, with or without the
 * verdict workers.
 */
describe('audit chain reader: COPY text and rows give the same events and verdicts', () => {
  let ctx: TestContext;
  let repo: AuditRepository;

  /** Every escape COPY writes, backslashes before them, `\N` as text, a lone trailing backslash, right-to-left text, emoji. */
  const hostile = ['tab\there', 'new\nline', 'cr\r', 'bs\b ff\f vt\v', 'back\\slash', '\\', '\\N', 'ends with \\', '\\t \\x41 \\101', 'تقرير المقرر الخاص', 'emoji 😀👩🏽‍⚖️', '"quoted" \u0001'];

  beforeAll(async () => {
    useChainVerdictWorkerScript(bundleChainVerdictWorker());
    ctx = await createTestApp({ seedDemo: false });
    repo = ctx.app.get(AuditRepository);
    const writer = ctx.app.get(AuditWriter);
    await ctx.dataSource.transaction((m) =>
      writer.appendMany(
        m,
        SYSTEM_ACTOR,
        hostile.map((h, i) => ({ action: 'reader.test', entityType: 'recommendation', entityId: `${h}-${i}`, changes: { [h]: { before: h, after: [h, i, null] }, note: h } })),
      ),
    );
  });
  afterAll(async () => {
    await ctx?.close();
    useChainVerdictWorkerScript(null);
  });

  const readAll = async (reader?: 'copy' | 'rows', batch?: number) => {
    const rows: ChainEventRow[] = [];
    for await (const batchRows of repo.chainRows({ reader, batch })) rows.push(...batchRows);
    return rows;
  };
  const inlineVerdict = async () => {
    const verifier = new ChainVerifier(auditMacKey(ctx.config));
    for await (const rows of repo.chainRows({ reader: 'rows' })) verifier.add(rows);
    return verifier.result();
  };

  it('reads with COPY on a server and as rows on the embedded engine', () => {
    expect(repo.chainReader()).toBe(ctx.engine === 'server' ? 'copy' : 'rows');
  });

  it('gives back every stored value byte for byte, hostile ones included', async () => {
    const rows = await readAll();
    const stored: { id: string; entity_id: string; changes: string }[] = await ctx.dataSource.query(`SELECT e.id::text, e.entity_id, e.changes::text FROM audit_event e ORDER BY e.id`);
    expect(rows.map((r) => [r.id, r.entityId, r.changes])).toEqual(stored.map((r) => [r.id, r.entity_id, r.changes]));
    for (const [i, h] of hostile.entries()) expect(rows.some((r) => r.entityId === `${h}-${i}`)).toBe(true);
    if (ctx.engine === 'server') {
      // COPY and pg's row parser agree on every field of every event, in small COPY statements too.
      expect(await readAll('copy')).toEqual(await readAll('rows'));
      expect(await readAll('copy', 3)).toEqual(rows);
    }
  });

  it('a stopped walk gives its connection back (or closes it) and the next walk reads everything', async () => {
    for await (const rows of repo.chainRows()) {
      expect(rows.length).toBeGreaterThan(0);
      break;
    }
    expect((await readAll()).length).toBe(Number(await repo.headId()));
  });

  it('verifies intact, and names the same edited hostile event as the one-thread walk', async () => {
    const service = ctx.app.get(AuditChainService);
    const pooled = jest.spyOn(ChainVerdictPool.prototype, 'verdicts');
    const intact = await service.verify();
    // COPY text goes to the verdict workers; rows (embedded engine) are checked on the request's thread.
    if (ctx.engine === 'server') expect(pooled).toHaveBeenCalled();
    else expect(pooled).not.toHaveBeenCalled();
    pooled.mockRestore();
    expect(intact).toEqual(await inlineVerdict());
    expect(intact).toMatchObject({ firstBrokenEventId: null, eventsChecked: Number(await repo.headId()) });
    const [{ id }] = await ctx.dataSource.query(`SELECT id::text FROM audit_event WHERE action = 'reader.test' ORDER BY id LIMIT 1 OFFSET 4`);
    await ctx.dataSource.transaction(async (m) => {
      await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`);
      await m.query(`UPDATE audit_event SET entity_id = entity_id || E'\\\\\\t' WHERE id = $1`, [id]);
      await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change`);
    });
    const broken = await service.verify();
    expect(broken).toMatchObject({ firstBrokenEventId: id, reason: 'hash' });
    expect(broken).toEqual(await inlineVerdict());
  });
});
