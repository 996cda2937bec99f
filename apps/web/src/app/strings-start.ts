/**
 * The feature catalogs (folders of `locales/`) fetched with the root catalog at start-up, in one chunk
 * per language (vite.config.ts): those the login page and the signed-in shell show. Of every other
 * feature, only its `nav` entry (the navigation's label) comes at start; the rest is fetched with the
 * pages that show it (app/strings.ts, app/lazy-page.tsx). Shared with vite.config.ts.
 */
export const START_FOLDERS: readonly string[] = ['a11y', 'account', 'crossLanguage'];
