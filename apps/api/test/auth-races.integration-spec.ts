import request from 'supertest';
import { PasswordHasher } from '../src/auth/password-hasher.js';
import { userFactory, type FactoryUser } from './factories/user.factory.js';
import { createTestApp, type TestContext } from './harness.js';

/**
 * Sign-in under attack (issue "Hardening from an outside attack"): bursts of parallel guesses on
 * one account, one address trying many accounts, and more password hashes than the process can
 * afford. The bursts go through a real listening socket, so the requests really overlap (on the
 * embedded engine their SQL queues on one connection; on a server it runs in parallel).
 */

interface Answer {
  status: number;
  code: string | undefined;
  retryAfter: string | undefined;
}

const answerOf = (res: request.Response): Answer => ({ status: res.status, code: res.body?.code, retryAfter: res.headers['retry-after'] });
const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

/** A real socket on 127.0.0.1: concurrent supertest calls on an unbound server would race to bind it. */
async function listen(ctx: TestContext): Promise<string> {
  await ctx.app.listen(0, '127.0.0.1');
  return (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
}

const loginFrom = (base: string, email: string, password: string, ip?: string) => {
  const req = request(base).post('/api/v1/auth/login');
  return (ip ? req.set('X-Forwarded-For', ip) : req).send({ email, password });
};

/** Every `auth.login_failed` event about an e-mail key (known or unknown account). */
const failedLogins = async (ctx: TestContext, email: string): Promise<number> =>
  (await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.login_failed' AND changes->>'email' = $1`, [email.toLowerCase()]))[0].n;

const expectRetryAfter = (answer: Answer, maxSeconds: number) => {
  const seconds = Number(answer.retryAfter);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
};

describe('parallel wrong passwords on one account (LOGIN_MAX_FAILURES=5)', () => {
  let ctx: TestContext;
  let base: string;
  let users: ReturnType<typeof userFactory>;
  let hasher: PasswordHasher;

  beforeAll(async () => {
    // The address limit is tested below: here it must not be what stops the burst.
    ctx = await createTestApp({ seedDemo: false, env: { LOGIN_IP_MAX_FAILURES: '1000' } });
    users = userFactory(ctx);
    hasher = ctx.app.get(PasswordHasher);
    base = await listen(ctx);
  });
  afterAll(() => ctx?.close());

  describe.each([20, 50, 100])('a burst of %i wrong passwords, and the right one sent while the burst is in flight', (size) => {
    let user: FactoryUser;
    let burst: Answer[];
    let rightDuringBurst: Answer;
    let hashesChecked: number;

    beforeAll(async () => {
      user = await users.newUser({ role: 'auditor' });
      const hashesBefore = hasher.stats.started;
      let firstRefusal!: () => void;
      const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
      const pending = Array.from({ length: size }, (_, i) =>
        loginFrom(base, user.email, `wrong-password-${i}`).then((res) => {
          if (res.status === 429) firstRefusal();
          return answerOf(res);
        }),
      );
      // As soon as the burst is refused (the checked guesses may still be hashing), the right password is tried.
      await Promise.race([refused, Promise.all(pending)]);
      rightDuringBurst = answerOf(await loginFrom(base, user.email, user.password!));
      burst = await Promise.all(pending);
      hashesChecked = hasher.stats.started - hashesBefore;
    });

    it('checks at most LOGIN_MAX_FAILURES passwords: the rest are 429 auth.too_many_attempts with Retry-After, none 5xx', () => {
      expect(count(burst, 401)).toBeGreaterThanOrEqual(1);
      expect(count(burst, 401)).toBeLessThanOrEqual(ctx.config.LOGIN_MAX_FAILURES);
      expect(count(burst, 401) + count(burst, 429)).toBe(size);
      for (const answer of burst.filter((a) => a.status === 429)) {
        expect(answer.code).toBe('auth.too_many_attempts');
        expectRetryAfter(answer, ctx.config.LOGIN_LOCK_MINUTES * 60);
      }
    });

    it('computes one argon2 verification and writes one auth.login_failed event per checked guess, none for the refused ones', async () => {
      expect(hashesChecked).toBe(count(burst, 401));
      expect(await failedLogins(ctx, user.email)).toBe(count(burst, 401));
    });

    it('refuses the right password sent during the burst (429), and after it while the lock lasts', async () => {
      expect(rightDuringBurst.status).toBe(429);
      expect(rightDuringBurst.code).toBe('auth.too_many_attempts');
      const after = answerOf(await loginFrom(base, user.email, user.password!));
      expect(after.status).toBe(429);
      expectRetryAfter(after, ctx.config.LOGIN_LOCK_MINUTES * 60);
    });
  });

  it('a burst with the right password among wrong ones: no 5xx, one hash per answered guess, at most LOGIN_MAX_FAILURES wrong guesses per count (a success starts a new one)', async () => {
    const user = await users.newUser({ role: 'auditor' });
    const hashesBefore = hasher.stats.started;
    const passwords = Array.from({ length: 30 }, (_, i) => (i === 2 ? user.password! : `wrong-password-${i}`));
    const answers = await Promise.all(passwords.map(async (password) => answerOf(await loginFrom(base, user.email, password))));
    const checked = hasher.stats.started - hashesBefore;
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(checked).toBe(count(answers, 200) + count(answers, 401));
    // A success clears the count, so up to LOGIN_MAX_FAILURES guesses may follow it; before it, fewer than the limit.
    expect(count(answers, 401)).toBeLessThanOrEqual(ctx.config.LOGIN_MAX_FAILURES * (1 + count(answers, 200)));
    if (count(answers, 200) === 0) expect(count(answers, 401)).toBeLessThanOrEqual(ctx.config.LOGIN_MAX_FAILURES);
  });
});

describe('one client address trying many accounts (TRUST_PROXY=true, LOGIN_IP_MAX_FAILURES=5)', () => {
  const IP_MAX = 5;
  const WINDOW = 600;
  let ctx: TestContext;
  let base: string;
  let user: FactoryUser;
  let hasher: PasswordHasher;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false, env: { TRUST_PROXY: 'true', LOGIN_IP_MAX_FAILURES: String(IP_MAX), LOGIN_IP_WINDOW_SECONDS: String(WINDOW) } });
    user = await userFactory(ctx).newUser({ role: 'auditor' });
    hasher = ctx.app.get(PasswordHasher);
    base = await listen(ctx);
  });
  afterAll(() => ctx?.close());

  const account = (tag: string, i: number) => `${tag}-${i}@stuffing.test`;

  describe('after LOGIN_IP_MAX_FAILURES failures on as many accounts from one address', () => {
    const ATTACKER = '198.51.100.10';
    let answers: Answer[];

    beforeAll(async () => {
      answers = [];
      for (let i = 0; i < IP_MAX + 3; i += 1) answers.push(answerOf(await loginFrom(base, account('seq', i), 'guess-123456', ATTACKER)));
    });

    it('answers 401 to the first LOGIN_IP_MAX_FAILURES, then 429 auth.too_many_attempts with Retry-After, whatever the account', () => {
      expect(answers.map((a) => a.status)).toEqual([...Array<number>(IP_MAX).fill(401), 429, 429, 429]);
      for (const answer of answers.slice(IP_MAX)) {
        expect(answer.code).toBe('auth.too_many_attempts');
        expectRetryAfter(answer, WINDOW);
      }
    });

    it('refuses even a correct password from that address', async () => {
      expect((await loginFrom(base, user.email, user.password!, ATTACKER)).status).toBe(429);
    });

    it('leaves another address unaffected, for the same accounts', async () => {
      expect((await loginFrom(base, user.email, user.password!, '198.51.100.11')).status).toBe(200);
      expect((await loginFrom(base, account('seq', 0), 'guess-123456', '198.51.100.11')).status).toBe(401);
    });

    it('counted the refused attempts against no account (an address lock is not an account lock)', async () => {
      expect(await failedLogins(ctx, account('seq', IP_MAX))).toBe(0);
      expect((await loginFrom(base, account('seq', IP_MAX), 'guess-123456', '198.51.100.12')).status).toBe(401);
    });
  });

  it('checks at most LOGIN_IP_MAX_FAILURES passwords of a parallel burst on 40 accounts from one address', async () => {
    const hashesBefore = hasher.stats.started;
    const answers = await Promise.all(Array.from({ length: 40 }, async (_, i) => answerOf(await loginFrom(base, account('burst', i), 'guess-123456', '203.0.113.20'))));
    expect(count(answers, 401)).toBeGreaterThanOrEqual(1);
    expect(count(answers, 401)).toBeLessThanOrEqual(IP_MAX);
    expect(count(answers, 429)).toBe(40 - count(answers, 401));
    expect(hasher.stats.started - hashesBefore).toBe(count(answers, 401));
  });

  it('does not count successful sign-ins against the address', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < IP_MAX + 3; i += 1) expect((await loginFrom(base, user.email, user.password!, ip)).status).toBe(200);
    for (let i = 0; i < IP_MAX; i += 1) expect((await loginFrom(base, account('after-success', i), 'guess-123456', ip)).status).toBe(401);
    expect((await loginFrom(base, account('after-success', IP_MAX), 'guess-123456', ip)).status).toBe(429);
  });

  it('counts the IPv6 addresses of one /64 together', async () => {
    for (let i = 0; i < IP_MAX; i += 1) expect((await loginFrom(base, account('v6', i), 'guess-123456', `2001:db8:5:6::${i + 1}`)).status).toBe(401);
    expect((await loginFrom(base, account('v6', IP_MAX), 'guess-123456', '2001:db8:5:6:ffff::99')).status).toBe(429);
    expect((await loginFrom(base, account('v6', IP_MAX), 'guess-123456', '2001:db8:5:7::1')).status).toBe(401);
  });
});

