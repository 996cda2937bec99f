import request from 'supertest';
import type { Role } from '@sidh/domain';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { many } from '../src/database/sql.js';
import type { InstitutionRow } from '../src/modules/institutions/institutions.repository.js';
import { DevMailServer } from '../src/modules/mail/dev-mail.server.js';
import { userFactory, type FactoryUser } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';
import { waitForMail } from './workflow-helpers.js';

/**
 * User administration (issue 13): the list's filters, the role × action matrix of account changes
 * (admin, coordinator, others), no self-elevation, the last active administrator kept under a lock
 * (a race of two administrators demoting each other), deactivation ending every session at once,
 * invitations resent (old link void) or revoked, an audit event for every write, 412 on a stale
 * If-Match. Every account comes from the factory: no demo data.
 */
describe('users administration', () => {
  let ctx: TestContext;
  let f: ReturnType<typeof userFactory>;
  let admin: FactoryUser;
  let coordinator: FactoryUser;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    f = userFactory(ctx);
    admin = await f.newUser({ role: 'admin', name: 'Admin Principal' });
    coordinator = await f.newUser({ role: 'coordinator', name: 'Coord Principal' });
  });
  afterAll(() => ctx.close());

  const bearer = async (user: FactoryUser) => {
    if (!tokens.has(user.id)) tokens.set(user.id, await f.login(user));
    return { Authorization: `Bearer ${tokens.get(user.id)}` };
  };
  const versionOf = async (id: string): Promise<number> => (await ctx.dataSource.query(`SELECT version FROM app_user WHERE id = $1`, [id]))[0].version;
  const patch = async (as: FactoryUser, id: string, body: Record<string, unknown>, version?: number) =>
    request(ctx.http)
      .patch(`/api/v1/users/${id}`)
      .set(await bearer(as))
      .set('If-Match', `"${version ?? (await versionOf(id))}"`)
      .send(body);
  const post = async (as: FactoryUser, id: string, verb: 'deactivate' | 'reactivate', version?: number) =>
    request(ctx.http)
      .post(`/api/v1/users/${id}/${verb}`)
      .set(await bearer(as))
      .set('If-Match', `"${version ?? (await versionOf(id))}"`);
  const events = async (action: string, entityId: string): Promise<Array<{ actor_id: string | null; changes: Record<string, unknown> }>> =>
    ctx.dataSource.query(`SELECT actor_id, changes FROM audit_event WHERE action = $1 AND entity_id = $2 ORDER BY id`, [action, entityId]);
  const userEvents = async (id: string): Promise<number> =>
    (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'user' AND entity_id = $1`, [id]))[0].n;

  describe('GET /users (filters, sort, page)', () => {
    const tag = `flt${Date.now().toString(36)}`;
    let institution: InstitutionRow;
    let other: InstitutionRow;
    let signedIn: FactoryUser;
    let never: FactoryUser;
    let inactive: FactoryUser;
    let elsewhere: FactoryUser;

    beforeAll(async () => {
      institution = await f.newInstitution();
      other = await f.newInstitution();
      signedIn = await f.newUser({ role: 'focal_point', institutionId: institution.id, name: `Amina ${tag}`, email: `amina.${tag}@justice.test` });
      never = await f.newUser({ role: 'validator', institutionId: institution.id, name: `Badr ${tag}`, email: `badr.${tag}@justice.test` });
      inactive = await f.newUser({ role: 'auditor', name: `Chama ${tag}`, email: `chama.${tag}@audit.test`, active: false });
      elsewhere = await f.newUser({ role: 'focal_point', institutionId: other.id, name: `Driss ${tag}`, email: `driss.${tag}@interior.test` });
      await f.login(signedIn);
      await f.login(elsewhere);
      // Driss signed in long ago.
      await ctx.dataSource.transaction(async (m) => {
        await m.query(`UPDATE app_user SET last_sign_in_at = '2024-01-15T10:00:00Z' WHERE id = $1`, [elsewhere.id]);
        await ctx.app.get(AuditWriter).append(m, SYSTEM_ACTOR, { action: 'test.backdate', entityType: 'user', entityId: elsewhere.id });
      });
    });

    const list = async (query: Record<string, string>, as: FactoryUser = admin) => request(ctx.http).get('/api/v1/users').query({ q: tag, ...query }).set(await bearer(as));
    const ids = async (query: Record<string, string>, as?: FactoryUser): Promise<string[]> => {
      const res = await list(query, as);
      expect(res.status).toBe(200);
      return res.body.items.map((u: { id: string }) => u.id);
    };

    it('searches name and e-mail, case-insensitively, sorted by name', async () => {
      expect(await ids({})).toEqual([signedIn.id, never.id, inactive.id, elsewhere.id]);
      expect(await ids({ q: `BADR ${tag}` })).toEqual([never.id]);
      expect(await ids({ q: `@interior.test` })).toEqual([elsewhere.id]);
    });

    it('matches % and _ literally', async () => {
      expect(await ids({ q: `%${tag}` })).toEqual([]);
      expect(await ids({ q: `a_ina ${tag}` })).toEqual([]);
    });

    it('filters by role, institution and activation', async () => {
      expect(await ids({ role: 'focal_point' })).toEqual([signedIn.id, elsewhere.id]);
      expect(await ids({ institutionId: institution.id })).toEqual([signedIn.id, never.id]);
      expect(await ids({ active: 'false' })).toEqual([inactive.id]);
      expect(await ids({ active: 'true', role: 'validator' })).toEqual([never.id]);
    });

    it('filters by last sign-in: after, before, never', async () => {
      expect(await ids({ lastSignInAfter: '2025-01-01T00:00:00Z' })).toEqual([signedIn.id]);
      expect(await ids({ lastSignInBefore: '2025-01-01T00:00:00Z' })).toEqual([elsewhere.id]);
      expect(await ids({ neverSignedIn: 'true' })).toEqual([never.id, inactive.id]);
      expect(await ids({ neverSignedIn: 'false' })).toEqual([signedIn.id, elsewhere.id]);
    });

    it('sets the last sign-in at a successful login and answers it in the list', async () => {
      const res = await list({ q: signedIn.email });
      expect(res.body.items[0]).toEqual({
        id: signedIn.id,
        email: signedIn.email,
        name: signedIn.name,
        role: 'focal_point',
        institutionId: institution.id,
        locale: 'fr',
        active: true,
        version: 1,
        focalPointKind: 'main',
        lastSignInAt: expect.any(String),
        createdAt: expect.any(String),
      });
      expect(Date.now() - Date.parse(res.body.items[0].lastSignInAt)).toBeLessThan(3600_000);
    });

    it('sorts by last sign-in (never first ascending) and pages with the total', async () => {
      expect(await ids({ sort: 'lastSignInAt', order: 'asc' })).toEqual([...[never.id, inactive.id].sort(), elsewhere.id, signedIn.id]);
      expect(await ids({ sort: 'name', order: 'desc' })).toEqual([elsewhere.id, inactive.id, never.id, signedIn.id]);
      const page2 = await list({ pageSize: '3', page: '2' });
      expect(page2.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(page2.body.items.map((u: { id: string }) => u.id)).toEqual([elsewhere.id]);
    });

    it('is readable by the coordinator and the auditor, not by focal points or validators', async () => {
      expect(await ids({}, coordinator)).toHaveLength(4);
      expect(await ids({}, await f.newUser({ role: 'auditor' }))).toHaveLength(4);
      expect((await list({}, signedIn)).status).toBe(403);
      expect((await list({}, never)).status).toBe(403);
    });

    it.each([
      [{ sort: 'password_hash' }, 'sort'],
      [{ role: 'root' }, 'role'],
      [{ lastSignInAfter: 'yesterday' }, 'lastSignInAfter'],
      [{ active: 'maybe' }, 'active'],
      [{ pageSize: '100000' }, 'pageSize'],
    ])('answers 400 naming the field for %j', async (query, field) => {
      const res = await list(query as Record<string, string>);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.details.fields)).toEqual([field]);
    });

    it('GET /users/:id answers one account with its ETag', async () => {
      const res = await request(ctx.http).get(`/api/v1/users/${inactive.id}`).set(await bearer(coordinator));
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({ id: inactive.id, role: 'auditor', active: false, lastSignInAt: null });
    });
  });

  describe('role × action matrix', () => {
    type Action = 'deactivate' | 'to_validator' | 'to_admin';
    const CALLERS: Role[] = ['admin', 'coordinator', 'validator', 'focal_point', 'auditor'];
    const TARGETS: Role[] = ['admin', 'coordinator', 'auditor', 'validator', 'focal_point'];
    const ACTIONS: Action[] = ['deactivate', 'to_validator', 'to_admin'];

    /** The expected answer, written out here (not computed from the rule table it checks). */
    function expected(caller: Role, target: Role, action: Action): [number, string | null] {
      if (!['admin', 'coordinator'].includes(caller)) return [403, 'auth.forbidden'];
      if (caller === 'admin') return [200, null];
      if (!['validator', 'focal_point'].includes(target)) return [403, 'user.not_manageable'];
      if (action === 'to_admin') return [403, 'user.role_not_grantable'];
      return [200, null];
    }

    const cases = CALLERS.flatMap((caller) => TARGETS.flatMap((target) => ACTIONS.map((action) => [caller, target, action] as const)));
    const callers = new Map<Role, FactoryUser>();
    let institution: InstitutionRow;

    beforeAll(async () => {
      institution = await f.newInstitution();
      callers.set('admin', admin);
      callers.set('coordinator', coordinator);
      for (const role of ['validator', 'focal_point', 'auditor'] as Role[]) callers.set(role, await f.newUser({ role }));
    });

    it.each(cases)('%s → %s: %s', async (caller, targetRole, action) => {
      const target = await f.newUser({ role: targetRole, institutionId: ['validator', 'focal_point'].includes(targetRole) ? institution.id : null });
      const before = await userEvents(target.id);
      const as = callers.get(caller)!;
      const res =
        action === 'deactivate'
          ? await post(as, target.id, 'deactivate')
          : await patch(as, target.id, action === 'to_admin' ? { role: 'admin', institutionId: null } : { role: 'validator', institutionId: institution.id });
      const [status, code] = expected(caller, targetRole, action);
      expect({ status: res.status, code: res.body?.code ?? null }).toEqual({ status, code });
      const after = await ctx.dataSource.query(`SELECT role, active, version FROM app_user WHERE id = $1`, [target.id]);
      if (status === 200) {
        const unchanged = (action === 'to_validator' && targetRole === 'validator') || (action === 'to_admin' && targetRole === 'admin');
        expect(await userEvents(target.id)).toBe(before + (unchanged ? 0 : 1));
      } else {
        // Refused: nothing written, nothing audited.
        expect(after[0]).toEqual({ role: targetRole, active: true, version: 1 });
        expect(await userEvents(target.id)).toBe(before);
      }
    });
  });

  describe('no self-elevation, no self-lockout', () => {
    it.each([
      ['coordinator', { role: 'admin' }],
      ['coordinator', { institutionId: null, role: 'validator' }],
      ['admin', { role: 'auditor' }],
      ['admin', { active: false }],
    ] as const)('the %s changing their own %j is 403 user.self_change, and nothing changes', async (who, body) => {
      const me = await f.newUser({ role: who });
      await bearer(me);
      const before = await userEvents(me.id);
      const res = await patch(me, me.id, body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('user.self_change');
      expect(await versionOf(me.id)).toBe(1);
      expect(await userEvents(me.id)).toBe(before);
    });

    it('a focal point cannot join another institution by themselves (403 at the guard)', async () => {
      const fp = await f.newUser({ role: 'focal_point' });
      const res = await patch(fp, fp.id, { institutionId: (await f.newInstitution()).id });
      expect(res.status).toBe(403);
    });

    it('nobody deactivates themselves: 403 user.self_change', async () => {
      const other = await f.newUser({ role: 'admin' });
      const res = await post(other, other.id, 'deactivate');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('user.self_change');
    });

    it('an administrator may still change their own name (200, audited)', async () => {
      const me = await f.newUser({ role: 'admin' });
      const res = await patch(me, me.id, { name: 'Nouveau Nom', role: 'admin' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Nouveau Nom', role: 'admin', version: 2 });
      expect(await events('user.update', me.id)).toHaveLength(1);
    });
  });

  describe('writes', () => {
    let institution: InstitutionRow;
    let target: FactoryUser;

    beforeAll(async () => {
      institution = await f.newInstitution();
      target = await f.newUser({ role: 'focal_point' });
    });

    it('the coordinator moves a focal point to another institution: 200, sessions ended, audited user.role_change', async () => {
      const old = { Authorization: `Bearer ${await f.login(target)}` };
      const res = await patch(coordinator, target.id, { institutionId: institution.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ institutionId: institution.id, version: 2 });
      expect(res.headers['etag']).toBe('"2"');
      expect((await request(ctx.http).get('/api/v1/auth/me').set(old)).status).toBe(401);
      const [event] = await events('user.role_change', target.id);
      expect(event).toEqual({ actor_id: coordinator.id, changes: { institution_id: { before: target.institutionId, after: institution.id } } });
    });

    it('answers 412 concurrency.stale on a stale If-Match (PATCH and deactivate), writing nothing', async () => {
      const user = await f.newUser({ role: 'validator' });
      expect((await patch(admin, user.id, { name: 'Premier' }, 1)).status).toBe(200);
      const stale = await patch(admin, user.id, { name: 'Second' }, 1);
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('concurrency.stale');
      expect(stale.body.details.current).toMatchObject({ id: user.id, name: 'Premier', version: 2 });
      const staleDeactivate = await post(admin, user.id, 'deactivate', 1);
      expect(staleDeactivate.status).toBe(412);
      expect((await ctx.dataSource.query(`SELECT active, version FROM app_user WHERE id = $1`, [user.id]))[0]).toEqual({ active: true, version: 2 });
    });

    it('answers 428 without If-Match and 404 for an unknown account', async () => {
      const res = await request(ctx.http).post(`/api/v1/users/${target.id}/deactivate`).set(await bearer(admin));
      expect(res.status).toBe(428);
      expect((await post(admin, '00000000-0000-4000-8000-000000000000', 'deactivate', 1)).status).toBe(404);
    });

    it('answers 400 for an unknown institution, naming the field', async () => {
      const res = await patch(admin, target.id, { institutionId: '00000000-0000-4000-8000-000000000000' });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ institutionId: 'validation.unknownCode' });
    });
  });

  describe('deactivation ends every session at once', () => {
    const refreshCookieOf = (res: request.Response): string => {
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sidh_rt='));
      return cookie!.split(';')[0]!.slice('sidh_rt='.length);
    };
    const signIn = async (user: FactoryUser) => {
      const res = await request(ctx.http).post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      expect(res.status).toBe(200);
      return { access: res.body.accessToken as string, refresh: refreshCookieOf(res) };
    };
    const refresh = (token: string) => request(ctx.http).post('/api/v1/auth/refresh').set('Cookie', `sidh_rt=${token}`).set('X-Requested-With', 'sidh');
    const me = (access: string) => request(ctx.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${access}`);

    it('old access tokens and refresh tokens of every session are refused; reactivation lets them sign in again', async () => {
      const victim = await f.newUser({ role: 'validator' });
      const laptop = await signIn(victim);
      const phone = await signIn(victim);
      expect((await me(laptop.access)).status).toBe(200);
      const res = await post(coordinator, victim.id, 'deactivate');
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      for (const session of [laptop, phone]) {
        expect((await me(session.access)).status).toBe(401);
        expect((await request(ctx.http).get('/api/v1/recommendations').set('Authorization', `Bearer ${session.access}`)).status).toBe(401);
        expect((await refresh(session.refresh)).status).toBe(401);
      }
      expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: victim.email, password: victim.password })).status).toBe(401);
      expect(await events('user.deactivate', victim.id)).toEqual([{ actor_id: coordinator.id, changes: { active: { before: true, after: false } } }]);

      const back = await post(coordinator, victim.id, 'reactivate');
      expect(back.status).toBe(200);
      expect(back.body.active).toBe(true);
      expect(await events('user.reactivate', victim.id)).toHaveLength(1);
      // The old sessions stay ended; a new sign-in works.
      expect((await me(laptop.access)).status).toBe(401);
      expect((await refresh(phone.refresh)).status).toBe(401);
      expect((await me((await signIn(victim)).access)).status).toBe(200);
    });
  });

  describe('pending invitations', () => {
    let institution: InstitutionRow;

    beforeAll(async () => {
      institution = await f.newInstitution();
    });

    const invite = async (email: string) => {
      const res = await request(ctx.http)
        .post('/api/v1/invitations')
        .set(await bearer(coordinator))
        .send({ email, name: 'Invitée', role: 'focal_point', institutionId: institution.id, locale: 'fr' });
      expect(res.status).toBe(201);
      const mail = await waitForMail(ctx, (m) => m.to.includes(email));
      return { id: res.body.id as string, token: /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]! };
    };
    const accept = (token: string) => request(ctx.http).post('/api/v1/invitations/accept').send({ token, password: 'Un-mot-de-passe-bien-long-42' });
    const listOpen = async (as: FactoryUser = admin) => request(ctx.http).get('/api/v1/invitations').query({ institutionId: institution.id }).set(await bearer(as));

    it('lists pending and expired invitations, not accepted ones', async () => {
      const pending = await invite('pending.one@justice.test');
      const late = await invite('late.one@justice.test');
      const used = await invite('used.one@justice.test');
      expect((await accept(used.token)).status).toBe(200);
      await ctx.dataSource.transaction(async (m) => {
        await m.query(`UPDATE invitation SET expires_at = now() - interval '1 hour' WHERE id = $1`, [late.id]);
        await ctx.app.get(AuditWriter).append(m, SYSTEM_ACTOR, { action: 'test.expire', entityType: 'invitation', entityId: late.id });
      });
      const res = await listOpen();
      expect(res.status).toBe(200);
      const byId = new Map(res.body.map((i: { id: string; status: string }) => [i.id, i]));
      expect(byId.get(pending.id)).toMatchObject({ status: 'pending', email: 'pending.one@justice.test', invitedByName: 'Coord Principal', locale: 'fr' });
      expect(byId.get(late.id)).toMatchObject({ status: 'expired' });
      expect(byId.has(used.id)).toBe(false);
      expect((await listOpen(await f.newUser({ role: 'focal_point' }))).status).toBe(403);
    });

    it('resend mails a new link and voids the old one; audited invitation.resend', async () => {
      const { id, token: oldToken } = await invite('resent@justice.test');
      const server = ctx.app.get(DevMailServer);
      const before = server.messages().filter((m) => m.to.includes('resent@justice.test')).length;
      const res = await request(ctx.http).post(`/api/v1/invitations/${id}/resend`).set(await bearer(admin));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'pending' });
      const mail = await waitForMail(ctx, (m) => m.to.includes('resent@justice.test') && !m.text.includes(oldToken));
      expect(server.messages().filter((m) => m.to.includes('resent@justice.test')).length).toBe(before + 1);
      const newToken = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
      expect(newToken).not.toBe(oldToken);
      const old = await accept(oldToken);
      expect(old.status).toBe(400);
      expect(old.body.code).toBe('invitation.invalid');
      expect((await accept(newToken)).status).toBe(200);
      const [event] = await events('invitation.resend', id);
      expect(event!.actor_id).toBe(admin.id);
      expect(JSON.stringify(event!.changes)).not.toContain(newToken);
      // Accepted now: resending it again is 409.
      const closed = await request(ctx.http).post(`/api/v1/invitations/${id}/resend`).set(await bearer(admin));
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('invitation.closed');
    });

    it('resending an expired invitation opens it again', async () => {
      const { id } = await invite('expired.resent@justice.test');
      await ctx.dataSource.transaction(async (m) => {
        await m.query(`UPDATE invitation SET expires_at = now() - interval '1 hour' WHERE id = $1`, [id]);
        await ctx.app.get(AuditWriter).append(m, SYSTEM_ACTOR, { action: 'test.expire', entityType: 'invitation', entityId: id });
      });
      const res = await request(ctx.http).post(`/api/v1/invitations/${id}/resend`).set(await bearer(coordinator));
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('pending');
    });

    it('revoke voids the link at once and drops it from the list; audited invitation.revoke; a second revoke is 409', async () => {
      const { id, token } = await invite('revoked@justice.test');
      const res = await request(ctx.http).post(`/api/v1/invitations/${id}/revoke`).set(await bearer(coordinator));
      expect(res.status).toBe(204);
      expect((await accept(token)).status).toBe(400);
      expect((await listOpen()).body.map((i: { id: string }) => i.id)).not.toContain(id);
      expect(await events('invitation.revoke', id)).toEqual([{ actor_id: coordinator.id, changes: expect.objectContaining({ email: 'revoked@justice.test' }) }]);
      const again = await request(ctx.http).post(`/api/v1/invitations/${id}/revoke`).set(await bearer(coordinator));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('invitation.closed');
      expect((await request(ctx.http).post(`/api/v1/invitations/${id}/resend`).set(await bearer(coordinator))).status).toBe(409);
    });

    it('answers 404 for an unknown invitation and 403 to those who may not invite', async () => {
      expect((await request(ctx.http).post(`/api/v1/invitations/00000000-0000-4000-8000-000000000000/revoke`).set(await bearer(admin))).status).toBe(404);
      const { id } = await invite('guarded@justice.test');
      const auditor = await f.newUser({ role: 'auditor' });
      expect((await request(ctx.http).post(`/api/v1/invitations/${id}/revoke`).set(await bearer(auditor))).status).toBe(403);
      expect((await request(ctx.http).post(`/api/v1/invitations/${id}/resend`).set(await bearer(auditor))).status).toBe(403);
    });
  });

  describe('the last active administrator', () => {
    /** Leaves exactly these accounts as the active administrators (the others are demoted to auditor, audited). */
    const onlyAdmins = async (...keep: FactoryUser[]) => {
      const ids = keep.map((u) => u.id);
      await ctx.dataSource.transaction(async (m) => {
        const demoted = await many<{ id: string }>(m, `UPDATE app_user SET role = 'auditor' WHERE role = 'admin' AND active AND NOT (id = ANY($1::uuid[])) RETURNING id`, [ids]);
        for (const { id } of demoted) await ctx.app.get(AuditWriter).append(m, SYSTEM_ACTOR, { action: 'test.demote', entityType: 'user', entityId: id });
      });
      tokens.clear();
    };
    const activeAdmins = async (): Promise<number> => (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active`))[0].n;

    it('one of two administrators may demote the other; the survivor cannot be removed (only themselves is left, refused)', async () => {
      const x = await f.newUser({ role: 'admin' });
      const y = await f.newUser({ role: 'admin' });
      await onlyAdmins(x, y);
      expect((await patch(x, y.id, { role: 'coordinator' })).status).toBe(200);
      expect(await activeAdmins()).toBe(1);
      const self = await post(x, x.id, 'deactivate');
      expect(self.status).toBe(403);
      expect(await activeAdmins()).toBe(1);
    });

    it.each([1, 2, 3])('two administrators removing each other at the same time: exactly one succeeds, one admin remains (run %i)', async () => {
      const x = await f.newUser({ role: 'admin' });
      const y = await f.newUser({ role: 'admin' });
      await onlyAdmins(x, y);
      const xAuth = await bearer(x);
      const yAuth = await bearer(y);
      const xv = await versionOf(x.id);
      const yv = await versionOf(y.id);
      const xRemovesY = () => request(ctx.http).post(`/api/v1/users/${y.id}/deactivate`).set(xAuth).set('If-Match', `"${yv}"`);
      const yRemovesX = () => request(ctx.http).patch(`/api/v1/users/${x.id}`).set(yAuth).set('If-Match', `"${xv}"`).send({ role: 'auditor' });

      let results: request.Response[];
      if (ctx.engine === 'server') {
        // Hold the administrators' rows so both requests get past the guard and queue on the lock, then let them go together.
        const blocker = ctx.dataSource.createQueryRunner();
        await blocker.connect();
        await blocker.startTransaction();
        await blocker.query(`SELECT id FROM app_user WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
        const pending = Promise.all([xRemovesY(), yRemovesX()]);
        for (;;) {
          const [{ n }] = await ctx.dataSource.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`,
          );
          if (n >= 2) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await blocker.commitTransaction();
        await blocker.release();
        results = await pending;
      } else {
        results = await Promise.all([xRemovesY(), yRemovesX()]);
      }
      const statuses = results.map((r) => r.status).sort();
      if (ctx.engine === 'server') {
        expect(statuses).toEqual([200, 409]);
        expect(results.find((r) => r.status === 409)!.body.code).toBe('user.last_admin');
      } else {
        // One connection: the second request may only reach the guard after the first committed (its caller is no admin any more).
        expect(statuses[0]).toBe(200);
        expect([401, 409]).toContain(statuses[1]);
      }
      expect(await activeAdmins()).toBe(1);
      // One audit event for the one change that happened.
      expect((await events('user.deactivate', y.id)).length + (await events('user.role_change', x.id)).length).toBe(1);
    });
  });
});
