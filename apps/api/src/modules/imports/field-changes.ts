import type { ImportFieldChangeDto } from './dto/import.dto.js';

/** A text longer than this is shown as the excerpt around what differs. */
export const EXCERPT_OVER = 600;
/** Characters kept on each side of the difference in an excerpt. */
const CONTEXT = 120;
const ELLIPSIS = '…';

/** The field changes an import records (as in its audit event): before and after, by field. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * Two long texts cut to what differs, with `CONTEXT` characters around it: the common start and
 * end are replaced by an ellipsis. Short texts (both ≤ EXCERPT_OVER) are returned whole.
 */
export function textExcerpts(before: string, after: string): { before: string; after: string; excerpt: boolean } {
  if (before.length <= EXCERPT_OVER && after.length <= EXCERPT_OVER) return { before, after, excerpt: false };
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const from = Math.max(0, start - CONTEXT);
  const cut = (s: string) => {
    const to = Math.min(s.length, s.length - end + CONTEXT);
    // Never more than EXCERPT_OVER of the differing part itself (a text rewritten from end to end).
    const body = s.slice(from, Math.min(to, from + CONTEXT + EXCERPT_OVER));
    return (from > 0 ? ELLIPSIS : '') + body + (from + body.length < s.length ? ELLIPSIS : '');
  };
  return { before: cut(before), after: cut(after), excerpt: true };
}

const TEXT_FIELDS = new Set(['textAr', 'textFr', 'textEn']);

const asValue = (v: unknown): string | string[] | null => {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(String);
  return String(v);
};

/**
 * The changes of one updated recommendation as the dry run shows them: every field with its value
 * before and after; a review by its code (`review`, not its id); a long text as its excerpt.
 */
export function describeChanges(changes: FieldChanges, reviewCodes: ReadonlyMap<string, string>): ImportFieldChangeDto[] {
  return Object.entries(changes).map(([field, { before, after }]) => {
    if (field === 'reviewId') {
      const code = (id: unknown) => (typeof id === 'string' ? (reviewCodes.get(id) ?? id) : null);
      return { field: 'review', before: code(before), after: code(after) };
    }
    if (TEXT_FIELDS.has(field) && typeof before === 'string' && typeof after === 'string') {
      const t = textExcerpts(before, after);
      return { field, before: t.before, after: t.after, ...(t.excerpt ? { excerpt: true } : {}) };
    }
    return { field, before: asValue(before), after: asValue(after) };
  });
}
