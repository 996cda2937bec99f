/**
 * The lists of codes a coordinator sets on a recommendation, as `PATCH` and `POST /recommendations`
 * take them, and how each is read from a recommendation (its refs' codes).
 */
import type { RecommendationDetail } from '../../../app/api-types';

export const TAXONOMY_FIELDS = ['recommendingStateCodes', 'themeCodes', 'affectedPersonCodes', 'sdgTargetCodes', 'axisCodes', 'subAxisCodes'] as const;
export type TaxonomyField = (typeof TAXONOMY_FIELDS)[number];
export type TaxonomyValues = Record<TaxonomyField, string[]>;

/** The recommendation's field each list comes from (and whose label the form shows). */
export const TAXONOMY_SOURCE: Record<TaxonomyField, 'recommendingStates' | 'themes' | 'affectedPersons' | 'sdgTargets' | 'axes' | 'subAxes'> = {
  recommendingStateCodes: 'recommendingStates',
  themeCodes: 'themes',
  affectedPersonCodes: 'affectedPersons',
  sdgTargetCodes: 'sdgTargets',
  axisCodes: 'axes',
  subAxisCodes: 'subAxes',
};

export const emptyTaxonomies = (): TaxonomyValues => ({
  recommendingStateCodes: [],
  themeCodes: [],
  affectedPersonCodes: [],
  sdgTargetCodes: [],
  axisCodes: [],
  subAxisCodes: [],
});

export function taxonomiesOf(rec: Pick<RecommendationDetail, (typeof TAXONOMY_SOURCE)[TaxonomyField]>): TaxonomyValues {
  const out = emptyTaxonomies();
  for (const field of TAXONOMY_FIELDS) out[field] = rec[TAXONOMY_SOURCE[field]].map((r) => r.code);
  return out;
}

/** Two lists of codes are the same set (order does not matter). */
export function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((c) => set.has(c));
}

export const isTaxonomyField = (field: string): field is TaxonomyField => (TAXONOMY_FIELDS as readonly string[]).includes(field);
