import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirection } from '@mantine/core';
import { isLocale, type Locale } from '@sidh/domain';
import { directionOf, INTL_LOCALE, rememberLanguage } from './i18n';

interface LocaleContextValue {
  locale: Locale;
  dir: 'rtl' | 'ltr';
  /** The BCP 47 tag to give `Intl` (e.g. ar-MA). */
  intlLocale: string;
  setLocale: (locale: Locale, opts?: { remember?: boolean }) => void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

/**
 * Keeps the UI language, `<html lang dir>` and Mantine's direction in step: switching to Arabic mirrors
 * the whole layout (Mantine components and our logical CSS properties follow `dir`).
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'ar';
  const dir = directionOf(locale);

  useEffect(() => {
    const html = document.documentElement;
    html.lang = locale;
    html.dir = dir;
    setDirection(dir);
  }, [locale, dir, setDirection]);

  const setLocale = useCallback(
    (next: Locale, opts?: { remember?: boolean }) => {
      if (opts?.remember !== false) rememberLanguage(next);
      void i18n.changeLanguage(next);
    },
    [i18n],
  );

  const value = useMemo(
    () => ({ locale, dir, intlLocale: INTL_LOCALE[locale], setLocale }),
    [locale, dir, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const ctx = useContext(LocaleContext);
  if (!ctx) throw new Error('useLocale must be used inside <LocaleProvider>');
  return ctx;
}

/** Numbers and dates always through `Intl` with the UI locale. */
export function useFormat() {
  const { intlLocale } = useLocale();
  return formatsOf(intlLocale);
}

type Formats = { number: (n: number) => string; date: (v: string | Date) => string; dateTime: (v: string | Date) => string };

const FORMATS = new Map<string, Formats>();

/**
 * One set of formatters per language for the whole application, each Intl object built on first use:
 * building one costs a slow phone tens of milliseconds (locale data), and every badge, count and date
 * on a page would otherwise build its own three at the first render.
 */
function formatsOf(intlLocale: string): Formats {
  let formats = FORMATS.get(intlLocale);
  if (formats) return formats;
  let num: Intl.NumberFormat | undefined;
  let date: Intl.DateTimeFormat | undefined;
  let dateTime: Intl.DateTimeFormat | undefined;
  const parse = (v: string | Date) => (v instanceof Date ? v : new Date(v));
  formats = {
    number: (n: number) => (num ??= new Intl.NumberFormat(intlLocale)).format(n),
    date: (v: string | Date) => {
      const d = parse(v);
      return Number.isNaN(d.getTime()) ? String(v) : (date ??= new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium' })).format(d);
    },
    dateTime: (v: string | Date) => {
      const d = parse(v);
      return Number.isNaN(d.getTime()) ? String(v) : (dateTime ??= new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' })).format(d);
    },
  };
  FORMATS.set(intlLocale, formats);
  return formats;
}

/** A language's name in the UI language ("arabe", "الفرنسية"), from `Intl.DisplayNames`. */
export function useLanguageName() {
  const { intlLocale } = useLocale();
  let name = LANGUAGE_NAMES.get(intlLocale);
  if (!name) {
    let names: Intl.DisplayNames | null | undefined;
    name = (code: string) => {
      if (names === undefined) {
        try {
          names = new Intl.DisplayNames([intlLocale], { type: 'language' });
        } catch {
          names = null;
        }
      }
      return names?.of(code) ?? code;
    };
    LANGUAGE_NAMES.set(intlLocale, name);
  }
  return name;
}

/** As FORMATS: one `Intl.DisplayNames` per UI language, built when a name is first asked for. */
const LANGUAGE_NAMES = new Map<string, (code: string) => string>();
