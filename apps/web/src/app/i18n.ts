import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLocale, isRtl, LOCALES, type Locale } from '@sidh/domain';

/** One language's strings: the root catalog's keys, and one key per feature namespace. */
export type Catalog = Record<string, unknown>;

/** Only the UI language is remembered in the browser; never a token or any personal data. */
export const LANGUAGE_STORAGE_KEY = 'sidh.language';

export function storedLanguage(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, locale);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/** Stored choice, else the browser's language if supported, else Arabic (first official language). */
export function initialLanguage(): Locale {
  const stored = storedLanguage();
  if (stored) return stored;
  const nav = globalThis.navigator?.languages ?? [];
  for (const l of nav) {
    const base = l.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'ar';
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return isRtl(locale) ? 'rtl' : 'ltr';
}

/**
 * Locale tags used with `Intl`: Moroccan variants, so Arabic uses the Western digits and the date
 * conventions used in Morocco (ar-MA), and French formats follow fr-MA.
 */
export const INTL_LOCALE: Record<Locale, string> = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' };

const OPTIONS = {
  fallbackLng: false,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;

/** Every language bundled, ready at once (component tests, which pass `catalogs`). */
export function createI18n(lng: Locale, catalogs: Record<Locale, Catalog>) {
  const instance = i18n.createInstance();
  void instance.use(initReactI18next).init({
    ...OPTIONS,
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogs[l] }])),
    lng,
    initAsync: false,
  });
  return instance;
}

/**
 * The browser's instance: only the shown language's strings are fetched (`load`: its start-up chunk
 * for the first language, app/strings.ts adds the features' namespaces); switching language fetches
 * the next one before the UI changes (`changeLanguage` waits for it).
 */
export async function createLazyI18n(lng: Locale, load: (locale: Locale) => Promise<Catalog>) {
  const backend: BackendModule = {
    type: 'backend',
    callbackApi: false,
    init: () => undefined,
    read: ((language: string) => load(isLocale(language) ? language : lng)) as unknown as BackendModule['read'],
  };
  const instance = i18n.createInstance();
  await instance.use(backend).use(initReactI18next).init({
    ...OPTIONS,
    lng,
    ns: ['translation'],
    // A feature's strings are added after start-up (app/strings.ts): a string asked for before its
    // namespace came is reported ('missingKey', saveMissing), and the components re-render once added.
    saveMissing: true,
    react: { useSuspense: false, bindI18nStore: 'added' },
  });
  return instance;
}

/**
 * Feature folders of `locales/` registered in `locales/catalogs.ts` under another name than the
 * folder's (every other folder is its namespace). catalog-loader.spec.ts fails until a new one is here.
 */
const NAMESPACE_OF_FOLDER: Record<string, string> = { 'audit-actions': 'actions' };

/**
 * The namespace of a catalog file, as `locales/catalogs.ts` registers it: `locales/ar.json` is the
 * root catalog (null), `locales/<folder>/ar.json` the feature namespace `<folder>` (or its alias above).
 */
export function namespaceOfCatalogFile(path: string): string | null {
  const m = /locales\/(?:([^/]+)\/)?[a-z]{2}\.json$/.exec(path);
  if (!m) throw new Error(`not a catalog file: ${path}`);
  return m[1] === undefined ? null : (NAMESPACE_OF_FOLDER[m[1]] ?? m[1]);
}

/** One language's catalog from its files, as `locales/catalogs.ts` composes it. */
export function composeCatalog(files: { path: string; catalog: Catalog }[]): Catalog {
  const root = files.filter((f) => namespaceOfCatalogFile(f.path) === null);
  const features = files.filter((f) => namespaceOfCatalogFile(f.path) !== null).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)); // not localeCompare: its first call loads a collator (~25 ms at start-up)
  return Object.assign({}, ...root.map((f) => f.catalog), ...features.map((f) => ({ [namespaceOfCatalogFile(f.path)!]: f.catalog }))) as Catalog;
}
