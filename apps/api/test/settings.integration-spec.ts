import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { DEFAULT_WORD_LIMITS } from '@sidh/domain';
import { RemindersService } from '../src/modules/notifications/reminders.service.js';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

const LOGOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/logos');
const logo = (name: string) => readFileSync(path.join(LOGOS, name));
const DAY = 86_400_000;

/**
 * Organisation settings (settings:manage, the administrator): validated per key, conditional on
 * If-Match, audited; the login page's public name and logo; hostile logo files refused (fixtures in
 * fixtures/logos/not-ok); reports use the organisation's name and the word limits; the reminder
 * sweep uses the default reminder days.
 */
describe('settings', () => {
  let ctx: TestContext;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    ctx = await createTestApp({ env: { REMINDER_DAYS_BEFORE: '7' } });
    [admin, coordinator] = await Promise.all([ctx.login(DEMO.admin), ctx.login(DEMO.coordinator)]);
  });
  afterAll(() => ctx.close());

  const api = (method: 'get' | 'put' | 'post' | 'delete', url: string, token = admin) => request(ctx.http)[method](`/api/v1${url}`).set('Authorization', `Bearer ${token}`);
  const put = (url: string, version: number, body: object, token = admin) => api('put', url, token).set('If-Match', `"${version}"`).send(body);
  const settings = async () => (await api('get', '/settings')).body;
  const auditCount = async (): Promise<number> => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
  const events = (key: string): Promise<Array<{ action: string; changes: Record<string, { before: unknown; after: unknown }> }>> =>
    ctx.dataSource.query(`SELECT action, changes FROM audit_event WHERE entity_type = 'setting' AND entity_id = $1 ORDER BY id`, [key]);

  it('lists the defaults before anything is set (versions 0)', async () => {
    const s = await settings();
    expect(s).toMatchObject({ organisationName: null, organisationNameVersion: 0, logo: null, logoVersion: 0, reminderDaysBefore: 7, reminderDaysBeforeDefault: 7, remindersVersion: 0, wordLimitsVersion: 0 });
    expect(s.wordLimits.find((l: { type: string }) => l.type === 'periodic')).toEqual({ type: 'periodic', limit: DEFAULT_WORD_LIMITS.periodic, defaultLimit: DEFAULT_WORD_LIMITS.periodic });
    expect((await api('get', '/settings/public')).body).toEqual({ organisationName: null, logoUrl: null, logoWidth: null, logoHeight: null });
  });

  it('only the administrator manages settings (403 for the coordinator, 401 without a session)', async () => {
    expect((await api('get', '/settings', coordinator)).status).toBe(403);
    expect((await put('/settings/organisation-name', 0, { ar: 'x', fr: 'x', en: 'x' }, coordinator)).status).toBe(403);
    expect((await request(ctx.http).put('/api/v1/settings/reminders').set('If-Match', '"0"').send({ daysBefore: 3 })).status).toBe(401);
    expect((await api('get', '/settings/word-limits', coordinator)).status).toBe(200);
  });

  it('validates each setting and names the field; nothing is written on bad input', async () => {
    const before = await auditCount();
    const cases: Array<[string, object, Record<string, string>]> = [
      ['/settings/organisation-name', { ar: 'x', fr: 'y' }, { en: 'validation.required' }],
      ['/settings/organisation-name', { ar: 'x', fr: 'y', en: 'z'.repeat(201) }, { en: 'validation.maxLength' }],
      ['/settings/organisation-name', { ar: '', fr: ' ', en: '' }, { fr: 'validation.invalid' }],
      ['/settings/reminders', { daysBefore: 0 }, { daysBefore: 'validation.min' }],
      ['/settings/reminders', { daysBefore: 61 }, { daysBefore: 'validation.max' }],
      ['/settings/reminders', { daysBefore: 2, extra: true }, { extra: 'validation.unknownField' }],
      ['/settings/word-limits', { limits: [{ type: 'nope', limit: 1000 }] }, { 'limits.0.type': 'validation.enum' }],
      ['/settings/word-limits', { limits: [{ type: 'periodic', limit: 5 }] }, { 'limits.0.limit': 'validation.min' }],
      ['/settings/word-limits', { limits: [{ type: 'periodic', limit: 9000 }, { type: 'periodic', limit: 8000 }] }, { 'limits.1.type': 'validation.invalid' }],
    ];
    for (const [url, body, fields] of cases) {
      const res = await put(url, 0, body);
      expect({ url, body, status: res.status, fields: res.body.details?.fields }).toEqual({ url, body, status: 400, fields });
    }
    expect(await auditCount()).toBe(before);
    expect(await ctx.dataSource.query(`SELECT key FROM setting`)).toEqual([]);
  });

  it('sets the organisation name under If-Match (428 without, 412 when stale), audited, shown by the public endpoint', async () => {
    const name = { ar: 'المندوبية الوزارية المكلفة بحقوق الإنسان', fr: 'Délégation interministérielle aux droits de l’homme', en: 'Interministerial Delegation for Human Rights' };
    expect((await api('put', '/settings/organisation-name').send(name)).status).toBe(428);
    const first = await put('/settings/organisation-name', 0, name);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ organisationName: name, organisationNameVersion: 1 });
    const stale = await put('/settings/organisation-name', 0, { ...name, fr: 'Perdu' });
    expect(stale.status).toBe(412);
    expect(stale.body.details.current.organisationName).toEqual(name);
    expect((await put('/settings/organisation-name', 1, { ...name, en: 'DIDH' })).body.organisationNameVersion).toBe(2);
    expect((await events('organisation.name')).map((e) => [e.action, e.changes['organisation.name']!.before, e.changes['organisation.name']!.after])).toEqual([
      ['setting.update', null, name],
      ['setting.update', name, { ...name, en: 'DIDH' }],
    ]);
    // The public endpoint (no session) shows it at once: the write empties its cache.
    const pub = await request(ctx.http).get('/api/v1/settings/public');
    expect(pub.status).toBe(200);
    expect(pub.body.organisationName).toEqual({ ...name, en: 'DIDH' });
  });

  it.each(readdirSync(path.join(LOGOS, 'not-ok')))('refuses the hostile logo %s (400 naming file), storing nothing', async (file) => {
    const before = await auditCount();
    const version = (await settings()).logoVersion;
    const res = await api('put', '/settings/logo').set('If-Match', `"${version}"`).attach('file', logo(`not-ok/${file}`), { filename: file.replace(/\.\w+$/, '.png'), contentType: 'image/png' });
    expect(res.status).toBe(400);
    expect(res.body.details.fields).toEqual({ file: 'validation.invalid' });
    expect(res.body.details.reason).toMatch(/^(unsupported_type|png_invalid|png_too_large|svg_invalid|svg_active_content)$/);
    expect(await auditCount()).toBe(before);
    expect((await settings()).logoVersion).toBe(version);
  });

  it('refuses a logo over 200 KB (413) and a missing file (400 naming file)', async () => {
    const big = Buffer.concat([Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'), Buffer.alloc(210 * 1024, 0x20), Buffer.from('</svg>')]);
    expect((await api('put', '/settings/logo').set('If-Match', '"0"').attach('file', big, 'big.svg')).status).toBe(413);
    const none = await api('put', '/settings/logo').set('If-Match', '"0"').field('x', '1');
    expect(none.status).toBe(400);
  });

  it('stores a PNG, then a plain SVG; serves it with its type, nosniff and a script-free CSP; the login page gets its URL', async () => {
    const png = await api('put', '/settings/logo').set('If-Match', '"0"').attach('file', logo('ok/logo.png'), { filename: 'logo.svg', contentType: 'image/svg+xml' });
    expect(png.status).toBe(200);
    // The content decides, not the name or the declared type.
    expect(png.body.logo).toMatchObject({ mediaType: 'image/png', width: 64, height: 64, bytes: logo('ok/logo.png').length });
    const svg = await api('put', '/settings/logo').set('If-Match', '"1"').attach('file', logo('ok/logo.svg'), 'logo.svg');
    expect(svg.status).toBe(200);
    expect(svg.body.logo.mediaType).toBe('image/svg+xml');
    const pub = (await request(ctx.http).get('/api/v1/settings/public')).body;
    expect(pub.logoUrl).toBe(svg.body.logo.url);
    const file = await request(ctx.http).get(pub.logoUrl).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toContain("default-src 'none'");
    expect(file.headers['cache-control']).toContain('immutable');
    expect((file.body as Buffer).equals(logo('ok/logo.svg'))).toBe(true);
    // The audit trail records the file's hash, never its bytes.
    const trail = await events('organisation.logo');
    expect(trail).toHaveLength(2);
    expect(JSON.stringify(trail)).not.toContain(logo('ok/logo.png').toString('base64').slice(0, 40));
    expect((trail[1]!.changes['organisation.logo']!.after as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('new reports take the word limit set for their type and carry the organisation name on their title page', async () => {
    const s = await settings();
    const res = await put('/settings/word-limits', s.wordLimitsVersion, { limits: [{ type: 'upr_national', limit: 8000 }, { type: 'follow_up', limit: null }] });
    expect(res.status).toBe(200);
    expect(res.body.wordLimits.find((l: { type: string }) => l.type === 'upr_national')).toEqual({ type: 'upr_national', limit: 8000, defaultLimit: DEFAULT_WORD_LIMITS.upr_national });
    expect((await api('get', '/settings/word-limits', coordinator)).body.wordLimits.find((l: { type: string }) => l.type === 'upr_national').limit).toBe(8000);

    const upr = await recommendationFactory(ctx).bodyId('UPR');
    const created = await api('post', '/reports', coordinator).send({ type: 'upr_national', bodyId: upr, language: 'fr', title: 'Rapport national EPU', filter: {} });
    expect(created.status).toBe(201);
    expect(created.body.wordLimit).toBe(8000);
    // An explicit limit still wins.
    const explicit = await api('post', '/reports', coordinator).send({ type: 'upr_national', bodyId: upr, language: 'fr', title: 'Autre', filter: {}, wordLimit: 9500 });
    expect(explicit.body.wordLimit).toBe(9500);

    const docx = await api('get', `/reports/${created.body.id}/docx`, coordinator).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(docx.status).toBe(200);
    const xml = strFromU8(unzipSync(docx.body as Buffer)['word/document.xml']!);
    const titlePage = xml.slice(0, xml.indexOf('<w:sectPr'));
    expect(titlePage).toContain('Délégation interministérielle aux droits de l’homme');
  });

  it('the reminder sweep uses the default reminder days set by the administrator', async () => {
    const [{ deadline }] = await ctx.dataSource.query(`SELECT to_char(deadline, 'YYYY-MM-DD') AS deadline FROM campaign WHERE status = 'open' ORDER BY deadline LIMIT 1`);
    const open = (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM contribution c JOIN campaign cp ON cp.id = c.campaign_id WHERE cp.status = 'open' AND c.status IN ('draft', 'returned') AND cp.deadline = $1`, [deadline]))[0].n as number;
    expect(open).toBeGreaterThan(0);
    const reminders = ctx.app.get(RemindersService);
    // 10 days before the deadline: outside the built-in 7 days, nothing is due.
    const tenDaysBefore = new Date(new Date(`${deadline}T09:00:00Z`).getTime() - 10 * DAY);
    expect((await reminders.sweep(tenDaysBefore)).reminders).toBe(0);
    const s = await settings();
    expect((await put('/settings/reminders', s.remindersVersion, { daysBefore: 14 })).body.reminderDaysBefore).toBe(14);
    expect((await events('reminders.days_before')).map((e) => e.changes['reminders.days_before'])).toEqual([{ before: null, after: 14 }]);
    expect((await reminders.sweep(tenDaysBefore)).reminders).toBeGreaterThan(0);
  });
});
