/**
 * The search benchmarks' load (search.bench.ts, embedded-search.bench.ts): autocannon over a
 * rotating list of URLs, one instance per connection, and the medians of repeated measures.
 */
import autocannon from 'autocannon';

export interface Measure {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Each figure's median over the runs. */
export function medianOf(runs: Measure[]): Measure {
  const m = (k: keyof Measure) => median(runs.map((r) => r[k] as number));
  return { label: runs[0]!.label, rps: m('rps'), p50: m('p50'), p95: m('p95'), p99: m('p99'), mean: m('mean'), requests: m('requests'), non2xx: m('non2xx'), errors: m('errors') };
}

/**
 * `connections` autocannon instances of one connection each, the i-th starting at its own offset in
 * `paths` (one instance sending the list from the start would have every connection send the same
 * URL at the same time, and a short measure would only ever reach the head of a 1,000-URL mix).
 * With one connection an instance answers in order: its k-th response is its k-th URL, so each
 * latency is also recorded under its URL (`byPath`), for the slowest shapes.
 */
export async function load(label: string, url: string, headers: Record<string, string>, paths: readonly string[], duration: number, connections: number, byPath?: Map<string, number[]>): Promise<Measure> {
  const latencies: number[] = [];
  const instances = Array.from({ length: connections }, (_, i) => {
    const offset = Math.floor((i * paths.length) / connections);
    const rotated = [...paths.slice(offset), ...paths.slice(0, offset)];
    const instance = autocannon({ url, connections: 1, duration, headers, timeout: 30, requests: rotated.map((path) => ({ method: 'GET', path })) });
    let k = 0;
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (byPath) {
        const path = rotated[k % rotated.length]!;
        byPath.set(path, [...(byPath.get(path) ?? []), responseTime]);
      }
      k += 1;
    });
    return instance;
  });
  const results = await Promise.all(instances);
  // Let the requests autocannon abandoned at the deadline finish before anything else starts.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  latencies.sort((a, b) => a - b);
  const total = results.reduce((s, r) => s + r.requests.total, 0);
  return {
    label,
    rps: total / Math.max(...results.map((r) => r.duration)),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1),
    requests: total,
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    errors: results.reduce((s, r) => s + r.errors + r.timeouts, 0),
  };
}
