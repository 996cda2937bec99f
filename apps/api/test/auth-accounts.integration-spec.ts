import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { AuditWriter, SYSTEM_ACTOR } from '../src/audit/audit.writer.js';
import { PasswordHasher } from '../src/auth/password-hasher.js';
import type { InstitutionRow } from '../src/modules/institutions/institutions.repository.js';
import { InvitationsRepository } from '../src/modules/invitations/invitations.repository.js';
import { userFactory, type FactoryUser } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * Account administration (PATCH /users/:id: versioned, audited) and the members page of an
 * institution (GET /institutions/:id/members: scoped, pending invitations only for those who may
 * invite). Every account and institution comes from the factory: no demo data.
 */
describe('accounts and institution members', () => {
  let ctx: TestContext;
  let f: ReturnType<typeof userFactory>;
  let admin: FactoryUser;
  let adminAuth: { Authorization: string };

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false });
    f = userFactory(ctx);
    admin = await f.newUser({ role: 'admin', name: 'Admin Factory' });
    adminAuth = { Authorization: `Bearer ${await f.login(admin)}` };
  });
  afterAll(() => ctx.close());

  const bearer = async (user: FactoryUser) => ({ Authorization: `Bearer ${await f.login(user)}` });
  const patchUser = (id: string, ifMatch: string | null, body: Record<string, unknown>) => {
    const req = request(ctx.http).patch(`/api/v1/users/${id}`).set(adminAuth);
    return (ifMatch === null ? req : req.set('If-Match', ifMatch)).send(body);
  };
  const eventsAbout = async (id: string): Promise<number> =>
    (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'user' AND entity_id = $1`, [id]))[0].n;

  describe('PATCH /users/:id', () => {
    it('answers 200 with the changed user and its new ETag', async () => {
      const user = await f.newUser({ role: 'auditor' });
      const res = await patchUser(user.id, '"1"', { name: 'Renamed', locale: 'en' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: user.id, email: user.email, name: 'Renamed', role: 'auditor', institutionId: null, locale: 'en', active: true, version: 2 });
      expect(res.headers['etag']).toBe('"2"');
    });

    it('audits user.update with before/after under the column names', async () => {
      const user = await f.newUser({ role: 'auditor' });
      expect((await patchUser(user.id, '"1"', { name: 'Renamed', locale: 'en' })).status).toBe(200);
      const [event] = await ctx.dataSource.query(`SELECT actor_id, changes FROM audit_event WHERE action = 'user.update' AND entity_id = $1`, [user.id]);
      expect(event.actor_id).toBe(admin.id);
      expect(event.changes).toEqual({ name: { before: user.name, after: 'Renamed' }, locale: { before: 'fr', after: 'en' } });
    });

    it('answers 428 without If-Match', async () => {
      const user = await f.newUser({ role: 'auditor' });
      const res = await patchUser(user.id, null, { name: 'x' });
      expect(res.status).toBe(428);
      expect(res.body.code).toBe('concurrency.precondition_required');
    });

    it('answers 412 concurrency.stale with the user as it is now and who changed it last', async () => {
      const user = await f.newUser({ role: 'auditor' });
      expect((await patchUser(user.id, '"1"', { name: 'First' })).status).toBe(200);
      const stale = await patchUser(user.id, '"1"', { name: 'Second' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('concurrency.stale');
      expect(stale.body.details.current).toMatchObject({ id: user.id, name: 'First', version: 2 });
      expect(stale.body.details.lastChange).toEqual({ actorName: 'Admin Factory', actorRole: 'admin', occurredAt: expect.any(String) });
    });

    it('answers 404 for an unknown user', async () => {
      const res = await patchUser('00000000-0000-4000-8000-000000000000', '"1"', { name: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('common.not_found');
    });

    it('answers 400 when a focal point would be left without an institution, and changes nothing', async () => {
      const fp = await f.newUser({ role: 'focal_point' });
      const before = await eventsAbout(fp.id);
      const res = await patchUser(fp.id, '"1"', { institutionId: null });
      expect(res.status).toBe(400);
      expect(res.body.details.fields).toEqual({ institutionId: 'validation.required' });
      expect((await patchUser(fp.id, '"1"', { name: fp.name })).headers['etag']).toBe('"1"');
      expect(await eventsAbout(fp.id)).toBe(before);
    });

    it('keeps the version and writes no audit event when nothing changes', async () => {
      const user = await f.newUser({ role: 'auditor' });
      const before = await eventsAbout(user.id);
      const res = await patchUser(user.id, '"1"', { name: user.name, active: true });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(await eventsAbout(user.id)).toBe(before);
    });
  });

  describe('GET /institutions/:id/members', () => {
    let institution: InstitutionRow;
    let main: FactoryUser;
    let alternate: FactoryUser;
    let validator: FactoryUser;
    let coordinator: FactoryUser;
    let invitationEmail: string;

    beforeAll(async () => {
      institution = await f.newInstitution();
      main = await f.newUser({ role: 'focal_point', institutionId: institution.id, focalPointKind: 'main', email: 'main@ministry.test' });
      alternate = await f.newUser({ role: 'focal_point', institutionId: institution.id, focalPointKind: 'alternate' });
      validator = await f.newUser({ role: 'validator', institutionId: institution.id });
      coordinator = await f.newUser({ role: 'coordinator' });
      invitationEmail = 'invited@ministry.test';
      const invited = await request(ctx.http)
        .post('/api/v1/invitations')
        .set(await bearer(coordinator))
        .send({ email: invitationEmail, name: 'Invited', role: 'validator', institutionId: institution.id });
      expect(invited.status).toBe(201);
    });

    const members = async (institutionId: string, as: FactoryUser) => request(ctx.http).get(`/api/v1/institutions/${institutionId}/members`).set(await bearer(as));

    it("lists the institution's users by role, the main focal point before the alternates, with their e-mail domain", async () => {
      const res = await members(institution.id, coordinator);
      expect(res.status).toBe(200);
      expect(res.body.institutionId).toBe(institution.id);
      expect(res.body.members.map((m: { id: string }) => m.id)).toEqual([main.id, alternate.id, validator.id]);
      expect(res.body.members[0]).toEqual({ id: main.id, name: main.name, email: 'main@ministry.test', emailDomain: 'ministry.test', role: 'focal_point', focalPointKind: 'main', active: true });
    });

    it.each(['coordinator', 'admin'] as const)('shows pending invitations to the %s (who may invite)', async (role) => {
      const res = await members(institution.id, role === 'admin' ? admin : coordinator);
      expect(res.status).toBe(200);
      expect(res.body.pendingInvitations).toEqual([expect.objectContaining({ email: invitationEmail, role: 'validator', institutionId: institution.id, acceptedAt: null })]);
    });

    it.each(['validator', 'focal point'] as const)("shows no pending invitations to the institution's %s", async (who) => {
      const res = await members(institution.id, who === 'validator' ? validator : main);
      expect(res.status).toBe(200);
      expect(res.body.members).toHaveLength(3);
      expect(res.body.pendingInvitations).toEqual([]);
    });

    it('answers 404 to a focal point of another institution', async () => {
      const outsider = await f.newUser({ role: 'focal_point' });
      const res = await members(institution.id, outsider);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('common.not_found');
    });

    it('answers 404 for an unknown institution', async () => {
      expect((await members('00000000-0000-4000-8000-000000000000', coordinator)).status).toBe(404);
    });

    it('answers 400 for an id that is not a UUID', async () => {
      expect((await members('not-a-uuid', coordinator)).status).toBe(400);
    });
  });

  describe('POST /invitations/accept checks the link before hashing the password', () => {
    let institution: InstitutionRow;
    let hasher: PasswordHasher;
    /** Calls of the two steps of an acceptance, in order. */
    let steps: string[];
    let restore: () => void;

    const newToken = () => randomBytes(32).toString('base64url');
    const accept = (token: string, password = 'a-long-enough-password') => request(ctx.http).post('/api/v1/invitations/accept').send({ token, password });

    /** An invitation stored as the API stores it (only the token's SHA-256), and its token. */
    const invitation = async (overrides: { expiresAt?: Date } = {}) => {
      const token = newToken();
      const row = await ctx.dataSource.transaction(async (manager) => {
        const created = await ctx.app.get(InvitationsRepository).insert(manager, {
          email: `invited-${randomBytes(4).toString('hex')}@ministry.test`,
          name: 'Invited',
          role: 'validator',
          focalPointKind: null,
          locale: 'fr',
          institutionId: institution.id,
          tokenHash: createHash('sha256').update(token).digest('hex'),
          expiresAt: overrides.expiresAt ?? new Date(Date.now() + 3600_000),
          invitedById: admin.id,
        });
        await ctx.app.get(AuditWriter).append(manager, SYSTEM_ACTOR, { action: 'invitation.create', entityType: 'invitation', entityId: created.id, changes: { email: created.email } });
        return created;
      });
      return { token, row };
    };

    beforeAll(async () => {
      institution = await f.newInstitution();
      hasher = ctx.app.get(PasswordHasher);
      const repository = ctx.app.get(InvitationsRepository);
      const isOpen = repository.isOpen;
      const hash = hasher.hash;
      repository.isOpen = (...args) => {
        steps.push('isOpen');
        return isOpen.apply(repository, args);
      };
      hasher.hash = (...args) => {
        steps.push('hash');
        return hash.apply(hasher, args);
      };
      restore = () => {
        repository.isOpen = isOpen;
        hasher.hash = hash;
      };
    });
    afterAll(() => restore());
    beforeEach(() => {
      steps = [];
    });

    it('refuses 50 unknown links with 400 invitation.invalid without hashing any password', async () => {
      const hashesBefore = hasher.stats.started;
      const answers = await Promise.all(Array.from({ length: 50 }, () => accept(newToken())));
      expect(answers.map((a) => a.status)).toEqual(Array<number>(50).fill(400));
      expect(new Set(answers.map((a) => a.body.code))).toEqual(new Set(['invitation.invalid']));
      expect(steps).toEqual(Array<string>(50).fill('isOpen'));
      expect(hasher.stats.started).toBe(hashesBefore);
    });

    it('refuses a used link and an expired link without hashing', async () => {
      const used = await invitation();
      expect((await accept(used.token)).status).toBe(200);
      const expired = await invitation({ expiresAt: new Date(Date.now() - 60_000) });
      steps = [];
      const hashesBefore = hasher.stats.started;
      expect((await accept(used.token)).body.code).toBe('invitation.invalid');
      expect((await accept(expired.token)).body.code).toBe('invitation.invalid');
      expect(steps).toEqual(['isOpen', 'isOpen']);
      expect(hasher.stats.started).toBe(hashesBefore);
    });

    it('hashes once, after the check, for an open link, which then signs in (control)', async () => {
      const open = await invitation();
      const res = await accept(open.token, 'my-chosen-password-1');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ email: open.row.email, active: true });
      expect(steps).toEqual(['isOpen', 'hash']);
      expect((await request(ctx.http).post('/api/v1/auth/login').send({ email: open.row.email, password: 'my-chosen-password-1' })).status).toBe(200);
    });
  });
});
