import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shapes of the JSON files in ./data (written by apps/api/tools/seed-build/build-seed.mjs). */
export interface NamedRow {
  code: string;
  nameEn: string;
  nameFr: string;
  nameAr: string;
}
export interface CountryRow extends NamedRow {
  iso3: string | null;
}
export interface SdgTargetRow extends NamedRow {
  goalCode: string;
}
export interface SubAxisRow extends NamedRow {
  axisCode: string;
}
export interface ThemeRow extends NamedRow {
  sourceLabel: string;
}
export interface BodyRow extends NamedRow {
  mechanism: 'UPR' | 'TREATY_BODY' | 'SPECIAL_PROCEDURE';
  followUpMonths: number | null;
}
export type InstitutionType = 'ministry' | 'public_agency' | 'independent_institution' | 'judiciary' | 'parliament' | 'other';
export interface InstitutionRow extends NamedRow {
  type: InstitutionType;
  sourceId: number;
}
export interface ReviewRow {
  code: string;
  bodyCode: string;
  titleAr: string;
  titleFr: string;
  titleEn: string;
  cycle: number | null;
  session: string | null;
  year: number | null;
  reviewDate: string | null;
  documentSymbol: string | null;
}
export interface DemoRecommendationRow {
  reviewCode: string;
  bodyCode: string;
  mechanism: 'UPR' | 'TREATY_BODY' | 'SPECIAL_PROCEDURE';
  documentSymbol: string | null;
  paragraph: string | null;
  externalCode: string | null;
  textEn: string | null;
  textFr: string | null;
  textAr: string | null;
  response: 'supported' | 'supported_in_part' | 'noted' | null;
  status: 'not_started' | 'in_progress' | 'partially_implemented' | 'implemented' | 'continuous' | 'not_applicable';
  states: string[];
  themes: string[];
  affectedPersons: string[];
  sdgTargets: string[];
  axes: string[];
  subAxes: string[];
  /** Institution codes, each assigned as `lead`. */
  institutions: string[];
  sourceId?: number;
}
export interface DemoDataset {
  reviews: ReviewRow[];
  recommendations: DemoRecommendationRow[];
}

/**
 * Where the seed JSON lives. tsc does not copy JSON into dist, so the files are always read from
 * the source tree:
 *  1. `SIDH_SEED_DATA_DIR` if set (deployments that ship the data elsewhere);
 *  2. `./data` next to this module (running from src: Jest, tsx);
 *  3. from the compiled module in `dist/apps/api/database/seeds/`, five levels up is the
 *     repository root, then `apps/api/src/database/seeds/data`;
 *  4. `<cwd>/apps/api/src/database/seeds/data` (npm scripts run from the repository root).
 * The first candidate holding `countries.json` wins; if none does, (2) is returned and reading fails
 * with a clear "ENOENT" naming it.
 */
function resolveSeedDataDir(): string {
  const here = import.meta.url;
  const candidates = [
    process.env['SIDH_SEED_DATA_DIR'],
    fileURLToPath(new URL('./data/', here)),
    fileURLToPath(new URL('../../../../../apps/api/src/database/seeds/data/', here)),
    resolve(process.cwd(), 'apps/api/src/database/seeds/data'),
  ].filter((c): c is string => Boolean(c));
  return candidates.find((dir) => existsSync(resolve(dir, 'countries.json'))) ?? candidates[0]!;
}

export const SEED_DATA_DIR: string = resolveSeedDataDir();

export function readSeedFile<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(SEED_DATA_DIR, name), 'utf8')) as T;
}

export interface ReferenceDataset {
  countries: CountryRow[];
  sdgGoals: NamedRow[];
  sdgTargets: SdgTargetRow[];
  themes: ThemeRow[];
  affectedPersons: NamedRow[];
  axes: NamedRow[];
  subAxes: SubAxisRow[];
  bodies: BodyRow[];
  institutions: InstitutionRow[];
}

export function loadReferenceDataset(): ReferenceDataset {
  return {
    countries: readSeedFile('countries.json'),
    sdgGoals: readSeedFile('sdg-goals.json'),
    sdgTargets: readSeedFile('sdg-targets.json'),
    themes: readSeedFile('themes.json'),
    affectedPersons: readSeedFile('affected-persons.json'),
    axes: readSeedFile('axes.json'),
    subAxes: readSeedFile('sub-axes.json'),
    bodies: readSeedFile('bodies.json'),
    institutions: readSeedFile('institutions.json'),
  };
}

export function loadDemoDataset(): DemoDataset {
  return readSeedFile('demo-recommendations.json');
}
