import request from 'supertest';
import { appendAuditEvent, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { reportFactory } from './factories/report.factory.js';
import { apart, databaseNow } from './instants.js';
import { auth, institutionId } from './workflow-helpers.js';

/** All the recommendations of this test cite this document: the normal list finds them by reference. */
const SYMBOL = 'A/HRC/99/9';

interface Row {
  id: string;
  paragraph: string | null;
  textFr: string | null;
  textAr: string | null;
  status: string | null;
  response: string | null;
  institutions: string[];
}

/**
 * The recommendation list "as of" a date (issue 12): changes of status, texts and assignments,
 * creations and deletions at several instants; the list read through the normal API after each
 * step is what the as-of list, rebuilt from the audit events, gives for that instant.
 */
describe('the recommendation list as of a date', () => {
  let ctx: TestContext;
  const t: Record<string, string> = {};
  const rec: Record<string, string> = {};
  const inst: Record<string, string> = {};
  const snapshots: Array<{ at: string; rows: Row[] }> = [];
  let bodyId: string;
  let step5Start = '';

  const now = () => databaseNow(ctx);
  const version = async (table: string, id: string): Promise<string> => `"${(await ctx.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0].version}"`;
  const ok = (res: request.Response, status: number) => expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({ status, body: null });

  const create = async (key: string, paragraph: string, textFr: string) => {
    const res = await request(ctx.http)
      .post('/api/v1/recommendations')
      .set(auth(t['coord']!))
      .send({ bodyId, documentSymbol: SYMBOL, paragraph, textFr, textAr: `نص ${paragraph}`, response: 'supported', status: 'not_started' });
    ok(res, 201);
    rec[key] = res.body.id;
  };
  const update = async (key: string, body: object) =>
    ok(await request(ctx.http).patch(`/api/v1/recommendations/${rec[key]}`).set(auth(t['coord']!)).set('If-Match', await version('recommendation', rec[key]!)).send(body), 200);
  const assign = async (key: string, institution: string, role: 'lead' | 'contributor') => {
    const res = await request(ctx.http).post('/api/v1/assignments').set(auth(t['coord']!)).send({ recommendationId: rec[key], institutionId: inst[institution], role });
    ok(res, 201);
    return res.body.id as string;
  };

  /** The list as the normal API shows it now: the recommendations citing SYMBOL, each with its assigned institutions. */
  const snapshotNow = async (): Promise<{ at: string; rows: Row[] }> => {
    await apart();
    const list = await request(ctx.http).get('/api/v1/recommendations').query({ q: SYMBOL, pageSize: 100 }).set(auth(t['coord']!));
    ok(list, 200);
    const rows: Row[] = [];
    for (const item of list.body.items as Array<Record<string, string | null>>) {
      const assignments = await request(ctx.http).get('/api/v1/assignments').query({ recommendationId: item['id'], pageSize: 100 }).set(auth(t['coord']!));
      ok(assignments, 200);
      rows.push({
        id: item['id']!,
        paragraph: item['paragraph']!,
        textFr: item['textFr']!,
        textAr: item['textAr']!,
        status: item['status']!,
        response: item['response']!,
        institutions: (assignments.body.items as Array<{ institution: { id: string }; role: string }>).map((a) => `${a.role}:${a.institution.id}`).sort(),
      });
    }
    const at = await now();
    await apart();
    return { at, rows: rows.sort((a, b) => a.id.localeCompare(b.id)) };
  };
  const snapshot = async () => {
    snapshots.push(await snapshotNow());
  };

  const asOf = (query: Record<string, string | number>, token = t['auditor']!) => request(ctx.http).get('/api/v1/audit/as-of/recommendations').query(query).set(auth(token));

  /** Every page of the as-of list (keyset), the recommendations citing SYMBOL, in the snapshot's shape. */
  const asOfRows = async (at: string, limit: number, q?: string): Promise<Row[]> => {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 500; pages += 1) {
      const res = await asOf({ at, limit, ...(cursor ? { cursor } : {}), ...(q ? { q } : {}) });
      ok(res, 200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      for (const item of res.body.items) {
        if (item.documentSymbol !== SYMBOL) continue;
        rows.push({
          id: item.id,
          paragraph: item.paragraph,
          textFr: item.textFr,
          textAr: item.textAr,
          status: item.status,
          response: item.response,
          institutions: (item.institutions as Array<{ id: string; role: string }>).map((i) => `${i.role}:${i.id}`).sort(),
        });
      }
      cursor = res.body.nextCursor;
      if (!cursor) return rows;
    }
    throw new Error('the keyset never ended');
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    t['coord'] = await ctx.login(DEMO.coordinator);
    t['auditor'] = await ctx.login(DEMO.auditor);
    t['admin'] = await ctx.login(DEMO.admin);
    t['fp'] = await ctx.login(DEMO.focalJustice);
    t['val'] = await ctx.login(DEMO.validatorJustice);
    bodyId = await reportFactory(ctx).bodyId('UPR');
    inst['MJ'] = await institutionId(ctx, 'MJ');
    inst['MI'] = await institutionId(ctx, 'MI');

    await snapshot(); // 0: none yet

    // 1: two recommendations, one assigned.
    await create('r1', '1', 'Adopter une loi contre la torture.');
    await create('r2', '2', 'Renforcer la protection des migrants.');
    const a1 = await assign('r1', 'MJ', 'lead');
    await snapshot();

    // 2: status and text change, a reassignment, a third recommendation, a second assignment.
    await update('r1', { status: 'in_progress', textFr: 'Adopter sans délai une loi contre la torture.' });
    ok(await request(ctx.http).patch(`/api/v1/assignments/${a1}`).set(auth(t['coord']!)).set('If-Match', await version('assignment', a1)).send({ institutionId: inst['MI'] }), 200);
    await create('r3', '3', 'Garantir le droit à un procès équitable.');
    await assign('r2', 'MI', 'contributor');
    await snapshot();

    // 3: a deletion (its assignment goes with it), a text in Arabic, an assignment removed, a bulk assignment.
    ok(await request(ctx.http).delete(`/api/v1/recommendations/${rec['r2']}`).set(auth(t['coord']!)).set('If-Match', await version('recommendation', rec['r2']!)), 204);
    await update('r3', { textAr: 'ضمان الحق في محاكمة عادلة وسريعة.', response: 'noted' });
    ok(await request(ctx.http).delete(`/api/v1/assignments/${a1}`).set(auth(t['coord']!)).set('If-Match', await version('assignment', a1)), 204);
    ok(await request(ctx.http).post('/api/v1/assignments/bulk').set(auth(t['coord']!)).send({ recommendationIds: [rec['r3']], institutionId: inst['MJ'], role: 'lead' }), 200);
    await snapshot();

    // 4: a status set, a fourth recommendation.
    await update('r3', { status: 'implemented', textFr: 'Garantir pleinement le droit à un procès équitable.' });
    await create('r4', '4', 'Ratifier le protocole facultatif.');
    await snapshot();

    // 5: an assignment written as an import writes it: no event of its own, one naming its recommendation.
    await ctx.dataSource.transaction(async (manager) => {
      step5Start = (await manager.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`))[0].t;
      await manager.query(`INSERT INTO assignment (recommendation_id, institution_id, role) VALUES ($1, $2, 'lead')`, [rec['r4'], inst['MI']]);
      await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: rec['r4']!, changes: { institutionCodes: { before: [], after: ['MI'] } } });
    });
    await snapshot();
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it('the snapshots differ: each step changed the list', () => {
    expect(snapshots.map((s) => s.rows.length)).toEqual([0, 2, 3, 2, 3, 3]);
    expect(new Set(snapshots.map((s) => JSON.stringify(s.rows))).size).toBe(snapshots.length);
  });

  it('the steps are apart in time: the last step began after the instant before it', () => {
    expect(step5Start > snapshots[4]!.at).toBe(true);
  });

  it('at each instant the as-of list equals the list the normal API showed then', async () => {
    for (const [i, snap] of snapshots.entries()) {
      expect({ snapshot: i, rows: await asOfRows(snap.at, 100) }).toEqual({ snapshot: i, rows: snap.rows });
    }
  });

  it('the keyset pages give the same list one by one', async () => {
    for (const snap of snapshots) expect(await asOfRows(snap.at, 1)).toEqual(snap.rows);
  });

  it('each row says when the recommendation last changed before the instant', async () => {
    const res = await asOf({ at: snapshots[2]!.at, limit: 100 });
    const r1 = res.body.items.find((i: { id: string }) => i.id === rec['r1']);
    expect(r1).toMatchObject({ kind: 'recommendation', bodyCode: 'UPR', eventsApplied: 2 });
    expect(r1.lastEventAt <= snapshots[2]!.at && r1.lastEventAt > snapshots[1]!.at).toBe(true);
  });

  it('words are matched against the texts held at the instant', async () => {
    const ids = async (at: string, q: string) => (await asOfRows(at, 100, q)).map((r) => r.id);
    expect(await ids(snapshots[2]!.at, 'sans délai')).toEqual([rec['r1']]);
    expect(await ids(snapshots[1]!.at, 'sans délai')).toEqual([]);
    expect(await ids(snapshots[4]!.at, 'pleinement')).toEqual([rec['r3']]);
    expect(await ids(snapshots[3]!.at, 'pleinement')).toEqual([]);
    expect(await ids(snapshots[3]!.at, 'وسريعة')).toEqual([rec['r3']]);
  });

  it('auditor, coordinator and admin (audit:read) see the whole list; focal points and validators are refused', async () => {
    const at = snapshots[4]!.at;
    for (const role of ['auditor', 'coord', 'admin']) expect({ role, status: (await asOf({ at }, t[role])).status }).toEqual({ role, status: 200 });
    for (const role of ['fp', 'val']) expect({ role, status: (await asOf({ at }, t[role])).status }).toEqual({ role, status: 403 });
    expect((await request(ctx.http).get('/api/v1/audit/as-of/recommendations').query({ at })).status).toBe(401);
  });

  it('bad input is 400 naming the field: a missing, malformed or future instant, a bad cursor or limit', async () => {
    const fields = async (query: Record<string, string | number>) => {
      const res = await asOf(query);
      expect(res.status).toBe(400);
      return Object.keys(res.body.details.fields);
    };
    expect(await fields({})).toEqual(['at']);
    expect(await fields({ at: 'yesterday' })).toEqual(['at']);
    expect(await fields({ at: '2026-02-30T10:00:00Z' })).toEqual(['at']);
    const future = await asOf({ at: new Date(Date.now() + 86_400_000).toISOString() });
    expect({ status: future.status, fields: future.body.details?.fields }).toEqual({ status: 400, fields: { at: 'validation.max' } });
    expect(await fields({ at: snapshots[1]!.at, cursor: 'not-a-uuid' })).toEqual(['cursor']);
    expect(await fields({ at: snapshots[1]!.at, limit: 0 })).toEqual(['limit']);
    expect(await fields({ at: snapshots[1]!.at, limit: 101 })).toEqual(['limit']);
  });

  // Last: it changes r3 after the snapshots. Server PostgreSQL only: the embedded engine serves one
  // session, so nothing can read while a transaction is open (nor can the defect arise there).
  const serverOnly = process.env['TEST_DATABASE_URL'] ? it : it.skip;
  serverOnly('an assignment written by a transaction still open at the instant is not there then, as an import writes it (server PostgreSQL only)', async () => {
    const institutionsOf = async (at: string) => (await asOfRows(at, 100)).find((r) => r.id === rec['r3'])!.institutions;
    const before = snapshots[5]!.rows.find((r) => r.id === rec['r3'])!.institutions;
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    let during = '';
    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO assignment (recommendation_id, institution_id, role) VALUES ($1, $2, 'contributor')`, [rec['r3'], inst['MI']]);
      await apart();
      during = await now(); // the row is written, not committed: nobody sees it yet
      await apart();
      await appendAuditEvent(runner.manager, SYSTEM_ACTOR, { action: 'recommendation.update', entityType: 'recommendation', entityId: rec['r3']!, changes: { institutionCodes: { before: ['MJ'], after: ['MI', 'MJ'] } } });
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    const after = await snapshotNow();
    expect(await institutionsOf(during)).toEqual(before);
    expect(after.rows.find((r) => r.id === rec['r3'])!.institutions).toEqual([...before, `contributor:${inst['MI']}`].sort());
    expect(await institutionsOf(after.at)).toEqual(after.rows.find((r) => r.id === rec['r3'])!.institutions);
  });
});