describe('more password hashes than the process allows (AUTH_MAX_CONCURRENT_HASHES=1, AUTH_HASH_QUEUE_SIZE=1)', () => {
  let ctx: TestContext;
  let base: string;
  let hasher: PasswordHasher;

  beforeAll(async () => {
    ctx = await createTestApp({ seedDemo: false, env: { AUTH_MAX_CONCURRENT_HASHES: '1', AUTH_HASH_QUEUE_SIZE: '1', LOGIN_IP_MAX_FAILURES: '1000' } });
    hasher = ctx.app.get(PasswordHasher);
    base = await listen(ctx);
  });
  afterAll(() => ctx?.close());

  describe('a burst of 40 sign-ins on 40 accounts', () => {
    let answers: Answer[];

    beforeAll(async () => {
      answers = await Promise.all(Array.from({ length: 40 }, async (_, i) => answerOf(await loginFrom(base, `hash-burst-${i}@flood.test`, 'guess-123456'))));
    });

    it('answers 503 common.service_unavailable with Retry-After beyond the queue, never 500', () => {
      expect(answers.filter((a) => a.status !== 401 && a.status !== 503)).toEqual([]);
      expect(count(answers, 503)).toBeGreaterThanOrEqual(1);
      expect(count(answers, 401)).toBeGreaterThanOrEqual(1);
      for (const answer of answers.filter((a) => a.status === 503)) {
        expect(answer.code).toBe('common.service_unavailable');
        expectRetryAfter(answer, 60);
      }
    });

    it('never ran more than AUTH_MAX_CONCURRENT_HASHES hashes at once', () => {
      expect(hasher.stats.peakRunning).toBe(1);
      expect(hasher.stats.refused).toBe(count(answers, 503));
    });

    it('counts a 503 as no attempt: neither the account nor the address keeps it, and it is not audited as a failure', async () => {
      const [row] = await ctx.dataSource.query(
        `SELECT coalesce(sum(failures) FILTER (WHERE email_key LIKE 'hash-burst-%'), 0)::int AS accounts,
                coalesce(sum(failures) FILTER (WHERE email_key LIKE 'ip:%'), 0)::int AS address
           FROM login_throttle`,
      );
      expect(row).toEqual({ accounts: count(answers, 401), address: count(answers, 401) });
      const [audited] = await ctx.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'auth.login_failed'`);
      expect(audited.n).toBe(count(answers, 401));
    });
  });
});
