import { useCallback } from 'react';

/**
 * Mantine gives a field's `dir` to its wrapper, not to the <input>/<textarea>: this ref puts the report's
 * language and direction on the field itself, so an Arabic report is typed right to left even in a French UI.
 */
export function useTextDirection(lang: string, dir: 'rtl' | 'ltr') {
  return useCallback(
    (el: HTMLInputElement | HTMLTextAreaElement | null) => {
      el?.setAttribute('dir', dir);
      el?.setAttribute('lang', lang);
    },
    [lang, dir],
  );
}
