import { normalizeForSearch } from '@sidh/domain';

/** Case-, accent- and punctuation-insensitive form of a label, for matching. */
export function labelKey(s: string): string {
  return normalizeForSearch(s.replace(/^\s*-\s+/, ''))
    .replace(/[’‘`´]/g, "'")
    .replace(/&/g, ' and ')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

const withoutParenthesis = (s: string) => s.replace(/\s*\([^)]*\)\s*$/, '').trim();

export interface Labelled {
  code: string;
  nameEn?: string | null;
  nameFr?: string | null;
  nameAr?: string | null;
  aliases?: string[];
}

/**
 * Finds a reference row by code or by name in any language. Exact names win over names
 * without their parenthesised suffix (`Iran (Islamic Republic of)` → `Iran`), which only count
 * when they are unambiguous.
 */
export class LabelIndex<T extends Labelled> {
  private readonly exact = new Map<string, T>();
  private readonly loose = new Map<string, T | null>();

  constructor(readonly items: T[]) {
    for (const item of items) this.add(item);
  }

  add(item: T): void {
    const names = [item.code, item.nameEn, item.nameFr, item.nameAr, ...(item.aliases ?? [])].filter((n): n is string => !!n && n.trim() !== '');
    for (const name of names) {
      const key = labelKey(name);
      if (!this.exact.has(key)) this.exact.set(key, item);
      const short = labelKey(withoutParenthesis(name));
      if (short && short !== key) {
        const seen = this.loose.get(short);
        this.loose.set(short, seen === undefined || seen === item ? item : null);
      }
    }
  }

  find(label: string): T | undefined {
    const key = labelKey(label);
    if (!key) return undefined;
    return this.exact.get(key) ?? this.loose.get(key) ?? this.exact.get(labelKey(withoutParenthesis(label))) ?? undefined;
  }
}

/** Common short English names of states (UPR Info, UN report lists) → ISO 3166-1 alpha-2. */
export const COUNTRY_ALIASES: Record<string, string> = {
  'Czech Republic': 'CZ',
  'United Kingdom': 'GB',
  UK: 'GB',
  'United States': 'US',
  USA: 'US',
  Palestine: 'PS',
  Turkey: 'TR',
  Turquie: 'TR',
  'Democratic Republic of Congo': 'CD',
  'DR Congo': 'CD',
  'Republic of Congo': 'CG',
  'Republic of the Congo': 'CG',
  Syria: 'SY',
  Laos: 'LA',
  Tanzania: 'TZ',
  'DPR Korea': 'KP',
  'North Korea': 'KP',
  'South Korea': 'KR',
  'Republic of Korea': 'KR',
  Moldova: 'MD',
  'Macedonia FYR': 'MK',
  'The former Yugoslav Republic of Macedonia': 'MK',
  Macedonia: 'MK',
  'Cape Verde': 'CV',
  Swaziland: 'SZ',
  'Guinea Bissau': 'GW',
  'St Kitts and Nevis': 'KN',
  'St Lucia': 'LC',
  'St Vincent and the Grenadines': 'VC',
  Russia: 'RU',
  Vietnam: 'VN',
  'Viet Nam': 'VN',
  Brunei: 'BN',
  'Timor Leste': 'TL',
  'East Timor': 'TL',
  Bolivia: 'BO',
  Venezuela: 'VE',
  Iran: 'IR',
  'République islamique d’Iran': 'IR',
  Micronesia: 'FM',
  Holland: 'NL',
};

/**
 * Earlier names of institutions, by institution code: the labels of the coordinating body's (DIDH)
 * sheets, whose slips the seed corrects (apps/api/tools/seed-build/translations.mjs,
 * SOURCE_CORRECTIONS). Only those that differ by more than case, accents and white space (which
 * `labelKey` ignores), so that a DIDH sheet still finds its institutions.
 */
export const INSTITUTION_ALIASES: Record<string, string[]> = {
  CSPJ: ['Conseil Supérieur de l’Autorité Judiciaire'],
  MRP: ['Relations avec parlement'],
  ANLCA: ['ANELCA'],
  MHAI: ['Habous et des Affaires Islamiques'],
  CESE: ['Conseil Economique Social et Environnemental'],
  ONG: ['ONGs'],
  INPPLC: ['الهيئة الوطنية للنزاهة و الوقاية من الرشوة و محاربتها'],
};
