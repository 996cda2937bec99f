import { API_ERROR_CODES, ImportRowError, LOCALES, VALIDATION_MESSAGE_KEYS, type Locale } from '@sidh/domain';
import { errorMessageKey, rowErrorMessageKey } from '../app/error-messages';
import { catalogs } from './catalogs';
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

/** Keys with plural suffixes collapsed: languages have different plural forms, not different messages. */
function baseKeys(locale: Locale): Set<string> {
  return new Set([...flatten(catalogs[locale]).keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

describe('translation catalogs', () => {
  const reference = baseKeys('fr');

  it.each(LOCALES)('%s has every key of the other catalogs and no extra key', (locale) => {
    const keys = baseKeys(locale);
    const missing = [...reference].filter((k) => !keys.has(k));
    const extra = [...keys].filter((k) => !reference.has(k));
    for (const other of LOCALES) {
      for (const k of baseKeys(other)) if (!keys.has(k)) missing.push(`${k} (in ${other})`);
    }
    expect({ locale, missing: [...new Set(missing)], extra }).toEqual({ locale, missing: [], extra: [] });
  });

  it.each(LOCALES)('%s has exactly the plural forms its language needs', (locale) => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    const flat = [...flatten(catalogs[locale]).keys()];
    const pluralBases = new Set(flat.filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
    for (const base of pluralBases) {
      const forms = flat.filter((k) => k.replace(PLURAL_SUFFIX, '') === base && k !== base).map((k) => k.match(PLURAL_SUFFIX)![1]);
      expect({ base, forms: [...forms].sort() }).toEqual({ base, forms: [...needed].sort() });
    }
  });

  it.each(LOCALES)('%s has no empty message and keeps the same interpolation variables as French', (locale) => {
    const flat = flatten(catalogs[locale]);
    const frFlat = flatten(catalogs.fr);
    const vars = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of flat) {
      expect({ k, empty: typeof v !== 'string' || v.trim() === '' }).toEqual({ k, empty: false });
      const base = k.replace(PLURAL_SUFFIX, '');
      const frValue = frFlat.get(k) ?? frFlat.get(`${base}_other`);
      // Singular/dual Arabic forms may spell the number out instead of using {{formatted}}.
      if (frValue !== undefined && !PLURAL_SUFFIX.test(k)) expect({ k, vars: vars(v) }).toEqual({ k, vars: vars(frValue) });
    }
  });

  it.each(LOCALES)('%s has a message for every code an API error body or a rejected import row may carry', (locale) => {
    const flat = flatten(catalogs[locale]);
    const keys = [...API_ERROR_CODES.map(errorMessageKey), ...Object.values(ImportRowError).map(rowErrorMessageKey)];
    const missing = keys.filter((k) => typeof flat.get(k) !== 'string' || String(flat.get(k)).trim() === '');
    expect({ locale, missing }).toEqual({ locale, missing: [] });
  });

  it.each(LOCALES)('%s has a message for every validation message key the API may name a field with', (locale) => {
    const flat = flatten(catalogs[locale]);
    const missing = VALIDATION_MESSAGE_KEYS.filter((k) => typeof flat.get(k) !== 'string' || String(flat.get(k)).trim() === '');
    expect({ locale, missing }).toEqual({ locale, missing: [] });
  });

  it('looks an error code up in the catalog of its kind', () => {
    expect(errorMessageKey('contribution.locked')).toBe('errors.contribution.locked');
    expect(errorMessageKey('import.file_empty')).toBe('imports.errors.import.file_empty');
    expect(rowErrorMessageKey('row.duplicate')).toBe('imports.reasons.row.duplicate');
  });

  it('the Arabic catalog is actually Arabic', () => {
    const values = [...flatten(catalogs.ar).entries()].filter(([k]) => !k.startsWith('languages.') && k !== 'app.name');
    const arabic = values.filter(([, v]) => /[\u0600-\u06FF]/.test(String(v)) || /^[—()\s]*$/.test(String(v)));
    expect(values.filter((e) => !arabic.includes(e)).map(([k]) => k)).toEqual([]);
  });
});

describe('audit action labels', () => {
  /** The actions the API writes to the audit log: every `action: '<entity>.<verb>'` of its sources. */
  async function apiActions(): Promise<string[]> {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'bench') walk(file);
        } else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) {
          for (const m of readFileSync(file, 'utf8').matchAll(/\baction:\s*'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1]!);
          for (const m of readFileSync(file, 'utf8').matchAll(/\baction\s*=\s*[^;]*?'([a-z_]+\.[a-z_]+)'\s*:\s*'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!).add(m[2]!);
        }
      }
    };
    walk(join(process.cwd(), 'apps/api/src'));
    return [...found].sort();
  }

  it.each(LOCALES)('%s names every action the API audits, so the audit log never shows a code', async (locale) => {
    const actions = await apiActions();
    expect(actions).toEqual(expect.arrayContaining(['contribution.validate', 'campaign.extend', 'report.finalise', 'user.role_change', 'assignment.reassign']));
    const labels = flatten(catalogs[locale]);
    expect(actions.filter((a) => typeof labels.get(`actions.${a}`) !== 'string')).toEqual([]);
  });
});
