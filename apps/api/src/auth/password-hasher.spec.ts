import { UnavailableException } from './auth.errors.js';
import { HashSlots } from './password-hasher.js';

/** A task that runs until `finish()` is called. */
function gate() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { finish, task: () => done };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('HashSlots', () => {
  it('runs at most maxRunning tasks at once, queues up to maxQueued, refuses beyond with a 503 and Retry-After', async () => {
    const slots = new HashSlots(2, 1);
    const gates = [gate(), gate(), gate()];
    const running = gates.map((g) => slots.run(g.task));
    await tick();
    expect(slots.stats).toMatchObject({ running: 2, queued: 1, started: 2 });
    const refused = slots.run(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(UnavailableException);
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'common.service_unavailable', retryAfterSeconds: 1 });
    expect(slots.stats.refused).toBe(1);
    gates[0]!.finish();
    await tick();
    // The freed slot went to the queued task: still two running, none waiting.
    expect(slots.stats).toMatchObject({ running: 2, queued: 0, started: 3 });
    gates[1]!.finish();
    gates[2]!.finish();
    await Promise.all(running);
    expect(slots.stats).toMatchObject({ running: 0, queued: 0, peakRunning: 2, started: 3, refused: 1 });
  });

  it('serves the queue first come, first served, and frees the slot when a task fails', async () => {
    const slots = new HashSlots(1, 5);
    const order: number[] = [];
    const first = gate();
    const head = slots.run(first.task);
    const queued = [1, 2, 3].map((n) => slots.run(async () => void order.push(n)));
    const failing = slots.run(async () => {
      throw new Error('argon2 failed');
    });
    first.finish();
    await head;
    await Promise.all(queued);
    await expect(failing).rejects.toThrow('argon2 failed');
    expect(order).toEqual([1, 2, 3]);
    expect(slots.stats).toMatchObject({ running: 0, queued: 0, peakRunning: 1, started: 5 });
    await expect(slots.run(async () => 'after')).resolves.toBe('after');
  });
});
