/** Pure helpers of the contribution editor: the editable content, its diff and the 412 comparison. */
import type { ContributionDetail, ContributionPatch, Indicator } from '../../../app/api-types';
import type { FieldConflict } from '../../../app/versioned/use-versioned-editor';

export const CONTENT_FIELDS = ['implementationStatus', 'measures', 'challenges', 'nextSteps', 'indicators'] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

export interface ContentValues {
  implementationStatus: ContributionDetail['implementationStatus'];
  measures: string;
  challenges: string;
  nextSteps: string;
  indicators: Indicator[];
}

export function contentOf(c: ContributionDetail): ContentValues {
  return {
    implementationStatus: c.implementationStatus,
    measures: c.measures ?? '',
    challenges: c.challenges ?? '',
    nextSteps: c.nextSteps ?? '',
    indicators: (c.indicators ?? []).map(canonicalIndicator),
  };
}

export function emptyIndicator(): Indicator {
  return { name: '', type: 'process', unit: null, baseline: null, target: null, value: null, date: null };
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/** One canonical form (fixed key order, numbers as numbers), so a server echo never looks like a change. */
export function canonicalIndicator(i: Indicator): Indicator {
  return {
    name: i.name,
    type: i.type,
    unit: i.unit ? i.unit : null,
    baseline: numOrNull(i.baseline),
    target: numOrNull(i.target),
    value: numOrNull(i.value),
    date: i.date ? String(i.date).slice(0, 10) : null,
  };
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (Array.isArray(v) ? v.map((i) => canonicalIndicator(i as Indicator)) : (v ?? null));
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/** Indicator rows without a name are work in progress: they are kept on screen, not sent. */
export function sendableIndicators(rows: Indicator[]): Indicator[] {
  return rows.filter((r) => r.name.trim() !== '').map(canonicalIndicator);
}

/** Only the fields that differ from the saved version. */
export function diffContent(base: ContributionDetail, values: ContentValues): ContributionPatch {
  const saved = contentOf(base);
  const patch: ContributionPatch = {};
  if (values.implementationStatus !== saved.implementationStatus) patch.implementationStatus = values.implementationStatus;
  if (values.measures !== saved.measures) patch.measures = values.measures;
  if (values.challenges !== saved.challenges) patch.challenges = values.challenges;
  if (values.nextSteps !== saved.nextSteps) patch.nextSteps = values.nextSteps;
  const indicators = sendableIndicators(values.indicators);
  if (!same(indicators, saved.indicators)) patch.indicators = indicators;
  return patch;
}

export type ContentConflict = FieldConflict<ContentField>;

/**
 * After a 412: every field the other person changed (saved value ≠ the version I started from) and every
 * field I changed, with their saved value and mine, where the two differ.
 */
export function contentConflicts(base: ContributionDetail, current: ContributionDetail, values: ContentValues): ContentConflict[] {
  const from = contentOf(base);
  const theirs = contentOf(current);
  const out: ContentConflict[] = [];
  for (const field of CONTENT_FIELDS) {
    const changedByThem = !same(from[field], theirs[field]);
    const changedByMe = !same(from[field], values[field]);
    if ((changedByThem || changedByMe) && !same(theirs[field], values[field])) out.push({ field, theirs: theirs[field], mine: values[field] });
  }
  return out;
}

/** Their version with my changes on top. */
export function reapplyContent(current: ContributionDetail, base: ContributionDetail, values: ContentValues): ContentValues {
  const mine = diffContent(base, values);
  return { ...contentOf(current), ...(mine as Partial<ContentValues>), indicators: mine.indicators ?? contentOf(current).indicators };
}
