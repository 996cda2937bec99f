/**
 * Word count of a report as the UN counts it against the limits of General Assembly resolution 68/268:
 * the body text — headings included, annexes (and the title page) excluded. Markup is not text: `#`, `- `,
 * `1.`, `>`, `**`, `_` never count; a marker left literal (an unclosed `**`) counts only if it is glued to
 * a word, exactly as it would print. The SPA's live count and the server call the same function on the same
 * text, so they agree by construction.
 */
import { parseReportMarkdown, reportBlocksToPlainText } from './report-markdown.js';
import { countWords } from './un.js';

/** Words of one section's text (the Markdown subset of report-markdown.ts). */
export function countReportWords(source: string): number {
  return countWords(reportBlocksToPlainText(parseReportMarkdown(source)));
}

/** Words of a whole report: every section's heading and text (the annex and the title page are not counted). */
export function countReportDocumentWords(sections: readonly { heading: string; body: string }[]): number {
  let total = 0;
  for (const s of sections) total += countWords(s.heading) + countReportWords(s.body);
  return total;
}

/** Share of the limit from which the editor warns (inclusive): 90 %. */
export const WORD_LIMIT_WARNING_RATIO = 0.9;

export type WordLimitState = 'ok' | 'warning' | 'over';

/**
 * Where a count stands against a limit: `over` above the limit, `warning` from 90 % of it (inclusive) up to
 * the limit itself, otherwise `ok`. No limit (null) is always `ok`.
 */
export function wordLimitState(words: number, limit: number | null): WordLimitState {
  if (limit === null) return 'ok';
  if (words > limit) return 'over';
  // In integers, so that exactly 90 % warns whatever the rounding of 0.9 * limit.
  return words * 10 >= limit * 9 ? 'warning' : 'ok';
}
