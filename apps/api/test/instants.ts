import type { TestContext } from './harness.js';

/** The database's clock now, to the microsecond, in the form the audit API takes an instant. */
export async function databaseNow(ctx: TestContext): Promise<string> {
  return (await ctx.dataSource.query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`))[0].t;
}

/**
 * A pause on each side of an instant a test compares writes with. The instant is read on one
 * backend and the writes around it are dated on others, on a virtual machine whose clocks may differ
 * by a fraction of a millisecond between its processors (a CI run once saw a write dated before the
 * instant read just ahead of it). A transaction left open would still date its writes far in the past.
 */
export const apart = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 25));
