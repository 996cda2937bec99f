/**
 * The word-count bar: where a count stands against the report's limit, with the UN counting of
 * `@sidh/domain` (the server counts with the same functions, so the two agree).
 */
import { countReportDocumentWords, wordLimitState, type WordLimitState } from '@sidh/domain';

export interface WordBar {
  words: number;
  limit: number | null;
  state: WordLimitState;
  /** Share of the limit, 0 to 100 (the bar is full when over); null without a limit. */
  percent: number | null;
  /** Words over the limit (0 when within it). */
  over: number;
  /** Words left before the limit (0 when over); null without a limit. */
  left: number | null;
}

export function wordBar(words: number, limit: number | null): WordBar {
  const state = wordLimitState(words, limit);
  if (limit === null) return { words, limit, state, percent: null, over: 0, left: null };
  return {
    words,
    limit,
    state,
    percent: Math.min(100, Math.floor((words * 100) / limit)),
    over: Math.max(0, words - limit),
    left: Math.max(0, limit - words),
  };
}

/** The text of a section as edited: its heading and body. */
export interface SectionText {
  heading: string;
  body: string;
}

/** Words of one section (heading and text), as the report counts them. */
export function sectionWords(section: SectionText): number {
  return countReportDocumentWords([section]);
}

/**
 * The report's words while it is edited: every section's count as saved (`words` from the server), but
 * the live count of the sections being edited (`live`, by section id).
 */
export function liveDocumentWords(sections: readonly { id: string; words: number }[], live: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const s of sections) total += live.get(s.id) ?? s.words;
  return total;
}
