import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from '@sidh/domain';
import { catalogs } from '../locales/catalogs';
import { composeCatalog, namespaceOfCatalogFile } from './i18n';

// The browser loads each language's catalog files on demand (catalog-loader.ts, by file name: a
// feature's folder is its namespace); this composition must give exactly what catalogs.ts registers.
const LOCALES_DIR = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../locales');

function filesOf(locale: string): { path: string; catalog: Record<string, unknown> }[] {
  const paths = [`../locales/${locale}.json`];
  for (const entry of readdirSync(LOCALES_DIR)) {
    if (statSync(join(LOCALES_DIR, entry)).isDirectory()) {
      if (readdirSync(join(LOCALES_DIR, entry)).includes(`${locale}.json`)) paths.push(`../locales/${entry}/${locale}.json`);
    }
  }
  return paths.map((path) => ({ path, catalog: JSON.parse(readFileSync(join(LOCALES_DIR, path.replace('../locales/', '')), 'utf8')) as Record<string, unknown> }));
}

describe('catalogs loaded per language', () => {
  it('names the namespace of a file by its folder', () => {
    expect(namespaceOfCatalogFile('../locales/ar.json')).toBeNull();
    expect(namespaceOfCatalogFile('../locales/imports/fr.json')).toBe('imports');
    expect(namespaceOfCatalogFile('../locales/audit-actions/fr.json')).toBe('actions');
    expect(() => namespaceOfCatalogFile('../other/fr.json')).toThrow();
  });

  // A failure here: a namespace registered in catalogs.ts under another name than its folder's
  // (add it to NAMESPACE_OF_FOLDER in app/i18n.ts), or a catalog file catalogs.ts does not register.
  it.each(LOCALES)('%s: the files composed by folder equal the registered catalog', (locale) => {
    expect(composeCatalog(filesOf(locale))).toEqual(catalogs[locale]);
  });
});
