import { performance } from 'node:perf_hooks';

/**
 * Long loops on the API's thread, made cooperative. A loop over the 41,000 rows of an import
 * (planning, comparison) is seconds of JavaScript; run in one go it holds the event loop, and
 * every other user's request waits for it (issue 8, item 11). Run through `forEachSliced`, it
 * lets the event loop serve what waits (network, database answers, timers) every SLICE_MS of
 * work, then goes on: same order, same result, a few hundred microseconds more per second.
 */

/**
 * How long a loop holds the event loop at most before letting it run. Several loops may share it
 * (IMPORT_MAX_CONCURRENT_PARSES files planned at once), each taking one slice per turn, and a
 * request needs a few turns (one per database answer): short slices keep it well under 500 ms.
 */
export const SLICE_MS = 10;

/** Resolves once the event loop has served what was waiting: `setImmediate` runs after the I/O callbacks of the turn. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Calls `fn` on each item in order, as `for (const item of items)` would, letting the event loop
 * run whenever `sliceMs` of work has passed since it last did. `fn` is synchronous: `return` in it
 * is the loop's `continue`. What `fn` throws rejects the promise, and the remaining items are not
 * visited.
 */
export async function forEachSliced<T>(items: Iterable<T>, fn: (item: T, index: number) => void, sliceMs = SLICE_MS): Promise<void> {
  let deadline = performance.now() + sliceMs;
  let index = 0;
  for (const item of items) {
    fn(item, index++);
    if (performance.now() >= deadline) {
      await yieldToEventLoop();
      deadline = performance.now() + sliceMs;
    }
  }
}
