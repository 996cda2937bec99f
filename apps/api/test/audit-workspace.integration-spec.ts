import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { assignmentFactory } from './factories/assignment.factory.js';
import { reportFactory } from './factories/report.factory.js';
import { contributionFactory } from './factories/contribution.factory.js';
import { apart, databaseNow } from './instants.js';
import { auth, saveDraft, transition } from './workflow-helpers.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Snapshot = Record<string, unknown>;

/**
 * The auditor's workspace (issue 12): a record at any instant rebuilt from its audit events equals
 * the row SELECTed at that instant, for the six record types; field-level diffs with the request
 * id; the log's filters, keyset pages and exports; reads of restricted evidence recorded.
 */
describe("the auditor's workspace", () => {
  let ctx: TestContext;
  let uploadDir: string;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};

  /** The compared columns of each type, named as its audit events name them. */
  const SNAPSHOT_SQL: Record<string, string> = {
    recommendation: `SELECT status, text_fr AS "textFr", text_ar AS "textAr" FROM recommendation WHERE id = $1`,
    contribution: `SELECT status, measures, implementation_status AS "implementationStatus" FROM contribution WHERE id = $1`,
    assignment: `SELECT role, due_date::text AS "dueDate", institution_id::text AS "institutionId" FROM assignment WHERE id = $1`,
    campaign: `SELECT title, deadline::text AS deadline FROM campaign WHERE id = $1`,
    user: `SELECT name, role FROM app_user WHERE id = $1`,
    report: `SELECT title, due_date::text AS "dueDate" FROM report WHERE id = $1`,
  };
  const TABLE: Record<string, string> = { recommendation: 'recommendation', contribution: 'contribution', assignment: 'assignment', campaign: 'campaign', user: 'app_user', report: 'report' };
  const PATH: Record<string, string> = { recommendation: 'recommendations', assignment: 'assignments', campaign: 'campaigns', user: 'users', report: 'reports' };

  const now = () => databaseNow(ctx);
  const snapshotAll = async (): Promise<{ at: string; rows: Record<string, Snapshot> }> => {
    await apart();
    const rows: Record<string, Snapshot> = {};
    for (const [type, sql] of Object.entries(SNAPSHOT_SQL)) [rows[type]] = await ctx.dataSource.query(sql, [ids[type]]);
    const at = await now();
    await apart();
    return { at, rows };
  };
  /** A versioned PATCH with the version read from the row (If-Match). */
  const patch = async (type: string, body: object, token = t['coord']!) => {
    const [{ version }] = await ctx.dataSource.query(`SELECT version FROM ${TABLE[type]} WHERE id = $1`, [ids[type]]);
    const res = await request(ctx.http).patch(`/api/v1/${PATH[type]}/${ids[type]}`).set(auth(token)).set('If-Match', `"${version}"`).send(body);
    expect({ type, status: res.status }).toEqual({ type, status: 200 });
  };
  const stateAt = async (type: string, at: string) => {
    const res = await request(ctx.http).get(`/api/v1/audit/entities/${type}/${ids[type]}`).query({ at }).set(auth(t['auditor']!));
    expect(res.status).toBe(200);
    return res.body as { exists: boolean | null; eventsApplied: number; fields: Array<{ field: string; value: unknown; eventId: string | null }> };
  };
  const events = (query: Record<string, string>, token = t['auditor']!) => request(ctx.http).get('/api/v1/audit/events').query(query).set(auth(token));

  const snapshots: Array<{ at: string; rows: Record<string, Snapshot> }> = [];
  let beforeAll_: string;

  beforeAll(async () => {
    uploadDir = mkdtempSync(path.join(os.tmpdir(), 'sidh-audit-ws-'));
    ctx = await createTestApp({ env: { UPLOAD_DIR: uploadDir } });
    t['coord'] = await ctx.login(DEMO.coordinator);
    t['admin'] = await ctx.login(DEMO.admin);
    t['auditor'] = await ctx.login(DEMO.auditor);
    t['fp'] = await ctx.login(DEMO.focalJustice);
    t['val'] = await ctx.login(DEMO.validatorJustice);
    beforeAll_ = await now();

    // Six records, made through the application.
    const contribution = await contributionFactory(ctx).newContribution();
    ids['contribution'] = contribution.id;
    [{ campaign_id: ids['campaign'] }] = await ctx.dataSource.query(`SELECT campaign_id FROM contribution WHERE id = $1`, [contribution.id]);
    const created = await request(ctx.http)
      .post('/api/v1/recommendations')
      .set(auth(t['coord']!))
      .send({ bodyId: await reportFactory(ctx).bodyId('UPR'), textFr: 'Adopter une loi sur la torture.', textAr: 'اعتماد قانون بشأن التعذيب.', status: 'not_started' });
    expect(created.status).toBe(201);
    ids['recommendation'] = created.body.id;
    const [justice] = await ctx.dataSource.query(`SELECT institution_id AS id FROM app_user WHERE email = $1`, [DEMO.focalJustice]);
    ids['assignment'] = (await assignmentFactory(ctx).newAssignment({ recommendationId: ids['recommendation'], institutionId: justice.id, dueDate: '2027-01-31' })).id;
    [{ id: ids['user'] }] = await ctx.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO.focalInterior]);
    const reports = reportFactory(ctx);
    const uprBodyId = await reports.bodyId('UPR');
    const [{ id: reviewId }] = await ctx.dataSource.query(`SELECT id FROM review WHERE body_id = $1 ORDER BY code LIMIT 1`, [uprBodyId]);
    const report = await request(ctx.http).post('/api/v1/reports').set(auth(t['coord']!)).send({ type: 'upr_mid_term', bodyId: uprBodyId, reviewId, itemIds: [ids['recommendation']], language: 'fr', title: 'Rapport à mi-parcours' });
    expect({ status: report.status, body: report.status === 201 ? null : report.body }).toEqual({ status: 201, body: null });
    ids['report'] = report.body.id;
    snapshots.push(await snapshotAll());

    // Two rounds of changes, a snapshot after each.
    await patch('recommendation', { status: 'in_progress', textFr: 'Adopter sans délai une loi zanzibarique sur la torture.' });
    expect((await saveDraft(ctx, t['fp']!, ids['contribution']!, { implementationStatus: 'in_progress', measures: 'Formation de 300 magistrats.' })).status).toBe(200);
    await patch('assignment', { dueDate: '2027-03-31' });
    await patch('campaign', { title: 'Campagne 2027' });
    await patch('user', { name: 'Point focal Intérieur (renommé)' }, t['admin']);
    await patch('report', { title: 'Rapport à mi-parcours — version 2' });
    snapshots.push(await snapshotAll());

    await patch('recommendation', { status: 'implemented', textAr: 'اعتماد قانون شامل بشأن التعذيب دون تأخير.' });
    expect((await transition(ctx, t['fp']!, ids['contribution']!, 'submit')).status).toBe(200);
    await patch('assignment', { role: 'contributor', dueDate: null });
    await patch('campaign', { deadline: '2027-12-31' });
    // A seeded user's role was never recorded field by field: its first change tells what it was before.
    await patch('user', { name: 'Point focal Intérieur', role: 'validator' }, t['admin']);
    await patch('report', { dueDate: '2027-06-30' });
    snapshots.push(await snapshotAll());
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  describe('point in time', () => {
    it.each(['recommendation', 'contribution', 'assignment', 'campaign', 'user', 'report'])('a %s rebuilt at each snapshot instant equals the row SELECTed then', async (type) => {
      for (const [i, snap] of snapshots.entries()) {
        const state = await stateAt(type, snap.at);
        const rebuilt = Object.fromEntries(state.fields.map((f) => [f.field, f.value]));
        const expected = snap.rows[type]!;
        expect({ type, snapshot: i, state: Object.fromEntries(Object.keys(expected).map((k) => [k, rebuilt[k] ?? null])) }).toEqual({ type, snapshot: i, state: expected });
      }
      // The three snapshots differ: the rebuild followed real changes, not the current row.
      expect(new Set(snapshots.map((s) => JSON.stringify(s.rows[type]))).size).toBe(3);
    });

    it('before its first event a recommendation does not exist yet; the states never read the current row', async () => {
      const before = await stateAt('recommendation', beforeAll_);
      expect(before).toMatchObject({ exists: null, eventsApplied: 0 });
      const first = await stateAt('recommendation', snapshots[0]!.at);
      expect(first).toMatchObject({ exists: true, eventsApplied: 1 });
    });

    it('bad input is 400 naming the field: an unknown type, a malformed id, a malformed instant', async () => {
      const get = (p: string, q: object = {}) => request(ctx.http).get(`/api/v1/audit/entities/${p}`).query(q).set(auth(t['auditor']!));
      const unknown = await get(`dataset/${ids['recommendation']}`);
      expect(unknown.status).toBe(400);
      expect(unknown.body.details.fields).toEqual({ type: 'validation.enum' });
      expect((await get('recommendation/not-a-uuid')).status).toBe(400);
      const at = await get(`recommendation/${ids['recommendation']}`, { at: 'yesterday' });
      expect(at.status).toBe(400);
      expect(Object.keys(at.body.details.fields)).toEqual(['at']);
    });

    it('a focal point and a validator cannot read history (403)', async () => {
      for (const who of ['fp', 'val']) {
        expect((await request(ctx.http).get(`/api/v1/audit/entities/recommendation/${ids['recommendation']}`).set(auth(t[who]!))).status).toBe(403);
      }
    });
  });

  describe('field-level diffs', () => {
    it('an event field by field: who, when, which field, before → after, with the request id', async () => {
      const list = await events({ entityType: 'recommendation', entityId: ids['recommendation']!, action: 'recommendation.update' });
      expect(list.status).toBe(200);
      const first = list.body.items.at(-1);
      const detail = await request(ctx.http).get(`/api/v1/audit/events/${first.id}`).set(auth(t['auditor']!));
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: first.id, action: 'recommendation.update', actorRole: 'coordinator', actorName: expect.any(String), requestId: expect.any(String) });
      expect(detail.body.actorName.length).toBeGreaterThan(0);
      expect(detail.body.fields).toEqual(
        expect.arrayContaining([
          { field: 'status', kind: 'change', before: 'not_started', after: 'in_progress' },
          { field: 'textFr', kind: 'change', before: 'Adopter une loi sur la torture.', after: 'Adopter sans délai une loi zanzibarique sur la torture.' },
        ]),
      );
    });

    it('an unknown event is 404, a malformed id 400', async () => {
      expect((await request(ctx.http).get('/api/v1/audit/events/999999999').set(auth(t['auditor']!))).status).toBe(404);
      const bad = await request(ctx.http).get('/api/v1/audit/events/abc').set(auth(t['auditor']!));
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields).toEqual({ id: 'validation.invalid' });
    });
  });

  describe('the audit log', () => {
    it('filters by actor, role, institution, action, date range and words in the changes', async () => {
      const all: Array<Record<string, string | null>> = await ctx.dataSource.query(
        `SELECT id::text AS id, actor_id::text AS actor_id, actor_role, actor_institution_id::text AS inst, action, occurred_at FROM audit_event ORDER BY audit_event.id DESC`,
      );
      const ids_ = (res: request.Response) => (res.body.items as Array<{ id: string }>).map((e) => e.id);
      const [{ id: coordId }] = await ctx.dataSource.query(`SELECT id::text AS id FROM app_user WHERE email = $1`, [DEMO.coordinator]);
      expect(ids_(await events({ actorId: coordId, pageSize: '100' }))).toEqual(all.filter((e) => e['actor_id'] === coordId).map((e) => e['id']).slice(0, 100));
      expect(ids_(await events({ actorRole: 'focal_point', pageSize: '100' }))).toEqual(all.filter((e) => e['actor_role'] === 'focal_point').map((e) => e['id']));
      const [{ inst }] = await ctx.dataSource.query(`SELECT institution_id::text AS inst FROM app_user WHERE email = $1`, [DEMO.focalJustice]);
      expect(ids_(await events({ institutionId: inst, pageSize: '100' }))).toEqual(all.filter((e) => e['inst'] === inst).map((e) => e['id']));
      expect(ids_(await events({ action: 'report.update', pageSize: '100' }))).toEqual(all.filter((e) => e['action'] === 'report.update').map((e) => e['id']));
      const ranged = ids_(await events({ from: snapshots[0]!.at, to: snapshots[1]!.at, pageSize: '100' }));
      expect(ranged).toEqual(all.filter((e) => new Date(e['occurred_at']!) >= new Date(snapshots[0]!.at) && new Date(e['occurred_at']!) < new Date(snapshots[1]!.at)).map((e) => e['id']));
      expect(ranged.length).toBeGreaterThanOrEqual(6);
      const found = await events({ q: 'zanzibarique' });
      expect(found.body.items.map((e: { entityId: string; action: string }) => [e.action, e.entityId])).toEqual([['recommendation.update', ids['recommendation']]]);
      const arabic = await events({ q: 'التعذيب' });
      expect(arabic.body.items.length).toBeGreaterThanOrEqual(1);
      expect(arabic.body.items.some((e: { entityId: string; action: string }) => e.entityId === ids['recommendation'] && e.action === 'recommendation.create')).toBe(true);
    });

    it('pages by keyset: following nextCursor visits every event once, newest first, even while events are added', async () => {
      const expected: string[] = (await ctx.dataSource.query(`SELECT id::text AS id FROM audit_event ORDER BY audit_event.id DESC`)).map((r: { id: string }) => r.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 1000; guard += 1) {
        const res = await events(cursor ? { pageSize: '7', cursor } : { pageSize: '7' });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((e: { id: string }) => e.id));
        // A new event at the head does not shift the pages already cut.
        if (guard === 1) await patch('campaign', { title: `Campagne ${guard}` });
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(expected);
      expect((await events({ cursor: 'abc' })).status).toBe(400);
      expect((await events({ importId: 'nope' })).body.details.fields).toHaveProperty('importId');
    });

    it('exports the filtered log as JSON Lines and as CSV', async () => {
      const filter = { entityType: 'recommendation', entityId: ids['recommendation']! };
      const count = (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'recommendation' AND entity_id = $1`, [ids['recommendation']]))[0].n;
      const jsonl = await request(ctx.http).get('/api/v1/audit/events/export').query({ ...filter, format: 'jsonl' }).set(auth(t['auditor']!));
      expect(jsonl.status).toBe(200);
      expect(jsonl.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = jsonl.text.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(count);
      expect(lines[0]).toMatchObject({ entityId: ids['recommendation'], action: 'recommendation.update', changes: { status: { before: 'in_progress', after: 'implemented' } } });
      const csv = await request(ctx.http).get('/api/v1/audit/events/export').query({ ...filter, format: 'csv' }).set(auth(t['auditor']!));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toMatch(/attachment; filename="sidh-audit-log-\d{4}-\d{2}-\d{2}\.csv"/);
      const rows = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(rows[0]).toBe('id,occurredAt,actorId,actorName,actorRole,actorInstitutionId,action,entityType,entityId,requestId,ip,changes,hash');
      expect(rows).toHaveLength(count + 1);
      expect((await request(ctx.http).get('/api/v1/audit/events/export').query({ format: 'xml' }).set(auth(t['auditor']!))).status).toBe(400);
      expect((await request(ctx.http).get('/api/v1/audit/events/export').set(auth(t['fp']!))).status).toBe(403);
    });
  });

  describe('reads of restricted evidence', () => {
    it('a download of a restricted file is recorded (who, which file, when) and visible to the auditor; other files are not', async () => {
      const upload = (name: string, confidentiality: string) =>
        request(ctx.http).post(`/api/v1/contributions/${ids['contribution']}/evidence`).set(auth(t['fp']!)).field('confidentiality', confidentiality).attach('file', PDF, { filename: name, contentType: 'application/pdf' });
      // The contribution was submitted: a fresh draft takes the files.
      const draft = await contributionFactory(ctx).newContribution();
      ids['contribution'] = draft.id;
      const restricted = await upload('note-confidentielle.pdf', 'restricted');
      const internal = await upload('note.pdf', 'internal');
      expect([restricted.status, internal.status]).toEqual([201, 201]);
      const before = (await events({ action: 'evidence.download' })).body.items.length;
      expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(t['coord']!))).status).toBe(200);
      expect((await request(ctx.http).get(internal.body.downloadPath).set(auth(t['coord']!))).status).toBe(200);
      expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(t['admin']!))).status).toBe(404);
      const reads = (await events({ action: 'evidence.download' })).body.items;
      expect(reads).toHaveLength(before + 1);
      const [{ id: coordId }] = await ctx.dataSource.query(`SELECT id::text AS id FROM app_user WHERE email = $1`, [DEMO.coordinator]);
      expect(reads[0]).toMatchObject({
        actorId: coordId,
        actorRole: 'coordinator',
        entityType: 'contribution',
        entityId: draft.id,
        requestId: expect.any(String),
        changes: { evidenceId: restricted.body.id, fileName: 'note-confidentielle.pdf', confidentiality: 'restricted' },
      });
      // The chain stays intact with the reads in it.
      expect((await request(ctx.http).get('/api/v1/audit/verify').set(auth(t['auditor']!))).body.intact).toBe(true);
    });
  });
});
