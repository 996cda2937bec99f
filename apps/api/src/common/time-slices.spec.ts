import { forEachSliced, yieldToEventLoop } from './time-slices.js';

describe('forEachSliced', () => {
  it('visits every item once, in order, with its index, like for … of', async () => {
    const seen: Array<[string, number]> = [];
    await forEachSliced(['a', 'b', 'c'], (item, index) => seen.push([item, index]), 0);
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('takes any iterable (a Set, a Map’s values)', async () => {
    const seen: number[] = [];
    await forEachSliced(new Set([3, 1, 2]), (n) => seen.push(n));
    await forEachSliced(new Map([['x', 4]]).values(), (n) => seen.push(n));
    expect(seen).toEqual([3, 1, 2, 4]);
  });

  it('lets the event loop run between slices: what was waiting runs before the next item', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('waiting'));
    // A slice of 0 ms is over after each item.
    await forEachSliced([1, 2], (n) => order.push(`item ${n}`), 0);
    expect(order).toEqual(['item 1', 'waiting', 'item 2']);
  });

  it('keeps the event loop while its slice lasts', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('waiting'));
    await forEachSliced([1, 2, 3], (n) => order.push(`item ${n}`), 60_000);
    order.push('done');
    await yieldToEventLoop();
    expect(order).toEqual(['item 1', 'item 2', 'item 3', 'done', 'waiting']);
  });

  it('rejects with what the function throws, and visits no item after it', async () => {
    const seen: number[] = [];
    const run = forEachSliced([1, 2, 3], (n) => {
      if (n === 2) throw new Error('row 2');
      seen.push(n);
    }, 0);
    await expect(run).rejects.toThrow('row 2');
    expect(seen).toEqual([1]);
  });
});
