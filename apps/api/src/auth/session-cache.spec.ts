import { SessionCache, type SessionCacheOptions } from './session-cache.js';

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const S1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const S2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

/** A cache on a clock the test drives, its listener up unless said otherwise; `read` counts the database's answers. */
function setup(options: Partial<SessionCacheOptions> = {}, listening = true) {
  let now = 1_000_000;
  /** The barrier: passes at once unless the test holds it (`hold`), then passes (or fails) when released. */
  let held: Array<(passed: boolean) => void> | null = null;
  let barriers = 0;
  const barrier = () => {
    barriers += 1;
    return held ? new Promise<boolean>((resolve) => held!.push(resolve)) : Promise.resolve(true);
  };
  const cache = new SessionCache(barrier, { maxEntries: 100, maxAgeMs: 30_000, ...options }, () => now);
  if (listening) cache.listenerUp();
  const loads: string[] = [];
  const read = (userId: string, sessionId: string, value: string | undefined) =>
    cache.read(userId, sessionId, async () => {
      loads.push(`${userId.slice(0, 2)}/${sessionId.slice(0, 2)}`);
      return value;
    });
  /** A read whose database answer the test gives later (`answer`). */
  const pending = (userId: string, sessionId: string) => {
    let answer!: (value: string | undefined) => void;
    const result = cache.read(userId, sessionId, () => {
      loads.push(`${userId.slice(0, 2)}/${sessionId.slice(0, 2)}`);
      return new Promise<string | undefined>((resolve) => (answer = resolve));
    });
    return { result, answer: (value: string | undefined) => answer(value) };
  };
  return {
    cache,
    loads,
    read,
    pending,
    advance: (ms: number) => (now += ms),
    barriers: () => barriers,
    hold: () => (held = []),
    release: (passed: boolean) => {
      const waiting = held ?? [];
      held = null;
      for (const resolve of waiting) resolve(passed);
    },
  };
}

describe('SessionCache', () => {
  it('answers a second read of (user, session) from memory, and keeps sessions and users apart', async () => {
    const { cache, loads, read } = setup();
    expect(await read(U1, S1, 'row-1')).toBe('row-1');
    expect(await read(U1, S1, 'changed')).toBe('row-1');
    expect(await read(U1, S2, 'row-2')).toBe('row-2');
    expect(await read(U2, S1, 'row-3')).toBe('row-3');
    expect(loads).toEqual(['11/aa', '11/bb', '22/aa']);
    expect([cache.hits, cache.misses]).toEqual([1, 3]);
  });

  it('caches a refusal (no active user) like a row', async () => {
    const { loads, read } = setup();
    expect(await read(U1, S1, undefined)).toBeUndefined();
    expect(await read(U1, S1, 'row')).toBeUndefined();
    expect(loads).toHaveLength(1);
  });

  it('a notification naming a user forgets only that user; `*` or an unexpected payload forgets everyone', async () => {
    const { cache, loads, read } = setup();
    await read(U1, S1, 'a');
    await read(U1, S2, 'b');
    await read(U2, S1, 'c');
    cache.notified(U1.toUpperCase());
    expect(await read(U1, S1, 'a2')).toBe('a2');
    expect(await read(U1, S2, 'b2')).toBe('b2');
    expect(await read(U2, S1, 'c2')).toBe('c');
    for (const payload of ['*', 'not-a-uuid', '', undefined]) {
      cache.notified(payload);
      expect(await read(U2, S1, `c-${String(payload)}`)).toBe(`c-${String(payload)}`);
    }
    expect(loads).toHaveLength(3 + 2 + 4);
  });

  it('does not keep a read that was running when a change was announced (its snapshot may predate the commit)', async () => {
    const { cache, read, pending } = setup();
    const before = pending(U1, S1);
    cache.notified(U1);
    before.answer('stale');
    expect(await before.result).toBe('stale');
    expect(await read(U1, S1, 'fresh')).toBe('fresh');
    expect(await read(U1, S1, 'again')).toBe('fresh');
    // Any change counts, even another user's: the rule is conservative.
    const other = pending(U1, S2);
    cache.notified(U2);
    other.answer('maybe-stale');
    await other.result;
    expect(await read(U1, S2, 'fresh-2')).toBe('fresh-2');
  });

  it('answers from memory only after a barrier started after the request: a notification delivered before the barrier passes is applied first', async () => {
    const { cache, loads, read, barriers, hold, release } = setup();
    await read(U1, S1, 'old');
    expect(barriers()).toBe(0); // a miss needs no barrier: the database answers with the committed state
    hold();
    const served = read(U1, S1, 'new');
    // The commit's notification reaches the listener before the barrier's answer (PostgreSQL's order).
    cache.notified(U1);
    release(true);
    expect(await served).toBe('new');
    expect(barriers()).toBe(1);
    expect(await read(U1, S1, 'newer')).toBe('new');
    expect(barriers()).toBe(2);
    expect(loads).toEqual(['11/aa', '11/aa']);
  });

  it('reads the database when the barrier fails (the listener could not prove it is up to date)', async () => {
    const { cache, loads, read, hold, release } = setup();
    await read(U1, S1, 'a');
    hold();
    const served = read(U1, S1, 'b');
    cache.listenerDown();
    release(false);
    expect(await served).toBe('b');
    expect(loads).toHaveLength(2);
  });

  it('serves and keeps nothing before the listener is up or while it is down; forgets all on each change of state', async () => {
    const { cache, loads, read, pending, barriers } = setup({}, false);
    expect(cache.serving).toBe(false);
    await read(U1, S1, 'a');
    expect(await read(U1, S1, 'b')).toBe('b');
    cache.listenerUp();
    expect(cache.serving).toBe(true);
    expect(await read(U1, S1, 'c')).toBe('c');
    expect(await read(U1, S1, 'd')).toBe('c');
    cache.listenerDown();
    expect(cache.size).toBe(0);
    expect(await read(U1, S1, 'e')).toBe('e');
    expect(await read(U1, S1, 'f')).toBe('f');
    // A read asked for while down and answered after the listener is back is not kept (notifications were lost meanwhile).
    const during = pending(U1, S1);
    cache.listenerUp();
    during.answer('g');
    await during.result;
    expect(await read(U1, S1, 'h')).toBe('h');
    expect(await read(U1, S1, 'i')).toBe('h');
    expect(loads).toHaveLength(7);
    expect(barriers()).toBe(2);
  });

  it('reads a row again once it is older than maxAgeMs', async () => {
    const { cache, read, advance } = setup({ maxAgeMs: 1000 });
    await read(U1, S1, 'a');
    advance(1000);
    expect(await read(U1, S1, 'b')).toBe('a');
    advance(1);
    expect(await read(U1, S1, 'c')).toBe('c');
    expect(cache.misses).toBe(2);
  });

  it('keeps at most maxEntries rows, dropping the least recently used', async () => {
    const { cache, read } = setup({ maxEntries: 2 });
    await read(U1, S1, 'a');
    await read(U1, S2, 'b');
    expect(await read(U1, S1, 'x')).toBe('a');
    await read(U2, S1, 'c');
    expect(cache.size).toBe(2);
    expect(await read(U1, S2, 'b2')).toBe('b2');
    expect(await read(U2, S1, 'x')).toBe('c');
    expect(await read(U1, S1, 'a2')).toBe('a2');
    // Forgetting a user whose rows the LRU dropped touches nobody else.
    cache.forget(U1);
    expect(await read(U2, S1, 'y')).toBe('c');
  });
});
