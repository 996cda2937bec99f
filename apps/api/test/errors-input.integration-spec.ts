import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, DEMO, TEST_JWT_SECRET, type TestContext } from './harness.js';

/**
 * Input handling and error responses (docs/security.md#d-input-business-rules-and-concurrency, #f-errors-logs-and-configuration): the error envelope, body limits, unknown
 * fields, prototype pollution, parameter pollution, no internals in responses, security headers,
 * CORS, and a fast-check fuzz of the write endpoints.
 */
describe('input validation and error responses', () => {
  let ctx: TestContext;
  let coordinator: string;
  let admin: string;
  let recId: string;
  let bodyId: string;
  let targetUserId: string;
  /** Every response body seen in this file, checked at the end for leaked internals. */
  const seen: Array<{ what: string; text: string }> = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    coordinator = await ctx.login(DEMO.coordinator);
    admin = await ctx.login(DEMO.admin);
    [{ id: recId }] = await ctx.dataSource.query(`SELECT id FROM recommendation ORDER BY id LIMIT 1`);
    [{ id: bodyId }] = await ctx.dataSource.query(`SELECT id FROM body ORDER BY code LIMIT 1`);
    [{ id: targetUserId }] = await ctx.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO.focalInterior]);
  });
  afterAll(() => ctx.close());

  const record = (what: string, res: request.Response) => {
    seen.push({ what, text: `${res.text ?? ''} ${JSON.stringify(res.headers)}` });
    return res;
  };
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const sendRaw = (method: 'post' | 'patch', url: string, raw: string, headers: Record<string, string> = {}) =>
    request(ctx.http)[method](url).set({ 'Content-Type': 'application/json', ...headers }).send(raw);
  const recVersion = async (): Promise<number> => (await ctx.dataSource.query(`SELECT version FROM recommendation WHERE id = $1`, [recId]))[0].version;
  const expectEnvelope = (res: request.Response, status: number, code?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body).filter((k) => k !== 'details').sort()).toEqual(['code', 'message', 'requestId', 'status']);
    expect(res.body.status).toBe(status);
    expect(typeof res.body.message).toBe('string');
    expect(typeof res.body.requestId).toBe('string');
    if (code) expect(res.body.code).toBe(code);
  };

  describe('error envelope', () => {
    it('returns 400 JSON {status, code, message, requestId} for malformed JSON', async () => {
      for (const raw of ['{"email": ', '{email: "a"}', "{'a': 1}", '[1,2', '{"a":1}}', 'nul']) {
        const res = record('malformed', await sendRaw('post', '/api/v1/auth/login', raw));
        expectEnvelope(res, 400, 'request.malformed_json');
        expect(res.body.message).not.toMatch(/position|token|Unexpected|Expected/);
      }
    });

    it('returns 400 for a JSON scalar body where an object is expected (strict JSON)', async () => {
      for (const raw of ['"text"', '42', 'true', 'null']) {
        const res = record('scalar', await sendRaw('post', '/api/v1/auth/login', raw));
        expectEnvelope(res, 400);
      }
    });

    it('returns 413 for a body over 100 kB, before authentication work is done', async () => {
      const big = JSON.stringify({ email: 'a@b.cd', password: 'x'.repeat(101 * 1024) });
      const res = record('413', await sendRaw('post', '/api/v1/auth/login', big));
      expectEnvelope(res, 413, 'request.payload_too_large');
      const patch = record('413', await sendRaw('patch', `/api/v1/recommendations/${recId}`, JSON.stringify({ textFr: 'é'.repeat(60 * 1024) }), { ...auth(coordinator), 'If-Match': '"1"' }));
      expect(patch.status).toBe(413);
    });

    it('returns a JSON 404 for an unknown route, with or without a token', async () => {
      for (const res of [
        await request(ctx.http).get('/api/v1/no-such-route'),
        await request(ctx.http).get('/api/v1/no-such-route').set(auth(coordinator)),
        await request(ctx.http).post('/api/v1/recommendations/x/y/z').set(auth(coordinator)).send({}),
        await request(ctx.http).delete('/api/v1/users'),
      ]) {
        record('404', res);
        expectEnvelope(res, 404, 'route.not_found');
        expect(res.text).not.toContain('Cannot ');
      }
    });

    it('returns 404 with no-store and nosniff under /api outside the versioned prefix', async () => {
      // Known gap (bootstrap.ts): Express's own HTML 404 answers here, not the JSON envelope.
      const res = record('404', await request(ctx.http).get('/api/nothing'));
      expect(res.status).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('uses the same request id in the body as the one given in X-Request-Id (and refuses odd ones)', async () => {
      const res = await request(ctx.http).get('/api/v1/no-such-route').set('X-Request-Id', 'abc-123');
      expect(res.body.requestId).toBe('abc-123');
      const odd = await request(ctx.http).get('/api/v1/no-such-route').set('X-Request-Id', '<script>alert(1)</script>');
      expect(odd.body.requestId).not.toContain('<');
    });
  });

  describe('validation', () => {
    it('returns 400 naming an unknown field (details.fields.<name> = validation.unknownField)', async () => {
      const res = record('unknown', await request(ctx.http).post('/api/v1/auth/login').send({ email: 'a@b.cd', password: 'x', isAdmin: true }));
      expectEnvelope(res, 400, 'validation.failed');
      expect(res.body.details.fields.isAdmin).toBe('validation.unknownField');

      const v = await recVersion();
      const patch = record('unknown', await request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth(coordinator)).set('If-Match', `"${v}"`).send({ institutionId: bodyId, version: 99, createdBy: 'x' }));
      expectEnvelope(patch, 400, 'validation.failed');
      expect(patch.body.details.fields).toEqual({ institutionId: 'validation.unknownField', version: 'validation.unknownField', createdBy: 'validation.unknownField' });
      expect(await recVersion()).toBe(v);
    });

    it('returns 400 for __proto__ and constructor keys, and Object.prototype is never polluted', async () => {
      const v = await recVersion();
      const cases: Array<['post' | 'patch', string, string, Record<string, string>]> = [
        ['post', '/api/v1/auth/login', '{"email":"a@b.cd","password":"x","__proto__":{"polluted":"yes"}}', {}],
        ['post', '/api/v1/auth/login', '{"email":"a@b.cd","password":"x","constructor":{"prototype":{"polluted":"yes"}}}', {}],
        ['patch', `/api/v1/recommendations/${recId}`, '{"textFr":"ok","__proto__":{"polluted":"yes","status":"implemented"}}', { ...auth(coordinator), 'If-Match': `"${v}"` }],
        ['patch', `/api/v1/recommendations/${recId}`, '{"constructor":{"prototype":{"polluted":"yes"}}}', { ...auth(coordinator), 'If-Match': `"${v}"` }],
        ['patch', `/api/v1/users/${targetUserId}`, '{"__proto__":{"role":"admin","polluted":"yes"}}', { ...auth(admin), 'If-Match': '"1"' }],
        ['post', '/api/v1/recommendations', `{"bodyId":"${bodyId}","textFr":"x","__proto__":{"polluted":"yes"}}`, auth(coordinator)],
      ];
      for (const [method, url, raw, headers] of cases) {
        const res = record('proto', await sendRaw(method, url, raw, headers));
        expect(`${method} ${url} ${raw} → ${res.status}`).toBe(`${method} ${url} ${raw} → 400`);
        expect(Object.values(res.body.details?.fields ?? {})).toContain('validation.unknownField');
        expect(Object.keys(res.body.details.fields).some((k) => /__proto__|constructor/.test(k))).toBe(true);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }
      expect(await recVersion()).toBe(v);
      const [{ role }] = await ctx.dataSource.query(`SELECT role FROM app_user WHERE id = $1`, [targetUserId]);
      expect(role).toBe('focal_point');
    });

    it('returns 400 for wrong types', async () => {
      const v = await recVersion();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ followUp: 'true' }, 'followUp'],
        [{ textFr: 12 }, 'textFr'],
        [{ themeCodes: 'HR' }, 'themeCodes'],
        [{ themeCodes: [1, 2] }, 'themeCodes'],
        [{ status: ['implemented'] }, 'status'],
        [{ status: 'done' }, 'status'],
        [{ followUpDueDate: '2025-13-40' }, 'followUpDueDate'],
        [{ recommendingStateCodes: [{ $ne: null }] }, 'recommendingStateCodes'],
      ];
      for (const [body, field] of cases) {
        const res = record('types', await request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth(coordinator)).set('If-Match', `"${v}"`).send(body));
        expectEnvelope(res, 400, 'validation.failed');
        expect(Object.keys(res.body.details.fields)).toContain(field);
      }
      const login = record('types', await request(ctx.http).post('/api/v1/auth/login').send({ email: ['a@b.cd'], password: { $gt: '' } }));
      expectEnvelope(login, 400, 'validation.failed');
      expect(await recVersion()).toBe(v);
    });

    it('returns 400 for oversize strings and arrays', async () => {
      const v = await recVersion();
      for (const body of [{ paragraph: 'x'.repeat(33) }, { documentSymbol: 'x'.repeat(65) }, { themeCodes: Array.from({ length: 101 }, (_, i) => `T${i}`) }]) {
        const res = record('oversize', await request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth(coordinator)).set('If-Match', `"${v}"`).send(body));
        expectEnvelope(res, 400, 'validation.failed');
      }
      const login = record('oversize', await request(ctx.http).post('/api/v1/auth/login').send({ email: `${'a'.repeat(250)}@b.cd`, password: 'x' }));
      expectEnvelope(login, 400, 'validation.failed');
      const pw = record('oversize', await request(ctx.http).post('/api/v1/auth/login').send({ email: 'a@b.cd', password: 'x'.repeat(1025) }));
      expectEnvelope(pw, 400, 'validation.failed');
      const q = record('oversize', await request(ctx.http).get('/api/v1/recommendations').query({ q: 'x'.repeat(201) }).set(auth(coordinator)));
      expectEnvelope(q, 400, 'validation.failed');
      expect(await recVersion()).toBe(v);
    });

    it('returns 400 for a repeated query parameter (?status=a&status=b) and for nested query objects', async () => {
      for (const qs of ['status=implemented&status=not_started', 'institutionId[$ne]=x', 'page=1&page=2', 'q[]=a', 'sort=symbol&sort=-symbol']) {
        const res = record('hpp', await request(ctx.http).get(`/api/v1/recommendations?${qs}`).set(auth(coordinator)));
        expect(`${qs} → ${res.status}`).toBe(`${qs} → 400`);
        expectEnvelope(res, 400, 'validation.failed');
      }
    });

    it('returns 400 for a malformed :id, and 428/412 for a missing or odd If-Match', async () => {
      expectEnvelope(record('id', await request(ctx.http).get(`/api/v1/recommendations/not-a-uuid`).set(auth(coordinator))), 400);
      expectEnvelope(record('id', await request(ctx.http).get(`/api/v1/recommendations/1' OR '1'='1`).set(auth(coordinator))), 400);
      const v = await recVersion();
      expectEnvelope(record('428', await request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth(coordinator)).send({ textFr: 'x' })), 428);
      for (const ifMatch of [`W/"${v}"`, '*', `"${v}", "${v + 1}"`, `"${v - 1}"`, '"99999999999"', `${v}`]) {
        const res = record('412', await request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth(coordinator)).set('If-Match', ifMatch).send({ textFr: 'x' }));
        expect(`${ifMatch} → ${res.status}`).toBe(`${ifMatch} → 412`);
      }
      expect(await recVersion()).toBe(v);
    });

    it('returns 415 or 400 for a non-JSON content type on a JSON endpoint, never a 2xx or 5xx', async () => {
      const form = await request(ctx.http).post('/api/v1/auth/login').type('form').send('email=coordinator%40demo.sidh&password=demo-password');
      record('form', form);
      expect([400, 415]).toContain(form.status);
      const text = await request(ctx.http).post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('{"email":"coordinator@demo.sidh","password":"demo-password"}');
      record('text', text);
      expect([400, 415]).toContain(text.status);
    });
  });

  describe('responses never leak internals', () => {
    it('an SQL-injection attempt in filters gives 400 or an inert 200', async () => {
      for (const q of ["' OR 1=1 --", "'; DROP TABLE recommendation; --", '\\', '%', '_', '\u0000', "') OR ('1'='1", '$1', 'a:*|b & !c <-> d']) {
        const res = record('sqli', await request(ctx.http).get('/api/v1/recommendations').query({ q }).set(auth(coordinator)));
        expect([200, 400]).toContain(res.status);
      }
      const [{ n }] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM recommendation`);
      expect(n).toBeGreaterThan(0);
    });
  });

  describe('headers', () => {
    const samples = () => [
      request(ctx.http).get('/api/v1/health'),
      request(ctx.http).get('/api/v1/recommendations').set(auth(coordinator)),
      request(ctx.http).get('/api/v1/recommendations'),
      request(ctx.http).get('/api/v1/no-such-route'),
      request(ctx.http).post('/api/v1/auth/login').send({ email: 'nobody@demo.sidh', password: 'x' }),
      request(ctx.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{bad'),
      request(ctx.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ password: 'x'.repeat(200_000) })),
      request(ctx.http).get(`/api/v1/recommendations/${recId}`).set(auth(coordinator)),
      request(ctx.http).patch(`/api/v1/recommendations/${recId}`).set(auth(coordinator)).send({}),
    ];

    it('every /api response has Cache-Control: no-store, nosniff, a CSP with frame-ancestors and base-uri none, and no X-Powered-By', async () => {
      for (const pending of samples()) {
        const res = record('headers', await pending);
        const where = `${(res as unknown as { req: { method: string; path: string } }).req.method} ${(res as unknown as { req: { path: string } }).req.path} ${res.status}`;
        expect(`${where}: ${res.headers['cache-control']}`).toBe(`${where}: no-store`);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const csp = (res.headers['content-security-policy'] ?? '') as string;
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("base-uri 'none'");
        expect(csp).toMatch(/default-src '(self|none)'/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('CORS: Origin https://evil.example gets no Access-Control-Allow-Origin (simple and preflight)', async () => {
      const simple = record('cors', await request(ctx.http).get('/api/v1/health').set('Origin', 'https://evil.example'));
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(ctx.http)
        .options('/api/v1/recommendations')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization,if-match');
      expect(preflight.status).toBeLessThan(500);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const login = await request(ctx.http).post('/api/v1/auth/login').set('Origin', 'https://evil.example').send({ email: 'nobody@demo.sidh', password: 'x' });
      expect(login.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('bad input that used to give 5xx (issue 8, item 6): 400 naming the field, nothing written', () => {
    const patchRec = async (body: string) => sendRaw('patch', `/api/v1/recommendations/${recId}`, body, { ...auth(coordinator), 'If-Match': `"${await recVersion()}"` });

    it.each([
      ['a NUL character', '{"textFr":"a\\u0000b"}', 'textFr', 'validation.invalidCharacter'],
      ['a lone high surrogate', '{"textFr":"x\\ud800"}', 'textFr', 'validation.invalidCharacter'],
      ['a lone low surrogate in a list', '{"themeCodes":["\\udc00"]}', 'themeCodes.0', 'validation.invalidCharacter'],
      ['10,000-deep nesting', `{"textFr":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`, 'textFr', 'validation.tooDeep'],
    ])('PATCH /recommendations/:id with %s → 400 naming the field, nothing written', async (_, raw, field, key) => {
      const before = await recVersion();
      const res = record('bad input', await patchRec(raw));
      expectEnvelope(res, 400, 'validation.failed');
      const [[path, message]] = Object.entries(res.body.details.fields as Record<string, string>);
      expect(path === field || path!.startsWith(`${field}.`)).toBe(true);
      expect(message).toBe(key);
      expect(await recVersion()).toBe(before);
    });

    it.each([
      ['followUp', '{"followUp":null}'],
      ['status', '{"status":null}'],
      ['textFr', '{"textFr":null,"textAr":null,"textEn":null}'],
    ])('null for a required value (%s) → a 4xx (a 400 names the field), never a 5xx, nothing written', async (_, raw) => {
      const before = await recVersion();
      const res = record('null required', await patchRec(raw));
      expect(res.status).toBeLessThan(500);
      expect(res.status).toBeGreaterThanOrEqual(400);
      if (res.status === 400) expect(Object.keys(res.body.details?.fields ?? {}).length).toBeGreaterThan(0);
      expect(await recVersion()).toBe(before);
    });

    it('a lone surrogate in an e-mail at login → 400, not 500', async () => {
      const res = record('bad email', await sendRaw('post', '/api/v1/auth/login', '{"email":"a\\ud800@x.org","password":"whatever-long-enough"}'));
      expectEnvelope(res, 400, 'validation.failed');
      expect(res.body.details.fields.email).toBe('validation.invalidCharacter');
    });

    it('an impossible date (2024-02-30) → 400 (refused by validation or by PostgreSQL), nothing written', async () => {
      const before = await recVersion();
      const res = record('bad date', await patchRec('{"followUp":true,"followUpDueDate":"2024-02-30"}'));
      expectEnvelope(res, 400, 'validation.failed');
      expect(await recVersion()).toBe(before);
    });
  });

  describe('fuzzing the write endpoints (fast-check)', () => {
    const ALLOWED = new Set([200, 201, 204, 400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429]);
    /** An object with an own `__proto__` key, as JSON.parse would make it. */
    const withKey = (obj: Record<string, unknown>, key: string, value: unknown) => {
      const copy = { ...obj };
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    };
    const injected = fc.tuple(
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
      fc.subarray(['__proto__', 'constructor', 'institutionId', 'version', 'createdBy', 'role', 'id', 'passwordHash']),
      fc.jsonValue({ maxDepth: 2 }),
    ).map(([base, keys, value]) => keys.reduce((o, k) => withKey(o, k, k === '__proto__' || k === 'constructor' ? { polluted: value, prototype: { polluted: value } } : value), base as Record<string, unknown>));
    /** Strings PostgreSQL cannot store or that are not Unicode: NUL, lone surrogates (issue 8, item 6). */
    const hostileText = fc.oneof(
      fc.constantFrom('a\u0000b', '\u0000', 'x\uD800', '\uDC00y', 'ok\uD83D', '\uDE00\uD83D'),
      fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\uD800', '\uDFFF'), fc.string({ maxLength: 8 })).map(([a, b, c]) => a + b + c),
    );
    /** Impossible or out-of-range dates, and nulls where a value is required. */
    const hostileScalar = fc.oneof(hostileText, fc.constantFrom('2024-02-30', '2023-13-01', '0000-00-00', '99999-01-01', null));
    const validish = fc.record(
      {
        textFr: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(null), fc.integer(), hostileText),
        status: fc.oneof(fc.constantFrom('not_started', 'in_progress', 'implemented', 'bogus'), fc.integer(), hostileScalar),
        followUp: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 }), fc.constant(null)),
        followUpDueDate: hostileScalar,
        role: fc.oneof(fc.constantFrom('admin', 'validator'), hostileScalar),
        email: fc.oneof(fc.emailAddress(), hostileText),
        password: fc.oneof(fc.string({ maxLength: 20 }), hostileText),
        themeCodes: fc.oneof(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), fc.string(), fc.array(hostileText, { maxLength: 2 })),
        paragraph: fc.oneof(fc.string({ maxLength: 40 }), hostileText),
      },
      { requiredKeys: [] },
    );
    /** Nesting from 30 to 10,000 levels, as raw JSON text (JSON.stringify itself would recurse). */
    const deep = fc.integer({ min: 30, max: 10_000 }).map((n) => ({ deepRaw: `{"textFr":${'['.repeat(n)}1${']'.repeat(n)}}` }));
    const bodies = fc.oneof(
      deep,
      fc.anything({ maxDepth: 3 }),
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
      injected,
      fc.tuple(validish, injected).map(([a, b]) => ({ ...a, ...b })),
      validish,
    );
    const isDeep = (b: unknown): b is { deepRaw: string } => typeof b === 'object' && b !== null && typeof (b as { deepRaw?: unknown }).deepRaw === 'string' && Object.keys(b).length === 1;
    type Target = 'createRecommendation' | 'patchRecommendation' | 'patchUser' | 'login';
    const targets = fc.constantFrom<Target>('createRecommendation', 'patchRecommendation', 'patchUser', 'login');

    const state = async () => {
      const [row] = await ctx.dataSource.query(
        `SELECT (SELECT count(*) FROM audit_event)::int AS audit,
                (SELECT count(*) FROM recommendation)::int AS recs,
                (SELECT row_to_json(r)::text FROM (SELECT id, text_ar, text_fr, text_en, status, response, follow_up, follow_up_due_date, paragraph, document_symbol, external_code, version FROM recommendation WHERE id = $1) r) AS rec,
                (SELECT row_to_json(u)::text FROM (SELECT id, name, role, institution_id, active, locale, version FROM app_user WHERE id = $2) u) AS usr`,
        [recId, targetUserId],
      );
      return row as { audit: number; recs: number; rec: string; usr: string };
    };

    it('never answers 5xx; a non-2xx answer changes neither the audit trail nor the rows', async () => {
      let ok2xx = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(targets, bodies, async (target, body) => {
          runs += 1;
          const raw = isDeep(body) ? body.deepRaw : (JSON.stringify(body) ?? 'null');
          const before = await state();
          let res: request.Response;
          if (target === 'createRecommendation') {
            res = await sendRaw('post', '/api/v1/recommendations', raw, auth(coordinator));
          } else if (target === 'patchRecommendation') {
            res = await sendRaw('patch', `/api/v1/recommendations/${recId}`, raw, { ...auth(coordinator), 'If-Match': `"${JSON.parse(before.rec).version}"` });
          } else if (target === 'patchUser') {
            res = await sendRaw('patch', `/api/v1/users/${targetUserId}`, raw, { ...auth(admin), 'If-Match': `"${JSON.parse(before.usr).version}"` });
          } else {
            res = await sendRaw('post', '/api/v1/auth/login', raw);
          }
          record(`fuzz ${target}`, res);
          const after = await state();
          expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
          expect(Object.prototype).not.toHaveProperty('polluted');
          expect(`${target} ${raw.slice(0, 200)} → ${res.status} ${ALLOWED.has(res.status)}`).toBe(`${target} ${raw.slice(0, 200)} → ${res.status} true`);
          if (res.status >= 200 && res.status < 300) {
            ok2xx += 1;
            return;
          }
          // A failed login is itself audited (auth.login_failed); everything else must leave no trace.
          const loginFailure = target === 'login' && res.status === 401;
          expect(after.audit).toBe(before.audit + (loginFailure ? 1 : 0));
          expect(after.recs).toBe(before.recs);
          expect(after.rec).toBe(before.rec);
          expect(after.usr).toBe(before.usr);
        }),
        { numRuns: 150, seed: Number(process.env['FC_SEED'] ?? Date.now() % 2 ** 31), verbose: 1 },
      );
      expect(runs).toBeGreaterThanOrEqual(150);
      // The tokens used by the fuzz are still valid (no fuzz case ended the admin's or coordinator's session).
      expect((await request(ctx.http).get('/api/v1/auth/me').set(auth(coordinator))).status).toBe(200);
      expect(ok2xx).toBeGreaterThanOrEqual(0);
    });
  });

  describe('after everything above', () => {
    it('no response body seen in this file contains a stack trace, SQL, driver errors or the JWT secret', () => {
      expect(seen.length).toBeGreaterThan(30);
      const leaks = seen.filter(({ text }) =>
        /\bat [^\s]+ \(?(\/|file:|node:)|\.ts:\d+|\.js:\d+/.test(text) ||
        /\b(SELECT|INSERT|UPDATE|DELETE)\b\s/.test(text) ||
        /QueryFailedError|TypeORMError|syntax error at|duplicate key|violates|relation "|column "/.test(text) ||
        text.includes(TEST_JWT_SECRET),
      );
      expect(leaks.map((l) => `${l.what}: ${l.text.slice(0, 300)}`)).toEqual([]);
    });
  });
});
