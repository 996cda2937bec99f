import type { i18n as I18n } from 'i18next';
import type { Locale } from '@sidh/domain';
import { isLocale } from '@sidh/domain';

/** One feature namespace's strings in a language (`locales/<folder>/<lang>.json`). */
export type LoadNamespace = (locale: Locale, namespace: string) => Promise<Record<string, unknown>>;

interface LazyStrings {
  load: LoadNamespace;
  /** Every namespace fetched later than start-up. */
  lazy: readonly string[];
  guess: Locale;
  i18n: Promise<I18n>;
}

/** Unset when every language is bundled (component tests): then nothing is ever waited for. */
let lazyStrings: LazyStrings | null = null;
const added = new Map<string, Promise<void>>();
/** The namespaces pages have asked for so far (warmed again in the language the session says). */
const requested = new Set<string>();

/**
 * The browser's strings come in two steps: the start-up catalog (root, login and shell), then each
 * feature's namespace when a page that shows it is loaded (`ensureStrings`, awaited by the route with
 * its chunk). `guess` is the language likely shown: its namespaces are fetched before the session
 * says which language it is. Returns the function that hands over the i18n instance once created.
 */
export function startLazyStrings(load: LoadNamespace, lazy: readonly string[], guess: Locale): (i18n: I18n) => void {
  let resolve!: (i18n: I18n) => void;
  const i18n = new Promise<I18n>((r) => (resolve = r));
  lazyStrings = { load, lazy, guess, i18n };
  return (instance) => {
    resolve(instance);
    // A string asked for before its namespace came (a page that did not name it): every namespace is
    // fetched, and the components re-render when it is added (react.bindI18nStore 'added').
    instance.on('missingKey', () => void ensureStrings('all'));
  };
}

function add(i18n: I18n, lng: Locale, namespace: string, load: LoadNamespace): Promise<void> {
  const key = `${lng}:${namespace}`;
  let done = added.get(key);
  if (!done) {
    done = load(lng, namespace).then((catalog) => {
      i18n.addResourceBundle(lng, 'translation', { [namespace]: catalog }, true, true);
    });
    added.set(key, done);
    // A failed fetch (offline) is tried again by the next page that needs it.
    done.catch(() => added.delete(key));
  }
  return done;
}

/**
 * Resolves once the namespaces (or all of them) are in the shown language's strings. A namespace
 * fetched at start-up, or not in the lazy list, is there already.
 */
export async function ensureStrings(namespaces: readonly string[] | 'all'): Promise<void> {
  const lazy = lazyStrings;
  if (!lazy) return;
  const names = (namespaces === 'all' ? lazy.lazy : namespaces).filter((n) => lazy.lazy.includes(n));
  if (names.length === 0) return;
  // Fetched at once in the likely language, in parallel with the session and the page's chunk.
  for (const n of names) {
    requested.add(n);
    if (!added.has(`${lazy.guess}:${n}`)) void lazy.load(lazy.guess, n).catch(() => undefined);
  }
  const i18n = await lazy.i18n;
  const lng = isLocale(i18n.language) ? i18n.language : lazy.guess;
  await Promise.all(names.map((n) => add(i18n, lng, n, lazy.load)));
}

/**
 * The shown language is known (the session's profile language may differ from the guess): the
 * namespaces asked for so far are fetched in it now, in parallel with its start-up strings.
 */
export function languageKnown(lng: Locale): void {
  const lazy = lazyStrings;
  if (!lazy || lng === lazy.guess) return;
  for (const n of requested) if (!added.has(`${lng}:${n}`)) void lazy.load(lng, n).catch(() => undefined);
}

/** After a language switch (which fetches that language's whole catalog): nothing left to add. */
export function markAllAdded(lng: Locale): void {
  if (!lazyStrings) return;
  for (const n of lazyStrings.lazy) added.set(`${lng}:${n}`, Promise.resolve());
}
