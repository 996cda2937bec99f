import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { ALL_PERMISSIONS, hasPermission, Permission, type Role } from '@sidh/domain';
import { API_PREFIX, buildOpenApiDocument } from '../src/bootstrap.js';
import { PERMISSION_KEY, PUBLIC_KEY } from '../src/common/decorators.js';
import { createTestApp, DEMO, DEMO_PASSWORD, type TestContext } from './harness.js';

/**
 * Access control (docs/security.md#c-access-control): every route is enumerated from Nest's own metadata, its
 * declared access is snapshotted (a snapshot diff is an access-control change), and every route is
 * called as every role. Then institution scoping of the recommendation reads.
 */

interface RouteInfo {
  method: string;
  /** Express-style, with the global prefix: `/api/v1/recommendations/:id`. */
  path: string;
  handler: string;
  isPublic: boolean;
  permission: Permission | null;
}

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const ROLE_ACCOUNTS: Record<Role, string> = {
  admin: DEMO.admin,
  coordinator: DEMO.coordinator,
  validator: DEMO.validatorJustice,
  focal_point: DEMO.focalJustice,
  auditor: DEMO.auditor,
};
const ROLES = Object.keys(ROLE_ACCOUNTS) as Role[];

const joinPath = (...parts: Array<string | undefined>) =>
  '/' + parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/');

