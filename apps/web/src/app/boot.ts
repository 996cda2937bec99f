import type { AuthResponse } from './api-types';

/**
 * An early request of public/boot.js: its URL (path and query) and its answer (whether 2xx, and the
 * body as JSON), null when not sent or failed.
 */
interface EarlyRequest {
  url: string;
  response: Promise<{ ok: boolean; body: unknown } | null>;
}

/** What public/boot.js started before the bundle arrived (window.__sidhBoot). */
interface Boot {
  refresh?: Promise<AuthResponse | null>;
  list?: EarlyRequest;
  facets?: EarlyRequest;
  publicSettings?: EarlyRequest;
}

const holder = globalThis as { __sidhBoot?: Boot };

/**
 * The session refresh boot.js started, taken once; undefined when it started none. Taking it also
 * marks the page as booted, so that boot.js, if it comes later than the bundle, sends nothing (a
 * second refresh would rotate the refresh token the first one used).
 */
export function takeEarlyRefresh(): Promise<AuthResponse | null> | undefined {
  const boot = (holder.__sidhBoot ??= {});
  const refresh = boot.refresh;
  delete boot.refresh;
  return refresh;
}

/**
 * The early answer to `GET url` (path and query, as sent), taken once: a successful answer's body,
 * else undefined (not started, another URL, an error, no session: the caller asks itself).
 */
export async function takeEarlyAnswer<T>(name: 'list' | 'facets' | 'publicSettings', url: string): Promise<T | undefined> {
  const early = holder.__sidhBoot?.[name];
  if (!early || early.url !== url) return undefined;
  delete holder.__sidhBoot![name];
  try {
    const answer = await early.response;
    return answer?.ok ? (answer.body as T) : undefined;
  } catch {
    return undefined;
  }
}
