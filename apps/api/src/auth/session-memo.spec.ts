import { EventEmitter } from 'node:events';
import { SESSION_MEMO_FRESH_MS, SessionMemo } from './session-memo.js';

/** The pool's checkouts and the clock, driven by the test. */
function setup() {
  const pool = Object.assign(new EventEmitter(), { waitingCount: 0 });
  let now = 1_000_000;
  const memo = new SessionMemo(pool, () => now);
  const loads: string[] = [];
  /** A read whose database answer the test gives (`answer`), as a queued read would get it. */
  const pending = (userId: string, key: string) => {
    let answer!: (value: string | undefined) => void;
    const result = memo.read(userId, key, () => {
      loads.push(`${userId}/${key}`);
      return new Promise<string | undefined>((resolve) => (answer = resolve));
    });
    return { result, answer: (value: string | undefined) => answer(value) };
  };
  /** A read the database answers at once with `value`. */
  const read = (userId: string, key: string, value: string) =>
    memo.read(userId, key, async () => {
      loads.push(`${userId}/${key}`);
      return value;
    });
  return {
    memo,
    loads,
    pending,
    read,
    advance: (ms: number) => (now += ms),
    acquire: () => pool.emit('acquire'),
    release: () => pool.emit('release'),
    /** Reads or transactions queued for the connection. */
    queued: (n: number) => (pool.waitingCount = n),
  };
}

/** Settles the promises that can settle now. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SessionMemo', () => {
  it('asks the database every time while the connection is free', async () => {
    const t = setup();
    expect(await t.read('u1', 'session:a', 'row 1')).toBe('row 1');
    expect(await t.read('u1', 'session:a', 'row 2')).toBe('row 2');
    expect(t.loads).toHaveLength(2);
    expect(t.memo.served).toBe(0);
  });

  it('while another holder has the connection, answers a row read at most 5 s before it took it, without asking the database', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'row');
    t.advance(SESSION_MEMO_FRESH_MS);
    t.acquire();
    t.advance(60_000);
    expect(await t.read('u1', 'session:a', 'unused')).toBe('row');
    expect(t.loads).toHaveLength(1);
    expect(t.memo.served).toBe(1);
  });

  it('makes a read wait for the database when its row was read more than 5 s before the holder took the connection', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'old row');
    t.advance(SESSION_MEMO_FRESH_MS + 1);
    t.acquire();
    const waiting = t.pending('u1', 'session:a');
    let answered = false;
    void waiting.result.then(() => (answered = true));
    await flush();
    expect(answered).toBe(false);
    t.release();
    waiting.answer('new row');
    expect(await waiting.result).toBe('new row');
    expect(t.memo.served).toBe(0);
  });

  it('keeps rows per user and key: another user, or another session of the same user, waits', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'row');
    t.acquire();
    const otherUser = t.pending('u2', 'session:a');
    const otherSession = t.pending('u1', 'session:b');
    await flush();
    expect(t.loads).toEqual(['u1/session:a', 'u2/session:a', 'u1/session:b']);
    otherUser.answer('u2 row');
    otherSession.answer('b row');
    expect([await otherUser.result, await otherSession.result]).toEqual(['u2 row', 'b row']);
    expect(t.memo.served).toBe(0);
  });

  it('forgets a user written to: their rows wait for the database, other users are still answered', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'u1 row');
    await t.read('u2', 'session:a', 'u2 row');
    t.memo.forget('u1');
    t.acquire();
    expect(await t.read('u2', 'session:a', 'unused')).toBe('u2 row');
    const u1 = t.pending('u1', 'session:a');
    await flush();
    expect(t.loads.at(-1)).toBe('u1/session:a');
    u1.answer('u1 after the write');
    expect(await u1.result).toBe('u1 after the write');
  });

  it('does not keep a read asked for before a write and answered after it (it may hold the state before the write)', async () => {
    const t = setup();
    const before = t.pending('u1', 'session:a');
    t.memo.forget('u1');
    before.answer('state before the write');
    expect(await before.result).toBe('state before the write');
    t.acquire();
    const after = t.pending('u1', 'session:a');
    await flush();
    expect(t.loads).toEqual(['u1/session:a', 'u1/session:a']);
    after.answer('state after the write');
    expect(await after.result).toBe('state after the write');
  });

  it('forgets every user on a write it cannot attribute (forgetAll)', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'u1 row');
    await t.read('u2', 'account', 'u2 row');
    t.memo.forgetAll();
    t.acquire();
    const reads = [t.pending('u1', 'session:a'), t.pending('u2', 'account')];
    await flush();
    expect(t.loads).toHaveLength(4);
    reads.forEach((r) => r.answer('fresh'));
    expect(await Promise.all(reads.map((r) => r.result))).toEqual(['fresh', 'fresh']);
    expect(t.memo.served).toBe(0);
  });

  it('answers a remembered fact (a session just ended) while the connection is held', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'open');
    t.memo.forget('u1');
    t.memo.remember('u1', 'session:a', undefined);
    t.acquire();
    expect(await t.read('u1', 'session:a', 'unused')).toBeUndefined();
    expect(t.memo.served).toBe(1);
  });

  it('does not answer from memory a read that takes the free connection itself, even when the next holder is that read', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'row');
    const own = t.pending('u1', 'session:a');
    t.acquire();
    await flush();
    own.answer('fresh');
    expect(await own.result).toBe('fresh');
    expect(t.memo.served).toBe(0);
  });

  it('answers from memory while the connection is free but others are queued for it first', async () => {
    const t = setup();
    await t.read('u1', 'session:a', 'row');
    t.queued(1);
    expect(await t.read('u1', 'session:a', 'unused')).toBe('row');
    expect(t.memo.served).toBe(1);
  });

  it('answers a read waiting behind the holder as soon as an earlier read of the same row ends', async () => {
    const t = setup();
    // Two requests of one user: the first reads, the second queues behind it and a transaction.
    const first = t.pending('u1', 'session:a');
    t.acquire();
    const second = t.pending('u1', 'session:a');
    first.answer('row');
    expect(await first.result).toBe('row');
    expect(await second.result).toBe('row');
    expect(t.memo.served).toBe(1);
  });

  it('passes a database error on to the read that waited for it', async () => {
    const t = setup();
    const failing = t.memo.read('u1', 'session:a', () => Promise.reject(new Error('connection lost')));
    await expect(failing).rejects.toThrow('connection lost');
    t.acquire();
    const next = t.pending('u1', 'session:a');
    await flush();
    expect(t.loads).toEqual(['u1/session:a']);
    next.answer('row');
    expect(await next.result).toBe('row');
  });
});
