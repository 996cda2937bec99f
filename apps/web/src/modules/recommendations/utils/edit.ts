/**
 * Pure logic of the coordinator's edit form: the form values, the PATCH body (only what changed) and,
 * after a 412, which of my changes collide with the version saved in the meantime.
 *
 * The consolidated status is NOT here: it is set in one place, the consolidated-status card (with the
 * suggestion from the validated contributions beside it).
 */
import { isRecommendationResponse, type RecommendationResponse } from '@sidh/domain';
import type { RecommendationDetail, Schemas } from '../../../app/api-types';
import type { FieldConflict as VersionedFieldConflict } from '../../../app/versioned/use-versioned-editor';
import { isTaxonomyField, sameCodes, TAXONOMY_FIELDS, taxonomiesOf, type TaxonomyValues } from './taxonomy';

export const EDITABLE_FIELDS = [
  'textAr',
  'textFr',
  'textEn',
  'documentSymbol',
  'paragraph',
  'externalCode',
  'response',
  'followUp',
  'followUpDueDate',
  ...TAXONOMY_FIELDS,
] as const satisfies ReadonlyArray<keyof Schemas['UpdateRecommendationDto']>;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** What the edit form sends with `PATCH /recommendations/:id` (only the changed fields). */
export type RecommendationEditPatch = Pick<Schemas['UpdateRecommendationDto'], EditableField>;
type RecommendationPatch = RecommendationEditPatch;

/** Form state: strings for inputs ('' = empty), a boolean for the switch, lists of codes for the taxonomies. */
export interface EditValues extends TaxonomyValues {
  textAr: string;
  textFr: string;
  textEn: string;
  documentSymbol: string;
  paragraph: string;
  externalCode: string;
  response: string;
  followUp: boolean;
  followUpDueDate: string;
}

/** `2025-03-31T00:00:00.000Z` or `2025-03-31` → `2025-03-31` (the value of a date input). */
export function toDateInput(v: string | null | undefined): string {
  if (!v) return '';
  const m = /^\d{4}-\d{2}-\d{2}/.exec(v);
  return m ? m[0] : '';
}

export function valuesFrom(rec: RecommendationDetail): EditValues {
  return {
    textAr: rec.textAr ?? '',
    textFr: rec.textFr ?? '',
    textEn: rec.textEn ?? '',
    documentSymbol: rec.documentSymbol ?? '',
    paragraph: rec.paragraph ?? '',
    externalCode: rec.externalCode ?? '',
    response: rec.response ?? '',
    followUp: rec.followUp,
    followUpDueDate: toDateInput(rec.followUpDueDate),
    ...taxonomiesOf(rec),
  };
}

const nullable = (s: string): string | null => (s.trim() === '' ? null : s);

/** The value a field would be sent with. Required strings stay strings so the API can reject them. */
function patchValue(field: EditableField, v: EditValues): RecommendationPatch[EditableField] {
  if (isTaxonomyField(field)) return v[field];
  switch (field) {
    case 'followUp':
      return v.followUp;
    case 'documentSymbol':
    case 'paragraph':
      return v[field].trim() === '' ? null : v[field].trim();
    case 'response':
      return isRecommendationResponse(v.response) ? (v.response as RecommendationResponse) : null;
    case 'followUpDueDate':
      return nullable(v.followUpDueDate);
    default:
      return nullable(v[field]);
  }
}

/** Equal values of a field (lists of codes: the same set, in any order). */
function same(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) ? sameCodes(a as string[], b as string[]) : a === b;
}

/** The PATCH body: the fields whose value differs from the version the form was loaded from. */
export function diffPatch(base: RecommendationDetail, values: EditValues): RecommendationPatch {
  const original = valuesFrom(base);
  const patch: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) {
    const before = patchValue(field, original);
    const after = patchValue(field, values);
    if (after !== undefined && !same(before, after)) patch[field] = after;
  }
  return patch as RecommendationPatch;
}

function comparable(field: EditableField, rec: RecommendationDetail): unknown {
  return patchValue(field, valuesFrom(rec));
}

/** A field of my patch whose saved value now differs from mine (`mine`: the value I tried to save). */
export type FieldConflict = VersionedFieldConflict<EditableField>;

/**
 * After a 412: the fields of my patch whose saved value now differs from mine. Fields the other person
 * did not touch, or set to the same value, are not conflicts.
 */
export function conflictingFields(patch: RecommendationPatch, current: RecommendationDetail): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (!(field in patch)) continue;
    const mine = patch[field];
    const theirs = comparable(field, current);
    if (!same(mine, theirs)) out.push({ field, theirs, mine });
  }
  return out;
}

/** The form after "Reapply my changes": their version with my changes on top. */
export function reapply(current: RecommendationDetail, patch: RecommendationPatch): EditValues {
  const v = valuesFrom(current);
  for (const field of EDITABLE_FIELDS) {
    if (!(field in patch)) continue;
    const x = patch[field];
    if (isTaxonomyField(field)) v[field] = [...((x as string[] | undefined) ?? [])];
    else if (field === 'followUp') v.followUp = Boolean(x);
    else if (field === 'followUpDueDate') v.followUpDueDate = toDateInput(x as string | null);
    else (v as unknown as Record<string, string>)[field] = (x as string | null) ?? '';
  }
  return v;
}
