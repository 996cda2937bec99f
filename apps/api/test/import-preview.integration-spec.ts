import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { execute, many, one } from '../src/database/sql.js';
import { UPLOADS_PER_USER } from '../src/modules/imports/imports.service.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { addUser, counts, FIXTURES, waitForImport, type RowCounts } from './import-helpers.js';

/**
 * Upload once (issue 11): `POST /imports/preview` reads a file (format, encoding, delimiter,
 * worksheets, columns, first rows) and stores it; the dry run and the commit then name it by
 * `uploadId` instead of sending it again. The stored bytes are checked by their SHA-256 each time
 * they are read back; an unknown, expired, tampered or someone else's upload is refused naming
 * `uploadId`, and nothing is written.
 */
const MAPPING = {
  preset: 'custom',
  fields: {
    externalCode: { column: 'code' },
    'text.fr': { column: 'text_fr' },
    'text.ar': { column: 'text_ar', optional: true },
    response: { column: 'response', optional: true },
    themes: { column: 'themes', separator: ',', optional: true },
  },
  defaults: { mechanism: 'UPR' },
};
const CSV = path.join(FIXTURES, 'ok/utf8-semicolon.csv');
const JSON_FILE = path.join(FIXTURES, 'ok/uhri.json');
const OTHER = 'other.coordinator@demo.sidh';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A workbook of two sheets: "Recommandations" (3 rows) then "Notes" (other columns). */
async function twoSheets(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const recs = wb.addWorksheet('Recommandations');
  recs.addRow(['code', 'text_fr', 'response']);
  recs.addRow(['X-1', 'Renforcer l’indépendance de la justice', 'Accepted']);
  recs.addRow(['X-2', 'Ratifier le protocole facultatif', 'Noted']);
  recs.addRow(['X-3', 'Protéger les défenseurs des droits humains', 'Accepted']);
  const notes = wb.addWorksheet('Notes');
  notes.addRow(['remarque', 'auteur']);
  notes.addRow(['à vérifier', 'DIDH']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('POST /imports/preview and uploadId', () => {
  let ctx: TestContext;
  let token: string;
  let otherToken: string;

  const preview = (content: Buffer, fileName: string, fields: Record<string, string> = {}, as = token) => {
    let req = request(ctx.http).post('/api/v1/imports/preview').set('Authorization', `Bearer ${as}`).attach('file', content, fileName);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const previewAgain = (uploadId: string, fields: Record<string, string> = {}, as = token) => {
    let req = request(ctx.http).post('/api/v1/imports/preview').set('Authorization', `Bearer ${as}`).field('uploadId', uploadId);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  /** POST /imports with the stored upload instead of a file. */
  const byId = (uploadId: string, dryRun: boolean, as = token) =>
    request(ctx.http).post('/api/v1/imports').set('Authorization', `Bearer ${as}`).field('uploadId', uploadId).field('mapping', JSON.stringify(MAPPING)).field('dryRun', String(dryRun));
  const uploads = () => one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM import_upload`).then((r) => r.n);
  const jobs = () => one<{ n: number }>(ctx.dataSource, `SELECT count(*)::int AS n FROM import_job`).then((r) => r.n);
  /** Everything a refusal must leave as it was: recommendations, audit, links, assignments, reviews, jobs, uploads. */
  const snapshot = async (): Promise<RowCounts & { jobs: number; uploads: number }> => ({ ...(await counts(ctx)), jobs: await jobs(), uploads: await uploads() });

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    await addUser(ctx, DEMO.coordinator, 'coordinator');
    await addUser(ctx, OTHER, 'coordinator');
    token = await ctx.login(DEMO.coordinator);
    otherToken = await ctx.login(OTHER);
  }, 120_000);
  afterAll(() => ctx?.close());

  it('CSV: format, encoding, delimiter, columns and the first rows; the bytes stored with their SHA-256, size and uploader; nothing else written', async () => {
    const before = await snapshot();
    const bytes = readFileSync(CSV);
    const res = await preview(bytes, 'recommandations.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      fileName: 'recommandations.csv',
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      sheets: [],
      sheet: null,
      columns: ['code', 'text_fr', 'text_ar', 'response', 'themes'],
      sha256: sha256(bytes),
      sizeBytes: bytes.length,
    });
    expect(res.body.totalRows).toBe(res.body.rows.length);
    expect(res.body.rows[0]).toEqual({ row: 2, cells: ['T-1', 'Renforcer l’égalité entre les femmes et les hommes', 'تعزيز المساواة بين المرأة والرجل', 'Accepted', 'Droits des femmes'] });
    // The quoted cell with the delimiter inside stays one cell.
    expect(res.body.rows[1].cells[1]).toBe("Ratifier le protocole facultatif; garantir l'accès à la justice");
    const expires = Date.parse(res.body.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(23 * 3600_000);
    expect(expires).toBeLessThanOrEqual(24 * 3600_000 + 60_000);

    const stored = await one<{ sha256: string; sizeBytes: number; content: Buffer; createdByEmail: string; format: string }>(
      ctx.dataSource,
      `SELECT u.sha256, u.size_bytes, u.content, a.email AS created_by_email, u.format FROM import_upload u JOIN app_user a ON a.id = u.created_by_id WHERE u.id = $1`,
      [res.body.uploadId],
    );
    expect(stored).toMatchObject({ sha256: sha256(bytes), sizeBytes: bytes.length, createdByEmail: DEMO.coordinator, format: 'csv' });
    expect(Buffer.from(stored.content).equals(bytes)).toBe(true);
    expect(await snapshot()).toEqual({ ...before, uploads: before.uploads + 1 });
  });

  it('XLSX: the worksheets listed, the first read; the same upload previewed again on another sheet without sending it', async () => {
    const bytes = await twoSheets();
    const res = await preview(bytes, 'classeur.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null, sheets: ['Recommandations', 'Notes'], sheet: 'Recommandations', columns: ['code', 'text_fr', 'response'], totalRows: 3 });
    expect(res.body.rows.map((r: { row: number }) => r.row)).toEqual([2, 3, 4]);
    const n = await uploads();
    const again = await previewAgain(res.body.uploadId, { sheet: 'Notes' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ uploadId: res.body.uploadId, sheet: 'Notes', columns: ['remarque', 'auteur'], rows: [{ row: 2, cells: ['à vérifier', 'DIDH'] }] });
    expect(await uploads()).toBe(n);
    const noSheet = await previewAgain(res.body.uploadId, { sheet: 'Absente' });
    expect(noSheet.status).toBe(400);
    expect(noSheet.body.code).toBe('import.mapping_invalid');
  });

  it('JSON (UHRI): the fields as columns, a list cell joined', async () => {
    const res = await preview(readFileSync(JSON_FILE), 'uhri.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'json', delimiter: null, sheets: [] });
    expect(res.body.columns).toEqual(expect.arrayContaining(['Symbol', 'Text', 'Countries', 'Themes', 'Body']));
    const themes = res.body.columns.indexOf('Sdgs');
    expect(res.body.rows[0].cells[themes]).toBe('16.3');
    expect(res.body.rows[0].cells[res.body.columns.indexOf('Symbol')]).toBe('CAT/C/MAR/CO/4, para. 12');
  });

  it('at most 20 rows are shown, with the total counted', async () => {
    const lines = ['code;text_fr', ...Array.from({ length: 45 }, (_, i) => `L-${i + 1};Recommandation numéro ${i + 1}`)];
    const res = await preview(Buffer.from(lines.join('\n')), 'long.csv');
    expect(res.status).toBe(200);
    expect(res.body.totalRows).toBe(45);
    expect(res.body.rows).toHaveLength(20);
    expect(res.body.rows.at(-1)).toEqual({ row: 21, cells: ['L-20', 'Recommandation numéro 20'] });
  });

  it('dry run and commit by uploadId: the stored file is read (same SHA-256), the recommendations written once', async () => {
    const bytes = readFileSync(CSV);
    const { body: p } = await preview(bytes, 'par-id.csv');
    const before = await counts(ctx);
    const dry = await byId(p.uploadId, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, status: 'succeeded', fileName: 'par-id.csv', sha256: sha256(bytes), sizeBytes: bytes.length, format: 'csv', delimiter: ';' });
    expect(dry.body.counts.rejected).toBe(0);
    expect(dry.body.counts.new).toBeGreaterThan(0);
    expect((await counts(ctx)).recs).toBe(before.recs);

    const started = await byId(p.uploadId, false);
    expect(started.status).toBe(202);
    const done = await waitForImport(ctx, token, started.body.id);
    expect(done.status).toBe('succeeded');
    expect(done.counts).toEqual(dry.body.counts);
    expect((await counts(ctx)).recs).toBe(before.recs + dry.body.counts.new);
    // The job keeps its own copy of the original: downloadable, byte for byte.
    const file = await request(ctx.http).get(`/api/v1/imports/${started.body.id}/file`).set('Authorization', `Bearer ${token}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body as Buffer, bytes)).toBe(0);
    // Re-importing the same upload changes nothing.
    const again = await byId(p.uploadId, true);
    expect(again.body.counts).toMatchObject({ new: 0, updated: 0, unchanged: dry.body.counts.new });
  });

  it('stored bytes changed since the preview (same size, one byte): 409 naming uploadId, nothing read, nothing written', async () => {
    const { body: p } = await preview(readFileSync(CSV), 'altere.csv');
    await execute(ctx.dataSource, `UPDATE import_upload SET content = overlay(content placing '\\x58'::bytea from 1 for 1) WHERE id = $1 RETURNING id`, [p.uploadId]);
    const before = await snapshot();
    for (const dryRun of [true, false]) {
      const res = await byId(p.uploadId, dryRun);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'common.conflict', details: { field: 'uploadId', uploadId: p.uploadId, reason: 'sha256_mismatch' } });
    }
    const again = await previewAgain(p.uploadId);
    expect(again.status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it("another user's uploadId: 404 naming uploadId (as an unknown one), nothing written; the uploader still uses it", async () => {
    const { body: p } = await preview(readFileSync(CSV), 'le-mien.csv');
    const before = await snapshot();
    for (const res of [await byId(p.uploadId, true, otherToken), await byId(p.uploadId, false, otherToken), await previewAgain(p.uploadId, {}, otherToken)]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'common.not_found', details: { field: 'uploadId' } });
    }
    const unknown = await byId('00000000-0000-4000-8000-000000000000', true);
    expect(unknown.status).toBe(404);
    expect(unknown.body.details).toMatchObject({ field: 'uploadId' });
    expect(await snapshot()).toEqual(before);
    expect((await byId(p.uploadId, true)).status).toBe(200);
  });

  it('an expired upload: 410 naming uploadId, nothing written; expired uploads are removed by the next preview', async () => {
    const { body: p } = await preview(readFileSync(CSV), 'perime.csv');
    await execute(ctx.dataSource, `UPDATE import_upload SET expires_at = now() - interval '1 second' WHERE id = $1 RETURNING id`, [p.uploadId]);
    const before = await snapshot();
    const res = await byId(p.uploadId, false);
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ code: 'common.not_found', details: { field: 'uploadId', uploadId: p.uploadId } });
    expect(await snapshot()).toEqual(before);
    await preview(readFileSync(CSV), 'suivant.csv');
    expect(await one(ctx.dataSource, `SELECT count(*)::int AS n FROM import_upload WHERE id = $1`, [p.uploadId])).toEqual({ n: 0 });
  });

  it('bad requests: uploadId not an id, both a file and uploadId, neither, a bad delimiter → 400 naming the field; nothing written', async () => {
    const before = await snapshot();
    const notId = await byId('not-an-id', true);
    expect(notId.status).toBe(400);
    expect(notId.body).toMatchObject({ code: 'validation.failed', details: { fields: { uploadId: 'validation.invalid' } } });
    const { body: p } = await preview(readFileSync(CSV), 'deux.csv');
    const both = await request(ctx.http).post('/api/v1/imports').set('Authorization', `Bearer ${token}`).attach('file', readFileSync(CSV), 'x.csv').field('uploadId', p.uploadId).field('dryRun', 'true');
    expect(both.status).toBe(400);
    expect(both.body.details.fields).toEqual({ uploadId: 'validation.invalid' });
    const neither = await request(ctx.http).post('/api/v1/imports/preview').set('Authorization', `Bearer ${token}`).field('sheet', 'A');
    expect(neither.status).toBe(400);
    expect(neither.body.code).toBe('import.file_missing');
    const delimiter = await preview(readFileSync(CSV), 'x.csv', { delimiter: ':' });
    expect(delimiter.status).toBe(400);
    expect(delimiter.body.details.fields).toEqual({ delimiter: 'validation.enum' });
    expect(await snapshot()).toEqual({ ...before, uploads: before.uploads + 1 });
  });

  it('a refused file (empty, wrong type, header only) is not stored', async () => {
    const before = await snapshot();
    for (const [content, name, status] of [
      [Buffer.alloc(0), 'vide.csv', 422],
      [Buffer.from('%PDF-1.4\n'), 'faux.csv', 415],
      [Buffer.from('code;text_fr\n'), 'entete.csv', 422],
      [Buffer.from('code;text_fr\nA;b\n'), 'document.pdf', 415],
    ] as const) {
      const res = await preview(content, name);
      expect([name, res.status]).toEqual([name, status]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it(`a user keeps at most ${UPLOADS_PER_USER} uploads: the oldest goes (404 afterwards); the other user's are untouched`, async () => {
    const { body: theirs } = await preview(readFileSync(CSV), 'autre.csv', {}, otherToken);
    const ids: string[] = [];
    for (let i = 0; i <= UPLOADS_PER_USER; i++) ids.push((await preview(Buffer.from(`code;text_fr\nC-${i};Texte ${i}\n`), `f${i}.csv`)).body.uploadId);
    const mine = await many<{ id: string }>(ctx.dataSource, `SELECT u.id FROM import_upload u JOIN app_user a ON a.id = u.created_by_id WHERE a.email = $1`, [DEMO.coordinator]);
    expect(mine).toHaveLength(UPLOADS_PER_USER);
    expect(mine.map((r) => r.id)).not.toContain(ids[0]);
    expect((await byId(ids[0]!, true)).status).toBe(404);
    expect((await byId(ids.at(-1)!, true)).status).toBe(200);
    expect((await previewAgain(theirs.uploadId, {}, otherToken)).status).toBe(200);
  });

  it('the upload-per-request mode still works (file with the dry run)', async () => {
    const res = await request(ctx.http).post('/api/v1/imports').set('Authorization', `Bearer ${token}`).attach('file', readFileSync(CSV), 'direct.csv').field('mapping', JSON.stringify(MAPPING)).field('dryRun', 'true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, fileName: 'direct.csv', sha256: sha256(readFileSync(CSV)) });
  });
});
