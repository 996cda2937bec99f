import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLocale, isRtl, LOCALES, type Locale } from '@sidh/domain';
import { catalogs } from '../locales/catalogs';

export { catalogs };

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

export function createI18n(lng: Locale = initialLanguage()) {
  const instance = i18n.createInstance();
  void instance.use(initReactI18next).init({
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: catalogs[l] }])),
    lng,
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}
