import request from 'supertest';
import { recommendationFactory } from './factories/recommendation.factory.js';
import { upload } from './import-helpers.js';
import { createTestApp, DEMO, type TestContext } from './harness.js';

/**
 * Reference data administration (reference:manage): bodies, reviews, themes, affected persons, axes
 * and sub-axes are created, edited, deactivated and reactivated — never deleted —, each write
 * validated (4xx naming the field, nothing written), conditional on If-Match (412), audited in its
 * transaction, and seen at once by the recommendation facets, the dashboards (catalogue stamp) and
 * the importer.
 */
describe('reference data administration', () => {
  let ctx: TestContext;
  let admin: string;
  let coordinator: string;
  let focal: string;
  let auditor: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    [admin, coordinator, focal, auditor] = await Promise.all([ctx.login(DEMO.admin), ctx.login(DEMO.coordinator), ctx.login(DEMO.focalJustice), ctx.login(DEMO.auditor)]);
  });
  afterAll(() => ctx.close());

  const api = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token = admin) => request(ctx.http)[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
  const patch = (path: string, version: number, body: object, token = admin) => api('patch', path, token).set('If-Match', `"${version}"`).send(body);
  const list = async <T>(path: string): Promise<T[]> => (await api('get', `/reference/${path}`)).body as T[];
  const events = (entityType: string, entityId: string): Promise<Array<{ action: string; changes: Record<string, unknown>; actor_id: string | null }>> =>
    ctx.dataSource.query(`SELECT action, changes, actor_id FROM audit_event WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`, [entityType, entityId]);
  const count = async (table: string): Promise<number> => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const auditCount = async (): Promise<number> => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
  const stamp = async (): Promise<bigint> => BigInt((await ctx.dataSource.query(`SELECT stamp::text AS s FROM catalogue_stamp WHERE id = 1`))[0].s);
  const names = (tag: string) => ({ nameAr: `اسم ${tag}`, nameFr: `Nom ${tag}`, nameEn: `Name ${tag}` });

  type Item = { code: string; nameAr: string; nameFr: string; nameEn: string; active: boolean; version: number; axisCode?: string };

  describe.each([
    ['themes', 'theme'],
    ['affected-persons', 'affected_person'],
    ['axes', 'axis'],
  ])('%s', (path, entityType) => {
    const code = `adm-${entityType.replace('_', '-')}`.slice(0, 16);

    it('creates, renames, deactivates and reactivates, each audited with its action', async () => {
      const created = await api('post', `/reference/${path}`).send({ code, ...names('un') });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ code, ...names('un'), active: true, version: 1 });
      expect((await list<Item>(path)).find((i) => i.code === code)).toEqual(created.body);

      const renamed = await patch(`/reference/${path}/${code}`, 1, { nameFr: 'Nom renommé' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ nameFr: 'Nom renommé', nameEn: 'Name un', version: 2, active: true });

      const deactivated = await patch(`/reference/${path}/${code}`, 2, { active: false });
      expect(deactivated.body).toMatchObject({ active: false, version: 3 });
      // Still listed (records keep their labels), flagged inactive.
      expect((await list<Item>(path)).find((i) => i.code === code)?.active).toBe(false);

      const reactivated = await patch(`/reference/${path}/${code}`, 3, { active: true });
      expect(reactivated.body).toMatchObject({ active: true, version: 4 });

      const trail = await events(entityType, code);
      expect(trail.map((e) => e.action)).toEqual([`${entityType}.create`, `${entityType}.update`, `${entityType}.deactivate`, `${entityType}.reactivate`]);
      expect(trail[1]!.changes).toEqual({ nameFr: { before: 'Nom un', after: 'Nom renommé' } });
      expect(trail.every((e) => e.actor_id !== null)).toBe(true);
    });

    it('refuses a duplicate code (409 naming code) and a stale version (412), writing nothing', async () => {
      const before = [await count(entityType), await auditCount()];
      const dup = await api('post', `/reference/${path}`).send({ code, ...names('deux') });
      expect(dup.status).toBe(409);
      expect(dup.body.details).toEqual({ field: 'code' });
      const stale = await patch(`/reference/${path}/${code}`, 1, { nameFr: 'Perdu' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('concurrency.stale');
      expect(stale.body.details.current.nameFr).toBe('Nom renommé');
      expect([await count(entityType), await auditCount()]).toEqual(before);
    });
  });

  it('sub-axes need an existing, active axis (400 naming axisCode)', async () => {
    const [axis] = await list<Item>('axes');
    const missing = await api('post', '/reference/sub-axes').send({ code: 'sub-x', ...names('s') });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fields).toEqual({ axisCode: 'validation.required' });
    const unknown = await api('post', '/reference/sub-axes').send({ code: 'sub-x', axisCode: 'nope', ...names('s') });
    expect(unknown.body.details.fields).toEqual({ axisCode: 'validation.unknownCode' });
    const created = await api('post', '/reference/sub-axes').send({ code: 'sub-x', axisCode: axis!.code, ...names('s') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'sub-x', axisCode: axis!.code, active: true, version: 1 });
    expect((await events('sub_axis', 'sub-x')).map((e) => e.action)).toEqual(['sub_axis.create']);
    // axisCode belongs to sub-axes only.
    const wrong = await api('post', '/reference/themes').send({ code: 'theme-y', axisCode: axis!.code, ...names('t') });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.fields).toEqual({ axisCode: 'validation.unknownField' });
  });

  it('validates each field and names it; nothing is written on bad input', async () => {
    const before = [await count('theme'), await count('body'), await count('review'), await auditCount()];
    const cases: Array<[string, object, Record<string, string>]> = [
      ['/reference/themes', { code: 'bad code!', ...names('x') }, { code: 'validation.invalid' }],
      ['/reference/themes', { code: 'ok-code', ...names('x'), nameAr: '   ' }, { nameAr: 'validation.required' }],
      ['/reference/themes', { code: 'ok-code', nameFr: 'x', nameEn: 'x' }, { nameAr: 'validation.required' }],
      ['/reference/axes', { code: 'a'.repeat(17), ...names('x') }, { code: 'validation.maxLength' }],
      ['/reference/bodies', { code: 'NEWB', mechanism: 'NOPE', ...names('x') }, { mechanism: 'validation.enum' }],
      ['/reference/bodies', { code: 'NEWB', mechanism: 'TREATY_BODY', ...names('x'), followUpMonths: 0 }, { followUpMonths: 'validation.min' }],
      ['/reference/reviews', { bodyId: 'not-a-uuid', code: 'c', titleAr: 'ع', titleFr: 'f', titleEn: 'e' }, { bodyId: 'validation.invalid' }],
      ['/reference/reviews', { bodyId: '00000000-0000-4000-8000-000000000000', code: 'c', titleAr: 'ع', titleFr: 'f', titleEn: 'e' }, { bodyId: 'validation.unknownCode' }],
    ];
    for (const [path, body, fields] of cases) {
      const res = await api('post', path).send(body);
      expect({ path, body, status: res.status, fields: res.body.details?.fields }).toEqual({ path, body, status: 400, fields });
    }
    expect([await count('theme'), await count('body'), await count('review'), await auditCount()]).toEqual(before);
  });

  describe('bodies and reviews', () => {
    let bodyId: string;
    let uprId: string;

    beforeAll(async () => {
      uprId = await recommendationFactory(ctx).bodyId('UPR');
    });

    it('creates a special-procedure mandate with a follow-up delay, then edits it', async () => {
      const res = await api('post', '/reference/bodies').send({ code: 'SR-TEST', mechanism: 'SPECIAL_PROCEDURE', nameAr: 'المقرر الخاص التجريبي', nameFr: 'Rapporteur spécial expérimental', nameEn: 'Experimental Special Rapporteur', followUpMonths: 12 });
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      bodyId = res.body.id;
      expect(res.body).toMatchObject({ code: 'SR-TEST', mechanism: 'SPECIAL_PROCEDURE', followUpMonths: 12, active: true, version: 1 });
      const dup = await api('post', '/reference/bodies').send({ code: 'sr-test', mechanism: 'SPECIAL_PROCEDURE', ...names('x') });
      expect(dup.status).toBe(409);
      expect(dup.body.details).toEqual({ field: 'code' });
      const edited = await patch(`/reference/bodies/${bodyId}`, 1, { followUpMonths: 24 });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ followUpMonths: 24, version: 2 });
      // The code and mechanism never change (recommendations and imports rely on them).
      expect((await patch(`/reference/bodies/${bodyId}`, 2, { code: 'OTHER' })).body.details.fields).toEqual({ code: 'validation.unknownField' });
      expect((await patch(`/reference/bodies/${bodyId}`, 1, { followUpMonths: 6 })).status).toBe(412);
      expect((await patch(`/reference/bodies/${bodyId}`, 2, { followUpMonths: 6 })).status).toBe(200);
      expect((await events('body', bodyId)).map((e) => e.action)).toEqual(['body.create', 'body.update', 'body.update']);
    });

    it('a review: the body must exist and be of the mechanism given; cycle only for the UPR; dates valid; unique code and symbol', async () => {
      const base = { bodyId: uprId, mechanism: 'UPR', code: 'cycle-9', titleAr: 'الجولة التاسعة', titleFr: 'EPU – 9e cycle', titleEn: 'UPR – 9th cycle', cycle: 9, reviewDate: '2032-11-08', documentSymbol: 'A/HRC/99/9' };
      const before = [await count('review'), await auditCount()];
      const refusals: Array<[object, number, unknown]> = [
        [{ ...base, mechanism: 'TREATY_BODY' }, 400, { fields: { bodyId: 'validation.invalid' } }],
        [{ ...base, bodyId }, 400, { fields: { bodyId: 'validation.invalid' } }],
        [{ ...base, bodyId, mechanism: undefined }, 400, { fields: { cycle: 'validation.invalid' } }],
        [{ ...base, reviewDate: '2032-02-30' }, 400, { fields: { reviewDate: 'validation.date' } }],
        [{ ...base, reviewDate: '08/11/2032' }, 400, { fields: { reviewDate: 'validation.date' } }],
        [{ ...base, year: 2031 }, 400, { fields: { year: 'validation.invalid' } }],
        [{ ...base, documentSymbol: 'A/HRC/36/6' }, 409, { field: 'documentSymbol' }],
      ];
      // A/HRC/36/6 is the seeded cycle-3 report's symbol, when the seed carries it.
      const seeded = (await list<{ documentSymbol: string | null }>('reviews')).some((r) => r.documentSymbol === 'A/HRC/36/6');
      for (const [body, status, details] of refusals) {
        if (!seeded && status === 409) continue;
        const res = await api('post', '/reference/reviews').send(body);
        expect({ body, status: res.status, details: res.body.details }).toEqual({ body, status, details });
      }
      expect([await count('review'), await auditCount()]).toEqual(before);

      const created = await api('post', '/reference/reviews').send(base);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ bodyId: uprId, code: 'cycle-9', cycle: 9, year: 2032, reviewDate: '2032-11-08', documentSymbol: 'A/HRC/99/9', active: true, version: 1 });
      const again = await api('post', '/reference/reviews').send({ ...base, documentSymbol: 'A/HRC/99/10' });
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual({ field: 'code' });
      const sameSymbol = await api('post', '/reference/reviews').send({ ...base, code: 'cycle-10', cycle: 10, documentSymbol: 'a/hrc/99/9 ' });
      expect(sameSymbol.body.details).toEqual({ field: 'documentSymbol' });

      const visit = await api('post', '/reference/reviews').send({ bodyId, code: 'visit-2031', titleAr: 'زيارة', titleFr: 'Visite', titleEn: 'Visit', session: 'visit', reviewDate: '2031-05-02' });
      expect(visit.status).toBe(201);
      expect(visit.body.year).toBe(2031);
      const edited = await patch(`/reference/reviews/${visit.body.id}`, 1, { titleFr: 'Visite au Maroc', documentSymbol: 'A/HRC/50/1/Add.1' });
      expect(edited.body).toMatchObject({ titleFr: 'Visite au Maroc', documentSymbol: 'A/HRC/50/1/Add.1', version: 2 });
      expect((await patch(`/reference/reviews/${visit.body.id}`, 2, { cycle: 1 })).body.details).toEqual({ fields: { cycle: 'validation.invalid' } });
      expect((await patch(`/reference/reviews/${visit.body.id}`, 1, { titleFr: 'x' })).status).toBe(412);
      expect((await events('review', visit.body.id)).map((e) => e.action)).toEqual(['review.create', 'review.update']);
    });

    it('a deactivated body takes no new review', async () => {
      const body = (await list<{ id: string; version: number }>('bodies')).find((b) => b.id === bodyId)!;
      expect((await patch(`/reference/bodies/${bodyId}`, body.version, { active: false })).body.active).toBe(false);
      const res = await api('post', '/reference/reviews').send({ bodyId, code: 'visit-2040', titleAr: 'ع', titleFr: 'f', titleEn: 'e' });
      expect(res.body.details).toEqual({ fields: { bodyId: 'validation.invalid' } });
      expect((await events('body', bodyId)).at(-1)!.action).toBe('body.deactivate');
      expect((await patch(`/reference/bodies/${bodyId}`, body.version + 1, { active: true })).body.active).toBe(true);
    });
  });

  it('nothing is ever deleted: no DELETE route, and a referenced theme deactivated stays on its recommendation and in its history', async () => {
    const themes = await list<Item>('themes');
    const used = (await ctx.dataSource.query(`SELECT theme_code AS code, recommendation_id AS id FROM recommendation_theme LIMIT 1`))[0] as { code: string; id: string };
    expect((await api('delete', `/reference/themes/${used.code}`)).status).toBe(404);
    expect((await api('delete', `/reference/bodies/${(await list<{ id: string }>('bodies'))[0]!.id}`)).status).toBe(404);
    const theme = themes.find((t) => t.code === used.code)!;
    const themeFacet = async () => ((await api('get', '/recommendations/facets')).body as Record<string, Array<{ value: string }>>)['theme']!.map((b) => b.value);
    expect(await themeFacet()).toContain(used.code);
    const res = await patch(`/reference/themes/${used.code}`, theme.version, { active: false });
    expect(res.status).toBe(200);
    // No longer offered as a filter (the facet cache sees the change at once)...
    expect(await themeFacet()).not.toContain(used.code);
    const trail = await events('theme', used.code);
    expect(trail.at(-1)!.changes['usage']).toBeGreaterThan(0);
    // ...but the recommendation still carries it.
    const detail = await api('get', `/recommendations/${used.id}`);
    expect(detail.body.themes.map((t: { code: string }) => t.code)).toContain(used.code);
    expect(await count('theme')).toBe(themes.length);
    expect((await patch(`/reference/themes/${used.code}`, theme.version + 1, { active: true })).status).toBe(200);
    expect(await themeFacet()).toContain(used.code);
  });

  it('reference:manage is the admin’s and the coordinator’s only (403 for focal points and auditors)', async () => {
    expect((await api('post', '/reference/themes', coordinator).send({ code: 'coord-theme', ...names('c') })).status).toBe(201);
    for (const token of [focal, auditor]) {
      expect((await api('post', '/reference/themes', token).send({ code: 'no-theme', ...names('n') })).status).toBe(403);
      expect((await patch('/reference/themes/coord-theme', 1, { nameFr: 'x' }, token)).status).toBe(403);
      expect((await api('get', '/reference/themes', token)).status).toBe(200);
    }
    expect((await request(ctx.http).post('/api/v1/reference/themes').send({ code: 'anon', ...names('a') })).status).toBe(401);
    expect((await patch('/reference/themes/coord-theme', 1, { nameFr: 'Thème du coordinateur' })).status).toBe(200);
  });

  it('the facets and the dashboards see a reference change at once (catalogue stamp)', async () => {
    // A new theme, put on a recommendation: the facet counts show it.
    const created = await api('post', '/reference/themes').send({ code: 'fresh-theme', ...names('frais') });
    expect(created.status).toBe(201);
    const facetsBefore = (await api('get', '/recommendations/facets')).body as Record<string, Array<{ value: string; count: number }>>;
    expect(facetsBefore['theme']!.some((b) => b.value === 'fresh-theme')).toBe(false);
    const rec = await recommendationFactory(ctx).newRecommendation({ themeCodes: ['fresh-theme'] });
    expect(rec.themes.map((t) => t.code)).toEqual(['fresh-theme']);
    const facets = (await api('get', '/recommendations/facets')).body as Record<string, Array<{ value: string; count: number }>>;
    expect(facets['theme']!.find((b) => b.value === 'fresh-theme')).toEqual({ value: 'fresh-theme', count: 1 });

    // A body renamed: the cached dashboard grouped by body shows the new name at once.
    const upr = (await list<{ id: string; version: number; nameFr: string }>('bodies')).find((b) => b.id === rec.body.id)!;
    const first = await api('get', '/stats/status').query({ by: 'body' });
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body)).toContain(upr.nameFr);
    const s0 = await stamp();
    expect((await patch(`/reference/bodies/${upr.id}`, upr.version, { nameFr: 'Examen périodique universel (renommé)' })).status).toBe(200);
    expect(await stamp()).toBeGreaterThan(s0);
    const second = await api('get', '/stats/status').query({ by: 'body' });
    expect(JSON.stringify(second.body)).toContain('Examen périodique universel (renommé)');
    await patch(`/reference/bodies/${upr.id}`, upr.version + 1, { nameFr: upr.nameFr });
  });

  it('the importer matches a body and a theme created a moment before (dry run)', async () => {
    const mapping = {
      preset: 'custom',
      fields: { externalCode: { column: 'code' }, 'text.fr': { column: 'text_fr' }, body: { column: 'body' }, themes: { column: 'themes', separator: ',' } },
      defaults: { mechanism: 'SPECIAL_PROCEDURE' },
    };
    const csv = Buffer.from('code;text_fr;body;themes\nX-1;Garantir le droit à un air pur;Rapporteuse spéciale sur l’air pur;Qualité de l’air\n', 'utf8');
    const dry = () => upload(ctx, admin, csv, { mapping, dryRun: true, fileName: 'air.csv' });
    const before = await dry();
    expect(before.status).toBe(200);
    expect(before.body.report.rejections.length).toBeGreaterThan(0);

    expect((await api('post', '/reference/bodies').send({ code: 'SR-AIR', mechanism: 'SPECIAL_PROCEDURE', nameAr: 'المقررة الخاصة المعنية بالهواء النقي', nameFr: 'Rapporteuse spéciale sur l’air pur', nameEn: 'Special Rapporteur on clean air' })).status).toBe(201);
    expect((await api('post', '/reference/themes').send({ code: 'air-quality', nameAr: 'جودة الهواء', nameFr: 'Qualité de l’air', nameEn: 'Air quality' })).status).toBe(201);
    const after = await dry();
    expect(after.status).toBe(200);
    expect(after.body.report.rejections).toEqual([]);
  });
});
