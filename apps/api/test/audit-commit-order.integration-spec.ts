import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { buildDataSourceOptions } from '../src/database/data-source.js';
import { grantAppPrivileges, leastPrivilegeProblems } from '../src/database/roles.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * Audit events chained at commit (issue 14, docs/decisions/0012-audit-commit-order.md): the
 * application writes its events into `audit_event_pending` without any lock; the commit moves them
 * into `audit_event` under the chain's lock. Concurrent writers, some rolling back, never fork or
 * gap the chain; a rolled-back transaction leaves nothing; pending rows are the owner's to move
 * only; a business change without its event still fails, whichever was written first.
 */
describe('audit events chained at commit', () => {
  let ctx: TestContext;
  let writer: AuditWriter;
  let auditorToken: string;
  const appRole = `sidh_app_${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    ctx = await createTestApp();
    writer = ctx.app.get(AuditWriter);
    auditorToken = await ctx.login(DEMO.auditor);
  }, 180_000);
  afterAll(async () => {
    await ctx?.dataSource.query(`DROP OWNED BY ${appRole}`).catch(() => undefined);
    if (ctx?.engine === 'server') await ctx.dataSource.query(`DROP ROLE IF EXISTS ${appRole}`).catch(() => undefined);
    await ctx?.close();
  });

  const pendingCount = async (): Promise<number> => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event_pending`))[0].n;
  const verify = async () => {
    const res = await request(ctx.http).get('/api/v1/audit/verify').set({ Authorization: `Bearer ${auditorToken}` });
    expect(res.status).toBe(200);
    return res.body as { intact: boolean; eventsChecked: number; firstBrokenEventId: string | null };
  };
  /** The whole chain's shape: ids 1..n without gap, each event naming its predecessor's hash, no two events naming the same one. */
  const chainShape = async () => {
    const [shape] = await ctx.dataSource.query(
      `SELECT min(id)::int AS min, max(id)::int AS max, count(*)::int AS n, count(DISTINCT prev_hash)::int AS predecessors,
              bool_and(prev_hash = coalesce(prev, repeat('0', 64))) AS linked
         FROM (SELECT id, prev_hash, lag(hash) OVER (ORDER BY id) AS prev FROM audit_event) c`,
    );
    return shape as { min: number; max: number; n: number; predecessors: number; linked: boolean };
  };
  // Contributions: a recommendation change also bumps the one catalogue stamp row, which would serialise the writers by itself.
  const contributions = async (n: number): Promise<string[]> =>
    (await ctx.dataSource.query(`SELECT id FROM contribution ORDER BY id LIMIT $1`, [n])).map((r: { id: string }) => r.id);
  const touch = (m: EntityManager, id: string) => m.query(`UPDATE contribution SET updated_at = updated_at WHERE id = $1`, [id]);
  /** A business change of one contribution with its event, in `manager`'s transaction. */
  const auditedChange = async (m: EntityManager, id: string, marker: string, eventFirst = false) => {
    const event = { action: 'test.commit_order', entityType: 'contribution', entityId: id, changes: { marker } };
    if (eventFirst) await writer.append(m, SYSTEM_ACTOR, event);
    await touch(m, id);
    if (!eventFirst) await writer.append(m, SYSTEM_ACTOR, event);
  };

  it('50 concurrent transactions, every fifth rolled back after writing its events: no fork, no gap, the committed ones in one block each, nothing pending', async () => {
    const before = await chainShape();
    const ids = await contributions(50);
    const run = `run-${randomBytes(4).toString('hex')}`;
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        ctx.dataSource.transaction(async (m) => {
          await auditedChange(m, id, `${run}-${i}`, i % 2 === 0);
          // A second event of the same transaction: its events stay together, in write order.
          await writer.append(m, SYSTEM_ACTOR, { action: 'test.commit_order.second', entityType: 'contribution', entityId: id, changes: { marker: `${run}-${i}` } });
          if (i % 5 === 4) throw new Error('rolled back on purpose');
        }),
      ),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(10);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toEqual(new Error('rolled back on purpose'));

    const shape = await chainShape();
    expect(shape).toEqual({ min: 1, max: before.n + 80, n: before.n + 80, predecessors: before.n + 80, linked: true });
    const written: Array<{ marker: string; first: number; last: number; n: number; actions: string[] }> = await ctx.dataSource.query(
      `SELECT changes->>'marker' AS marker, min(id)::int AS first, max(id)::int AS last, count(*)::int AS n, array_agg(action ORDER BY id) AS actions
         FROM audit_event WHERE changes->>'marker' LIKE $1 GROUP BY changes->>'marker', tx_id`,
      [`${run}-%`],
    );
    const committed = ids.map((_, i) => i).filter((i) => i % 5 !== 4);
    expect(written.map((w) => w.marker).sort()).toEqual(committed.map((i) => `${run}-${i}`).sort());
    for (const w of written) {
      expect(w).toMatchObject({ n: 2, last: w.first + 1 });
      expect(w.actions).toEqual(['test.commit_order', 'test.commit_order.second']);
    }
    expect(await pendingCount()).toBe(0);
    expect(await verify()).toMatchObject({ intact: true, eventsChecked: shape.n, firstBrokenEventId: null });
  });

  it('concurrent saves through the API (contribution drafts) chain every acknowledged save once, and the chain verifies', async () => {
    const focal = await ctx.login(DEMO.focalJustice);
    const auth = { Authorization: `Bearer ${focal}` };
    const [draft] = await ctx.dataSource.query(
      `SELECT c.id FROM contribution c JOIN institution i ON i.id = c.institution_id WHERE i.code = 'MJ' AND c.status = 'draft' ORDER BY c.id LIMIT 1`,
    );
    expect(draft).toBeDefined();
    // The same draft, same version, ten times at once: one save wins, the others are stale (412) and leave no event.
    const etag = (await request(ctx.http).get(`/api/v1/contributions/${draft.id}`).set(auth)).headers['etag']!;
    const eventsBefore = (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'contribution.update' AND entity_id = $1`, [draft.id]))[0].n;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(ctx.http).patch(`/api/v1/contributions/${draft.id}`).set(auth).set('If-Match', etag).send({ measures: `concurrent save ${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 412)).toBe(true);
    const eventsAfter = (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'contribution.update' AND entity_id = $1`, [draft.id]))[0].n;
    expect(eventsAfter).toBe(eventsBefore + 1);
    expect(await pendingCount()).toBe(0);
    const shape = await chainShape();
    expect(shape).toMatchObject({ min: 1, max: shape.n, predecessors: shape.n, linked: true });
    expect(await verify()).toMatchObject({ intact: true, eventsChecked: shape.n });
  });

  it('before the commit the events wait in audit_event_pending (the transaction sees them there); the commit moves them', async () => {
    const [id] = await contributions(1);
    const marker = `pending-${randomBytes(4).toString('hex')}`;
    await ctx.dataSource.transaction(async (m) => {
      await auditedChange(m, id!, marker);
      const [{ pending }] = await m.query(`SELECT count(*)::int AS pending FROM audit_event_pending WHERE changes->>'marker' = $1 AND tx_id = txid_current()`, [marker]);
      const [{ chained }] = await m.query(`SELECT count(*)::int AS chained FROM audit_event WHERE changes->>'marker' = $1`, [marker]);
      expect({ pending, chained }).toEqual({ pending: 1, chained: 0 });
    });
    const [event] = await ctx.dataSource.query(`SELECT action, entity_id, mac IS NOT NULL AS signed FROM audit_event WHERE changes->>'marker' = $1`, [marker]);
    expect(event).toEqual({ action: 'test.commit_order', entity_id: id, signed: true });
    expect(await pendingCount()).toBe(0);
  });

  it('a rolled-back transaction leaves neither pending nor chained events', async () => {
    const [id] = await contributions(1);
    const marker = `rollback-${randomBytes(4).toString('hex')}`;
    const head = (await chainShape()).n;
    await expect(
      ctx.dataSource.transaction(async (m) => {
        await auditedChange(m, id!, marker);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await pendingCount()).toBe(0);
    expect(await ctx.dataSource.query(`SELECT 1 FROM audit_event WHERE changes->>'marker' = $1`, [marker])).toHaveLength(0);
    expect((await chainShape()).n).toBe(head);
  });

  describe('a business change without its event still fails, whichever was written first', () => {
    it('a change with no event at all', async () => {
      const [id] = await contributions(1);
      await expect(ctx.dataSource.transaction((m) => touch(m, id!))).rejects.toThrow(/unaudited change to contribution/);
    });

    it('a change whose pending event names another record', async () => {
      const [a, b] = await contributions(2);
      await expect(
        ctx.dataSource.transaction(async (m) => {
          await touch(m, a!);
          await writer.append(m, SYSTEM_ACTOR, { action: 'test.commit_order', entityType: 'contribution', entityId: b! });
        }),
      ).rejects.toThrow(/unaudited change to contribution/);
      expect(await pendingCount()).toBe(0);
    });

    it.each([
      ['the event before the change (the move runs before the check)', true],
      ['the event after the change (the check runs before the move)', false],
    ])('%s commits', async (_, eventFirst) => {
      const [id] = await contributions(1);
      const marker = `order-${randomBytes(4).toString('hex')}`;
      await ctx.dataSource.transaction((m) => auditedChange(m, id!, marker, eventFirst));
      expect(await ctx.dataSource.query(`SELECT 1 FROM audit_event WHERE changes->>'marker' = $1`, [marker])).toHaveLength(1);
    });

    it('a catalogue table (transaction-level check): refused without an event, accepted with a pending one', async () => {
      const change = (m: EntityManager) => m.query(`UPDATE theme SET version = version WHERE code = (SELECT code FROM theme ORDER BY code LIMIT 1)`);
      await expect(ctx.dataSource.transaction(change)).rejects.toThrow(/unaudited change to theme/);
      await ctx.dataSource.transaction(async (m) => {
        await change(m);
        await writer.append(m, SYSTEM_ACTOR, { action: 'test.commit_order', entityType: 'theme' });
      });
      expect(await pendingCount()).toBe(0);
    });
  });

  describe('pending events are protected like the chain', () => {
    beforeAll(async () => {
      await ctx.dataSource.query(`CREATE ROLE ${appRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
      await grantAppPrivileges(ctx.dataSource.manager, appRole);
    });
    const asAppRole = <T>(fn: (m: EntityManager) => Promise<T>): Promise<T> =>
      ctx.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL ROLE ${appRole}`);
        return fn(m);
      });

    it('the API role writes pending events, and its commit moves them (the move runs with the owner’s rights)', async () => {
      const [id] = await contributions(1);
      const marker = `approle-${randomBytes(4).toString('hex')}`;
      await asAppRole((m) => auditedChange(m, id!, marker));
      expect(await ctx.dataSource.query(`SELECT 1 FROM audit_event WHERE changes->>'marker' = $1`, [marker])).toHaveLength(1);
      expect(await pendingCount()).toBe(0);
      expect(await asAppRole((m) => leastPrivilegeProblems(m))).toEqual([]);
    });

    it.each([
      ['update', `UPDATE audit_event_pending SET action = 'forged' WHERE tx_id = txid_current()`],
      ['delete', `DELETE FROM audit_event_pending WHERE tx_id = txid_current()`],
      ['truncate', `TRUNCATE audit_event_pending`],
    ])('the API role cannot %s its pending events', async (_, sql) => {
      const [id] = await contributions(1);
      await expect(
        asAppRole(async (m) => {
          await auditedChange(m, id!, 'forgery');
          await m.query(sql);
        }),
      ).rejects.toThrow(/permission denied/);
      expect(await pendingCount()).toBe(0);
    });

    it('nobody updates or truncates a pending event, not even the owner', async () => {
      const [id] = await contributions(1);
      await expect(
        ctx.dataSource.transaction(async (m) => {
          await auditedChange(m, id!, 'forgery');
          await m.query(`UPDATE audit_event_pending SET action = 'forged' WHERE tx_id = txid_current()`);
        }),
      ).rejects.toThrow(/pending audit event is never changed/);
      await expect(ctx.dataSource.query(`TRUNCATE audit_event_pending`)).rejects.toThrow(/pending audit event is never changed/);
      expect(await pendingCount()).toBe(0);
    });

    it('a role allowed to delete pending events fails the least-privilege check', async () => {
      await ctx.dataSource.query(`GRANT DELETE ON audit_event_pending TO ${appRole}`);
      try {
        expect(await asAppRole((m) => leastPrivilegeProblems(m))).toEqual([`role ${appRole} may update, delete or truncate audit_event_pending`]);
      } finally {
        await ctx.dataSource.query(`REVOKE DELETE ON audit_event_pending FROM ${appRole}`);
      }
      expect(await asAppRole((m) => leastPrivilegeProblems(m))).toEqual([]);
    });

    it('tx_id is the database’s: a pending event naming another transaction is still its own transaction’s', async () => {
      const [id] = await contributions(1);
      const marker = `txid-${randomBytes(4).toString('hex')}`;
      const tx = await ctx.dataSource.transaction(async (m) => {
        await touch(m, id!);
        await m.query(`INSERT INTO audit_event_pending (tx_id, action, entity_type, entity_id, changes) VALUES (1, 'test.commit_order', 'contribution', $1, $2::jsonb)`, [
          id,
          JSON.stringify({ marker }),
        ]);
        return (await m.query(`SELECT txid_current()::text AS tx`))[0].tx as string;
      });
      expect(await ctx.dataSource.query(`SELECT tx_id::text AS tx FROM audit_event WHERE changes->>'marker' = $1`, [marker])).toEqual([{ tx }]);
      expect(await pendingCount()).toBe(0);
    });
  });

  // Two connections at once: PGlite has one.
  const serverOnly = process.env['TEST_DATABASE_URL'] ? it : it.skip;
  serverOnly('a transaction holding written but uncommitted events does not block another audited commit (the lock is taken at commit)', async () => {
    const other = new DataSource(buildDataSourceOptions({ url: (ctx.dataSource.options as { url: string }).url, poolSize: 1, statementTimeoutMs: 15000 }));
    await other.initialize();
    const [a, b] = await contributions(2);
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await auditedChange(runner.manager, a!, 'held-open');
      // Before, this waited for the open transaction's advisory lock; lock_timeout makes a regression fail, not hang.
      await other.transaction(async (m) => {
        await m.query(`SET LOCAL lock_timeout = '5s'`);
        await auditedChange(m, b!, 'committed-meanwhile');
      });
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await other.destroy();
    }
    // Chain order is commit order: the transaction that committed first comes first.
    const order: Array<{ marker: string }> = await ctx.dataSource.query(
      `SELECT changes->>'marker' AS marker FROM audit_event WHERE changes->>'marker' IN ('held-open', 'committed-meanwhile') ORDER BY id`,
    );
    expect(order.map((o) => o.marker)).toEqual(['committed-meanwhile', 'held-open']);
    expect((await chainShape()).linked).toBe(true);
    expect(await pendingCount()).toBe(0);
  });
});
