import type { Locale } from '@sidh/domain';
import { composeCatalog, namespaceOfCatalogFile, type Catalog } from './i18n';
import { START_FOLDERS } from './strings-start';

/**
 * Every catalog file of `locales/` (the same files `locales/catalogs.ts` lists), fetched on demand.
 * The build puts each language's start-up files in one chunk (vite.config.ts: the root catalog, the
 * START_FOLDERS and the `nav` entry of every other feature, `?nav`); every other feature file is its
 * own chunk, fetched with the pages that show it (app/strings.ts). `catalog-loader.spec.ts` checks
 * that the composition of all files equals `catalogs`.
 */
const files = import.meta.glob<Catalog>(['../locales/*.json', '../locales/*/*.json'], { import: 'default' });
/** `{ nav }` of a feature catalog only (the `sidh-catalog-nav` plugin of vite.config.ts). */
const navs = import.meta.glob<Catalog>('../locales/*/*.json', { import: 'default', query: '?nav' });

const folderOf = (path: string) => /locales\/([^/]+)\/[a-z]{2}\.json$/.exec(path)?.[1];
const isStart = (path: string) => {
  const folder = folderOf(path);
  return folder === undefined || START_FOLDERS.includes(folder);
};
const mine = (all: Record<string, () => Promise<Catalog>>, locale: Locale) => Object.entries(all).filter(([path]) => path.endsWith(`/${locale}.json`));

/** The namespaces fetched after start-up (every feature but START_FOLDERS). */
export const LAZY_NAMESPACES: readonly string[] = Object.keys(files)
  .filter((path) => !isStart(path) && path.endsWith('/fr.json'))
  .map((path) => namespaceOfCatalogFile(path)!);

/** A language's whole catalog (a language switch). */
export async function loadCatalog(locale: Locale): Promise<Catalog> {
  return composeCatalog(await Promise.all(mine(files, locale).map(async ([path, load]) => ({ path, catalog: await load() }))));
}

/** What the first screen needs: the start-up files, and the navigation labels of the other features. */
export async function loadStartCatalog(locale: Locale): Promise<Catalog> {
  const start = mine(files, locale).filter(([path]) => isStart(path));
  const nav = mine(navs, locale).filter(([path]) => !isStart(path.replace(/\?nav$/, '')));
  return composeCatalog(await Promise.all([...start, ...nav].map(async ([path, load]) => ({ path: path.replace(/\?nav$/, ''), catalog: await load() }))));
}

/** One feature namespace in a language (`ensureStrings`). */
export async function loadNamespace(locale: Locale, namespace: string): Promise<Catalog> {
  const entry = mine(files, locale).find(([path]) => !isStart(path) && namespaceOfCatalogFile(path) === namespace);
  if (!entry) throw new Error(`no catalog for ${namespace}/${locale}`);
  return entry[1]();
}
