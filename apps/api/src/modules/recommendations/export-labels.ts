import type { ExchangeLang } from '@sidh/domain';
import { many, type Queryable } from '../../database/sql.js';

/**
 * Names of the reference rows a localised export writes, in its language (the other languages
 * as fallbacks, in the order the export's batches use): bodies and institutions by code, and for
 * the code columns the codes of states and themes by the name a batch gives them.
 */
export interface ExportNames {
  body: ReadonlyMap<string, string>;
  institution: ReadonlyMap<string, string>;
  stateCode: ReadonlyMap<string, string>;
  themeCode: ReadonlyMap<string, string>;
}

const ORDER: Record<ExchangeLang, ExchangeLang[]> = { ar: ['ar', 'fr', 'en'], fr: ['fr', 'en', 'ar'], en: ['en', 'fr', 'ar'] };

/** The reference tables are small (at most a few hundred rows each): read once per export. */
export async function loadExportNames(db: Queryable, lang: ExchangeLang): Promise<ExportNames> {
  const name = `coalesce(${ORDER[lang].map((l) => `nullif(name_${l}, '')`).join(', ')})`;
  const read = (table: 'body' | 'institution' | 'country' | 'theme') => many<{ code: string; name: string }>(db, `SELECT code, ${name} AS name FROM ${table} ORDER BY code`);
  const [bodies, institutions, countries, themes] = await Promise.all([read('body'), read('institution'), read('country'), read('theme')]);
  const byCode = (rows: Array<{ code: string; name: string }>) => new Map(rows.map((r) => [r.code, r.name]));
  const byName = (rows: Array<{ code: string; name: string }>) => {
    const map = new Map<string, string>();
    for (const r of rows) if (!map.has(r.name)) map.set(r.name, r.code);
    return map;
  };
  return { body: byCode(bodies), institution: byCode(institutions), stateCode: byName(countries), themeCode: byName(themes) };
}