/** Every HTTP route Nest mapped, read from controller metadata (the same the router explorer uses). */
function discoverRoutes(ctx: TestContext): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of ctx.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller || !wrapper.instance) continue;
      const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor' || typeof proto[name] !== 'function') continue;
        const handler = proto[name] as object;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, controller) === true;
        const permission = (Reflect.getMetadata(PERMISSION_KEY, handler) ?? Reflect.getMetadata(PERMISSION_KEY, controller) ?? null) as Permission | null;
        for (const prefix of prefixes) {
          for (const p of ([] as string[]).concat(paths)) {
            routes.push({ method: method!, path: joinPath(API_PREFIX, prefix, p), handler: `${controller.name}.${name}`, isPublic, permission });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** What Express actually has mounted (to prove the discovery above misses nothing). */
function mountedRoutes(ctx: TestContext): string[] {
  const instance = ctx.app.getHttpAdapter().getInstance() as { router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const out: string[] = [];
  for (const layer of instance.router?.stack ?? []) {
    // Middleware bound "for all routes" shows up as a catch-all route for every method: not an endpoint.
    if (!layer.route || layer.route.path.includes('*')) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path}`);
  }
  return out.sort();
}

describe('access control', () => {
  let ctx: TestContext;
  let routes: RouteInfo[];
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    routes = discoverRoutes(ctx);
    for (const role of ROLES) tokens[role] = await ctx.login(ROLE_ACCOUNTS[role]);
  });
  afterAll(() => ctx.close());

  const access = (r: RouteInfo) => (r.isPublic ? 'public' : (r.permission ?? 'UNDECLARED'));

  describe('route inventory', () => {
    it('snapshots METHOD path → permission | public for every route (a diff is an access-control change)', () => {
      expect(routes.length).toBeGreaterThan(10);
      expect(routes.map((r) => `${r.method.padEnd(6)} ${r.path} → ${access(r)}`)).toMatchSnapshot();
    });

    it('every route declares exactly one of @Public() or @Authorize(<known permission>)', () => {
      const undeclared = routes.filter((r) => !r.isPublic && !r.permission).map((r) => r.handler);
      const both = routes.filter((r) => r.isPublic && r.permission).map((r) => r.handler);
      const unknown = routes.filter((r) => r.permission && !ALL_PERMISSIONS.includes(r.permission)).map((r) => `${r.handler}: ${r.permission}`);
      expect({ undeclared, both, unknown }).toEqual({ undeclared: [], both: [], unknown: [] });
    });

    it('only login, refresh, health and invitation acceptance are public', () => {
      expect(routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
        'GET /api/v1/health',
        // Settings (issue 13): the login page's organisation name and logo (read-only, cached).
        'GET /api/v1/settings/logo',
        'GET /api/v1/settings/public',
        'POST /api/v1/auth/login',
        // Accounts (issue 13): the sign-in's code step and the forgotten password, each rate-limited (account-rate-limits).
        'POST /api/v1/auth/login/totp',
        'POST /api/v1/auth/password-reset',
        'POST /api/v1/auth/password-reset/confirm',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/invitations/accept',
      ]);
    });

    it('the enumeration matches what Express mounted and what the OpenAPI document lists', () => {
      const discovered = routes.map((r) => `${r.method} ${r.path}`).sort();
      // Swagger UI routes exist outside production only; they are not API routes.
      const mounted = mountedRoutes(ctx).filter((r) => !r.includes(' /api/docs'));
      expect(mounted).toEqual(discovered);
      const doc = buildOpenApiDocument(ctx.app);
      const documented = Object.entries(doc.paths)
        .flatMap(([p, ops]) => Object.keys(ops as object).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`))
        .sort();
      expect(documented).toEqual(discovered);
    });
  });

  describe('role × route matrix', () => {
    const call = (r: RouteInfo, token: string | null) => {
      const url = r.path.replace(/:\w+/g, PLACEHOLDER_ID);
      let req = request(ctx.http)[r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](url);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      if (['POST', 'PATCH', 'PUT'].includes(r.method)) req = req.send({});
      return req;
    };
    /** Logout ends the caller's session: use a throw-away session for it. */
    const tokenFor = async (r: RouteInfo, role: Role) =>
      r.path.endsWith('/auth/logout') ? ctx.login(ROLE_ACCOUNTS[role], DEMO_PASSWORD) : tokens[role];

    it('anon gets 401 on every non-public route (and never a 5xx anywhere)', async () => {
      const wrong: string[] = [];
      for (const r of routes) {
        const res = await call(r, null);
        if (res.status >= 500 || (!r.isPublic && res.status !== 401)) wrong.push(`${r.method} ${r.path}: ${res.status}`);
        if (!r.isPublic && res.body.code !== 'auth.unauthenticated') wrong.push(`${r.method} ${r.path}: code ${res.body.code}`);
      }
      expect(wrong).toEqual([]);
    });

    it('an invalid token gets 401 on every non-public route', async () => {
      const wrong: string[] = [];
      for (const r of routes.filter((x) => !x.isPublic)) {
        const res = await call(r, `${tokens.admin.slice(0, -4)}AAAA`);
        if (res.status !== 401) wrong.push(`${r.method} ${r.path}: ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });

    it('each role gets 403 without the permission and neither 401 nor 403 with it', async () => {
      const unexpected: string[] = [];
      let checked = 0;
      for (const r of routes.filter((x) => !x.isPublic)) {
        for (const role of ROLES) {
          const res = await call(r, await tokenFor(r, role));
          const allowed = hasPermission(role, r.permission!);
          checked += 1;
          if (res.status >= 500) unexpected.push(`${role} ${r.method} ${r.path}: ${res.status} (5xx)`);
          else if (allowed && (res.status === 401 || res.status === 403)) unexpected.push(`unexpected_deny ${role} ${r.method} ${r.path}: ${res.status}`);
          else if (!allowed && res.status !== 403) unexpected.push(`unexpected_allow ${role} ${r.method} ${r.path}: ${res.status}`);
        }
      }
      expect(checked).toBe(routes.filter((x) => !x.isPublic).length * ROLES.length);
      expect(unexpected).toEqual([]);
    });

    it('the auditor gets 403 on every non-GET route (except its own logout)', async () => {
      const wrong: string[] = [];
      for (const r of routes.filter((x) => x.method !== 'GET' && !x.isPublic && x.permission !== Permission.SessionRead)) {
        const res = await call(r, tokens.auditor);
        if (res.status !== 403) wrong.push(`${r.method} ${r.path}: ${res.status}`);
      }
      expect(wrong).toEqual([]);
      // The exemption is only the session routes: nothing that writes business data.
      // Besides logout, one's own credentials (issue 13): password change and two-step sign-in.
      expect(routes.filter((r) => r.method !== 'GET' && r.permission === Permission.SessionRead).map((r) => r.path).sort()).toEqual([
        '/api/v1/auth/logout',
        '/api/v1/auth/password',
        '/api/v1/auth/totp/confirm',
        '/api/v1/auth/totp/disable',
        '/api/v1/auth/totp/enrol',
      ]);
    });

    it('a denied call changes nothing in the database', async () => {
      const snapshot = () =>
        ctx.dataSource.query(
          `SELECT (SELECT count(*) FROM recommendation)::int AS recs, (SELECT coalesce(sum(version), 0) FROM recommendation)::int AS rec_versions,
                  (SELECT coalesce(sum(version), 0) FROM app_user)::int AS user_versions`,
        );
      const before = await snapshot();
      const [{ id: recId, version }] = await ctx.dataSource.query(`SELECT id, version FROM recommendation ORDER BY id LIMIT 1`);
      const [{ id: userId, version: userVersion }] = await ctx.dataSource.query(`SELECT id, version FROM app_user WHERE email = $1`, [DEMO.coordinator]);
      for (const role of ['focal_point', 'validator', 'auditor'] as Role[]) {
        const auth = { Authorization: `Bearer ${tokens[role]}` };
        expect((await request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth).set('If-Match', `"${version}"`).send({ status: 'implemented' })).status).toBe(403);
        expect((await request(ctx.http).delete(`/api/v1/recommendations/${recId}`).set(auth).set('If-Match', `"${version}"`)).status).toBe(403);
        expect((await request(ctx.http).patch(`/api/v1/users/${userId}`).set(auth).set('If-Match', `"${userVersion}"`).send({ role: 'admin' })).status).toBe(403);
      }
      expect((await request(ctx.http).patch(`/api/v1/users/${userId}`).set('Authorization', `Bearer ${tokens.coordinator}`).set('If-Match', `"${userVersion}"`).send({ role: 'admin' })).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('institution scope of a focal point', () => {
    let mj: string;
    let mi: string;
    let foreignId: string;
    let ownId: string;

    beforeAll(async () => {
      [{ id: mj }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MJ'`);
      [{ id: mi }] = await ctx.dataSource.query(`SELECT id FROM institution WHERE code = 'MI'`);
      [{ id: foreignId }] = await ctx.dataSource.query(
        `SELECT r.id FROM recommendation r
          WHERE EXISTS (SELECT 1 FROM assignment a WHERE a.recommendation_id = r.id AND a.institution_id = $2)
            AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.recommendation_id = r.id AND a.institution_id = $1)
          ORDER BY r.id LIMIT 1`,
        [mj, mi],
      );
      [{ id: ownId }] = await ctx.dataSource.query(`SELECT recommendation_id AS id FROM assignment WHERE institution_id = $1 ORDER BY 1 LIMIT 1`, [mj]);
    });

    const listAll = async (token: string, query: Record<string, string> = {}): Promise<string[]> => {
      const ids: string[] = [];
      for (let page = 1; ; page += 1) {
        const res = await request(ctx.http).get('/api/v1/recommendations').query({ ...query, page: String(page), pageSize: '100' }).set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(200);
        ids.push(...res.body.items.map((i: { id: string }) => i.id));
        if (page * 100 >= res.body.total) {
          expect(ids).toHaveLength(res.body.total);
          return ids;
        }
      }
    };
    const assignedTo = async (institutionId: string): Promise<Set<string>> =>
      new Set((await ctx.dataSource.query(`SELECT DISTINCT recommendation_id AS id FROM assignment WHERE institution_id = $1`, [institutionId])).map((r: { id: string }) => r.id));

    it('GET /recommendations as focal.justice returns exactly the recommendations assigned to MJ', async () => {
      const mine = await assignedTo(mj);
      expect(mine.size).toBeGreaterThan(0);
      const ids = await listAll(tokens.focal_point);
      expect(ids.filter((id) => !mine.has(id))).toEqual([]);
      expect(new Set(ids)).toEqual(mine);
    });

    it('GET /recommendations as focal.justice with institutionId=<Interior> still returns only MJ assignments', async () => {
      const mine = await assignedTo(mj);
      const ids = await listAll(tokens.focal_point, { institutionId: mi });
      expect(ids.filter((id) => !mine.has(id))).toEqual([]);
      expect(ids).not.toContain(foreignId);
      // Free text and facets are scoped too.
      const facets = await request(ctx.http).get('/api/v1/recommendations').query({ facets: 'true', pageSize: '1' }).set('Authorization', `Bearer ${tokens.focal_point}`);
      expect(facets.body.total).toBe(mine.size);
      const statusTotal = facets.body.facets.status.reduce((s: number, b: { count: number }) => s + b.count, 0);
      expect(statusTotal).toBe(mine.size);
    });

    it('the validator of MJ is scoped the same way; the coordinator sees everything', async () => {
      const mine = await assignedTo(mj);
      const validatorIds = await listAll(tokens.validator, { institutionId: mi });
      expect(validatorIds.filter((id) => !mine.has(id))).toEqual([]);
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
      const all = await request(ctx.http).get('/api/v1/recommendations').query({ pageSize: '1' }).set('Authorization', `Bearer ${tokens.coordinator}`);
      expect(all.body.total).toBe(n);
    });

    it('GET /stats/* as focal.justice or the MJ validator counts only MJ recommendations and MJ rows, even with institutionId=<Interior>', async () => {
      const mine = await assignedTo(mj);
      for (const token of [tokens.focal_point, tokens.validator]) {
        for (const query of [{}, { institutionId: mi }] as Array<Record<string, string>>) {
          const get = (path: string, q: Record<string, string> = {}) => request(ctx.http).get(`/api/v1/stats/${path}`).query({ ...query, ...q }).set('Authorization', `Bearer ${token}`);
          const status = await get('status', { by: 'institution' });
          expect(status.status).toBe(200);
          expect(status.body.total).toBeLessThanOrEqual(mine.size);
          expect(status.body.groups.map((g: { key: string }) => g.key).filter((k: string) => k !== mj)).toEqual([]);
          const campaigns = await get('campaigns');
          expect(campaigns.body.items.filter((i: { institutionId: string }) => i.institutionId !== mj)).toEqual([]);
          const history = await get('status-history');
          expect(history.body.points.at(-1)?.total ?? 0).toBeLessThanOrEqual(mine.size);
        }
      }
    });

    it('returns 404 for GET /recommendations/:id not assigned to MJ as focal.justice, and 200 for the coordinator', async () => {
      const fp = await request(ctx.http).get(`/api/v1/recommendations/${foreignId}`).set('Authorization', `Bearer ${tokens.focal_point}`);
      expect(fp.status).toBe(404);
      expect(fp.body.code).toBe('common.not_found');
      expect(fp.headers['etag'] ?? '').not.toMatch(/^"\d+"$/); // no version ETag leaks
      // Same answer as for an id that does not exist at all (existence is not disclosed).
      const missing = await request(ctx.http).get(`/api/v1/recommendations/${PLACEHOLDER_ID}`).set('Authorization', `Bearer ${tokens.focal_point}`);
      expect({ ...fp.body, requestId: null }).toEqual({ ...missing.body, requestId: null });
      expect((await request(ctx.http).get(`/api/v1/recommendations/${foreignId}`).set('Authorization', `Bearer ${tokens.coordinator}`)).status).toBe(200);
      expect((await request(ctx.http).get(`/api/v1/recommendations/${ownId}`).set('Authorization', `Bearer ${tokens.focal_point}`)).status).toBe(200);
    });

    it('returns 404 for GET /recommendations/:id/history not assigned to MJ as focal.justice, and 200 for the coordinator', async () => {
      const fp = await request(ctx.http).get(`/api/v1/recommendations/${foreignId}/history`).set('Authorization', `Bearer ${tokens.focal_point}`);
      expect(fp.status).toBe(404);
      expect(fp.body.items).toBeUndefined();
      expect((await request(ctx.http).get(`/api/v1/recommendations/${foreignId}/history`).set('Authorization', `Bearer ${tokens.coordinator}`)).status).toBe(200);
      expect((await request(ctx.http).get(`/api/v1/recommendations/${ownId}/history`).set('Authorization', `Bearer ${tokens.focal_point}`)).status).toBe(200);
    });
  });
});
