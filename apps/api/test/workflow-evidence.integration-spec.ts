import ExcelJS from 'exceljs';
import { readdirSync, unlinkSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, DEMO, type TestContext } from './harness.js';
import { contributionFactory } from './factories/contribution.factory.js';
import { auth } from './workflow-helpers.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(17)]);

/** Uploads (docs/security.md#e-files-imports-and-exports): size (413, nothing stored), type by content (415), safe names, download headers, confidentiality. */
describe('evidence uploads', () => {
  let ctx: TestContext;
  let uploadDir: string;
  let fp: string;
  let fpMI: string;
  let admin: string;
  let auditor: string;
  let coordinator: string;
  let contributions: ReturnType<typeof contributionFactory>;
  let id: string;
  const stored = () => {
    try {
      return readdirSync(path.join(uploadDir, 'evidence'));
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    uploadDir = mkdtempSync(path.join(os.tmpdir(), 'sidh-evidence-'));
    ctx = await createTestApp({ env: { UPLOAD_DIR: uploadDir, EVIDENCE_MAX_BYTES: '4096' } });
    fp = await ctx.login(DEMO.focalJustice);
    fpMI = await ctx.login(DEMO.focalInterior);
    admin = await ctx.login(DEMO.admin);
    auditor = await ctx.login(DEMO.auditor);
    coordinator = await ctx.login(DEMO.coordinator);
    contributions = contributionFactory(ctx);
    id = (await contributions.newContribution()).id;
  });
  afterAll(() => ctx.close());

  const upload = (name: string, content: Buffer, fields: Record<string, string> = {}) => {
    let req = request(ctx.http).post(`/api/v1/contributions/${id}/evidence`).set(auth(fp));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', content, { filename: name, contentType: 'application/octet-stream' });
  };

  it('an oversize file → 413 and nothing stored', async () => {
    const res = await upload('big.pdf', Buffer.concat([PDF, Buffer.alloc(5000)]));
    expect(res.status).toBe(413);
    expect(stored()).toEqual([]);
    const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM evidence`);
    expect(n).toBe(0);
  });

  it('content not matching its extension → 415 evidence.type_mismatch, nothing stored', async () => {
    const mismatch = await upload('report.docx', PDF);
    expect(mismatch.status).toBe(415);
    expect(mismatch.body.code).toBe('evidence.type_mismatch');
    expect(stored()).toEqual([]);
  });

  it('an executable named .pdf → 415 evidence.unsupported_type, nothing stored', async () => {
    const exe = await upload('evil.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff'));
    expect(exe.status).toBe(415);
    expect(exe.body.code).toBe('evidence.unsupported_type');
    expect(stored()).toEqual([]);
  });

  it('HTML named .pdf → 415, nothing stored', async () => {
    const html = await upload('page.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(415);
    expect(stored()).toEqual([]);
  });

  it('accepts PDF, PNG and XLSX by content; stores under a generated name', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Indicators').addRow(['a', 1]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const limitApp = xlsx.length;
    expect(limitApp).toBeLessThan(4096 * 3);
    const before = stored().length;
    for (const [name, content] of [['loi.pdf', PDF], ['photo.PNG', PNG]] as const) {
      const res = await upload(name, content, { confidentiality: 'public' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'file', fileName: name.replace('PNG', 'png'), confidentiality: 'public' });
    }
    expect(stored()).toHaveLength(before + 2);
    expect(stored().every((f) => /^[0-9a-f-]{36}\.bin$/.test(f))).toBe(true);
  });

  it('a path-traversal name keeps only its last segment', async () => {
    const traversal = await upload('../../etc/passwd.pdf', PDF);
    expect(traversal.status).toBe(201);
    expect(traversal.body.fileName).toBe('passwd.pdf');
    expect(readdirSync(uploadDir)).toEqual(['evidence']);
  });

  it('an RTL-override name loses its bidirectional controls', async () => {
    const rtl = await upload('invoice\u202Efdp.exe.pdf', PDF, { confidentiality: 'restricted' });
    expect(rtl.status).toBe(201);
    expect(rtl.body.fileName).toBe('invoicefdp.exe.pdf');
  });

  it('a download is an attachment with an ASCII and a UTF-8 name, nosniff, a sandbox CSP, and the stored bytes', async () => {
    const arabic = await upload('تقرير "2024".pdf', PDF);
    expect(arabic.status).toBe(201);
    const dl = await request(ctx.http).get(arabic.body.downloadPath).set(auth(fp));
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="_____ _2024_.pdf"; filename*=UTF-8''${encodeURIComponent('تقرير _2024_.pdf')}`);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-security-policy']).toMatch(/^sandbox/);
    expect(Buffer.from(dl.body as Buffer).equals(PDF)).toBe(true);
    // nothing outside the storage root
    expect(readdirSync(uploadDir)).toEqual(['evidence']);
  });

  it('a record whose file is gone (lost volume) answers 404 JSON, not a half-sent attachment', async () => {
    const lost = await upload('perdu.pdf', PDF);
    expect(lost.status).toBe(201);
    for (const name of readdirSync(path.join(uploadDir, 'evidence'))) {
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM evidence WHERE id = $1 AND storage_name = $2`, [lost.body.id, name]);
      if (n === 1) unlinkSync(path.join(uploadDir, 'evidence', name));
    }
    const dl = await request(ctx.http).get(lost.body.downloadPath).set(auth(fp));
    expect(dl.status).toBe(404);
    expect(dl.headers['content-type']).toMatch(/^application\/json/);
    expect(dl.headers['content-disposition']).toBeUndefined();
    expect(dl.body.code).toBe('common.not_found');
  });

  it('ten concurrent removals of one evidence: one 204 and one audit event, the others 404', async () => {
    await ctx.app.listen(0, '127.0.0.1');
    const base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    const made = await upload('double.pdf', PDF);
    expect(made.status).toBe(201);
    const [{ before }] = await ctx.dataSource.query(`SELECT count(*)::int AS before FROM audit_event WHERE action = 'evidence.remove'`);
    const results = await Promise.all(Array.from({ length: 10 }, () => request(base).delete(`/api/v1/evidence/${made.body.id}`).set(auth(fp))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([204, ...Array(9).fill(404)]);
    const [{ after }] = await ctx.dataSource.query(`SELECT count(*)::int AS after FROM audit_event WHERE action = 'evidence.remove'`);
    expect(after - before).toBe(1);
  });

  it('restricted files: the institution, coordinators and auditors; not the admin; not another institution', async () => {
    const restricted = await upload('note.pdf', PDF, { confidentiality: 'restricted' });
    const internal = await upload('rapport.pdf', PDF);
    expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(fp))).status).toBe(200);
    expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(coordinator))).status).toBe(200);
    expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(auditor))).status).toBe(200);
    expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(admin))).status).toBe(404);
    expect((await request(ctx.http).get(restricted.body.downloadPath).set(auth(fpMI))).status).toBe(404);
    expect((await request(ctx.http).get(internal.body.downloadPath).set(auth(admin))).status).toBe(200);
  });

  it('links: http(s) only (javascript: and file: → 400)', async () => {
    expect((await request(ctx.http).post(`/api/v1/contributions/${id}/evidence`).set(auth(fp)).send({ url: 'javascript:alert(1)' })).status).toBe(400);
    expect((await request(ctx.http).post(`/api/v1/contributions/${id}/evidence`).set(auth(fp)).send({ url: 'file:///etc/passwd' })).status).toBe(400);
  });

  it('a link is stored as given, with no download path (never fetched)', async () => {
    const link = await request(ctx.http).post(`/api/v1/contributions/${id}/evidence`).set(auth(fp)).send({ url: 'https://www.sgg.gov.ma/bo.pdf', title: 'Bulletin officiel' });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ kind: 'link', downloadPath: null, url: 'https://www.sgg.gov.ma/bo.pdf' });
  });

  it('removing a file evidence deletes the stored file', async () => {
    const file = await upload('annexe.pdf', PDF);
    const before = stored().length;
    expect((await request(ctx.http).delete(`/api/v1/evidence/${file.body.id}`).set(auth(fp))).status).toBe(204);
    expect(stored()).toHaveLength(before - 1);
  });

  it('every evidence added or removed is audited on its contribution', async () => {
    const other = await contributions.newContribution();
    const file = await request(ctx.http).post(`/api/v1/contributions/${other.id}/evidence`).set(auth(fp)).attach('file', PDF, { filename: 'loi.pdf', contentType: 'application/pdf' });
    await request(ctx.http).post(`/api/v1/contributions/${other.id}/evidence`).set(auth(fp)).send({ url: 'https://www.sgg.gov.ma/bo.pdf' });
    await request(ctx.http).delete(`/api/v1/evidence/${file.body.id}`).set(auth(fp));
    const rows = await ctx.dataSource.query(`SELECT action FROM audit_event WHERE entity_type = 'contribution' AND entity_id = $1 AND action LIKE 'evidence.%' ORDER BY id`, [other.id]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['evidence.add', 'evidence.add', 'evidence.remove']);
  });

  it('evidence of a submitted contribution cannot change (409 contribution.not_editable)', async () => {
    const submitted = await contributions.newContribution({ status: 'submitted' });
    const res = await request(ctx.http).post(`/api/v1/contributions/${submitted.id}/evidence`).set(auth(fp)).send({ url: 'https://www.sgg.gov.ma/bo.pdf' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('contribution.not_editable');
  });
});
