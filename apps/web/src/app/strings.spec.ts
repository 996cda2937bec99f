import { createInstance } from 'i18next';
import { ensureStrings, languageKnown, markAllAdded, startLazyStrings } from './strings';

// The browser's strings: the start-up catalog, then each feature namespace added when a page needs it.
async function i18nWith(start: Record<string, unknown>) {
  const i18n = createInstance();
  await i18n.init({ lng: 'fr', resources: { fr: { translation: start } }, saveMissing: true, fallbackLng: false });
  return i18n;
}

it('adds a namespace fetched in the likely language, merged with its start-up part (nav)', async () => {
  const loads: string[] = [];
  const handOver = startLazyStrings(
    async (locale, ns) => {
      loads.push(`${locale}:${ns}`);
      return { nav: `Nav ${ns}`, title: `Titre ${ns}` };
    },
    ['reports', 'imports'],
    'fr',
  );
  const i18n = await i18nWith({ common: { ok: 'OK' }, reports: { nav: 'Rapports' } });
  const waiting = ensureStrings(['reports', 'a11y']);
  // Fetched at once, before the instance exists (in parallel with the session)…
  expect(loads).toEqual(['fr:reports']);
  // …and in the profile's language as soon as the session names it.
  languageKnown('ar');
  expect(loads).toEqual(['fr:reports', 'ar:reports']);
  handOver(i18n);
  await waiting;
  expect(i18n.t('reports.title')).toBe('Titre reports');
  expect(i18n.t('common.ok')).toBe('OK');
  // Once added, not fetched again.
  await ensureStrings(['reports']);
  expect(loads.filter((l) => l === 'fr:reports')).toHaveLength(2);

  // A string of a namespace no page named: every namespace is fetched.
  expect(i18n.t('imports.title')).toBe('imports.title');
  await new Promise((r) => setTimeout(r, 0));
  await ensureStrings('all');
  expect(i18n.t('imports.title')).toBe('Titre imports');

  // A language switch brings the whole catalog: nothing more is fetched for it.
  markAllAdded('ar');
  await i18n.changeLanguage('ar');
  const before = loads.length;
  await ensureStrings('all');
  expect(loads.length).toBe(before);
});
