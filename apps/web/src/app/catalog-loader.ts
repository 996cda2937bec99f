import type { Locale } from '@sidh/domain';
import { composeCatalog, type Catalog } from './i18n';

/**
 * Every catalog file of `locales/` (the same files `locales/catalogs.ts` lists), fetched on demand:
 * the build puts each language's files in one chunk (vite.config.ts), so the first load carries
 * only the shown language. `catalog-loader.spec.ts` checks that this composition equals `catalogs`.
 */
const files = import.meta.glob<Catalog>(['../locales/*.json', '../locales/*/*.json'], { import: 'default' });

export async function loadCatalog(locale: Locale): Promise<Catalog> {
  const mine = Object.entries(files).filter(([path]) => path.endsWith(`/${locale}.json`));
  return composeCatalog(await Promise.all(mine.map(async ([path, load]) => ({ path, catalog: await load() }))));
}
