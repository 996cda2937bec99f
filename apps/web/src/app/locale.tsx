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
  return useMemo(() => {
    const num = new Intl.NumberFormat(intlLocale);
    const date = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium' });
    const dateTime = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' });
    const parse = (v: string | Date) => (v instanceof Date ? v : new Date(v));
    return {
      number: (n: number) => num.format(n),
      date: (v: string | Date) => {
        const d = parse(v);
        return Number.isNaN(d.getTime()) ? String(v) : date.format(d);
      },
      dateTime: (v: string | Date) => {
        const d = parse(v);
        return Number.isNaN(d.getTime()) ? String(v) : dateTime.format(d);
      },
    };
  }, [intlLocale]);
}

/** A language's name in the UI language ("arabe", "الفرنسية"), from `Intl.DisplayNames`. */
export function useLanguageName() {
  const { intlLocale } = useLocale();
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([intlLocale], { type: 'language' });
    } catch {
      names = null;
    }
    return (code: string) => names?.of(code) ?? code;
  }, [intlLocale]);
}
