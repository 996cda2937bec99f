import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SEED_DATA_DIR } from '../../database/seeds/seed-data.js';

/**
 * Other names of reference rows, by code, from the reference data's JSON files when they are
 * there (an absent or unreadable file gives no names: the importer still matches the rows' own
 * names):
 * - `country-aliases.json`: former and common names of states (`Turquie`, `Turkey` for TR);
 * - `special-procedures.json`: each mandate's feminine French title and its other names.
 * Read once per process; the files are part of the release.
 */
export interface ReferenceAliases {
  countries: ReadonlyMap<string, string[]>;
  bodies: ReadonlyMap<string, string[]>;
}

let cached: ReferenceAliases | undefined;

export function referenceAliases(dir: string = SEED_DATA_DIR): ReferenceAliases {
  if (cached && dir === SEED_DATA_DIR) return cached;
  const result = { countries: aliasesByCode(readJson(dir, 'country-aliases.json')), bodies: aliasesByCode(readJson(dir, 'special-procedures.json')) };
  if (dir === SEED_DATA_DIR) cached = result;
  return result;
}

function readJson(dir: string, name: string): unknown {
  const file = resolve(dir, name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] => (typeof x === 'string' ? [x] : Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
const CODE = /^[A-Z][A-Z0-9-]{1,31}$/;
/** The properties of an entry that hold other names (the entry's own nameEn/nameFr/nameAr are in the database). */
const NAME_PROPERTIES = ['aliases', 'names', 'formerNames', 'former', 'nameFrFeminine', 'nameFeminine', 'feminineFr'];

/**
 * Accepts the shapes such a file may have: an array of entries `{ code, aliases | names |
 * formerNames | nameFrFeminine … }`, an object `{ "TR": ["Turkey", "Turquie"] }` (code → names),
 * or `{ "Turquie": "TR" }` (name → code); the same inside `{ "items" | "aliases" | "countries": … }`.
 */
export function aliasesByCode(data: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const put = (code: string, names: string[]) => {
    const list = out.get(code) ?? [];
    for (const n of names) if (n.trim() && !list.includes(n)) list.push(n);
    if (list.length) out.set(code, list);
  };
  const visit = (node: unknown, depth: number): void => {
    if (depth > 2) return;
    if (Array.isArray(node)) {
      for (const entry of node) {
        if (!isObject(entry) || typeof entry['code'] !== 'string') continue;
        put(entry['code'], NAME_PROPERTIES.flatMap((p) => strings(entry[p])));
      }
      return;
    }
    if (!isObject(node)) return;
    for (const wrapper of ['items', 'aliases', 'countries', 'data']) if (wrapper in node && typeof node[wrapper] !== 'string') return visit(node[wrapper], depth + 1);
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('$') || key.startsWith('_')) continue;
      if (typeof value === 'string' && CODE.test(value) && !CODE.test(key)) put(value, [key]);
      else if (CODE.test(key) && (Array.isArray(value) || typeof value === 'string')) put(key, strings(value));
      else if (CODE.test(key) && isObject(value)) put(key, NAME_PROPERTIES.flatMap((p) => strings(value[p])));
    }
  };
  visit(data, 0);
  return out;
}
