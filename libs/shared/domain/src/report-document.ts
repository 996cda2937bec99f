/**
 * The shape of a report to the UN as every consumer sees it: the section text the coordinator edits
 * (a small Markdown subset, stored as text and never rendered as HTML), parsed once into blocks that
 * the editor's preview, the word count and the Word export all read — so the three agree.
 */
import type { Locale } from './enums.js';

/** A run of text inside a block; emphasis is the only inline markup the subset knows. */
export interface InlineRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** One block of section text: `#`/`##`/`###` headings, paragraphs, `-` bullets, `1.` numbered items, `>` quotes. */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: InlineRun[] }
  | { kind: 'paragraph'; runs: InlineRun[] }
  | { kind: 'bullet'; runs: InlineRun[] }
  | { kind: 'numbered'; runs: InlineRun[] }
  | { kind: 'quote'; runs: InlineRun[] };

/** The report types of DOMAIN.md ("The reports the coordinator must produce"). */
export const REPORT_TYPES = ['initial', 'periodic', 'list_of_issues_replies', 'follow_up', 'upr_national', 'upr_mid_term'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** A row of the annex matrix: one item of the report. */
export interface ReportAnnexRow {
  /** e.g. `CAT/C/MAR/CO/4, para. 12` in the report's language. */
  citation: string;
  text: string;
  /** UPR items: supported / noted, in the report's language; null for treaty-body items. */
  response: string | null;
  status: string;
  measures: string;
  institutions: string;
}

/** Everything the Word export needs, already in the report's language. */
export interface ReportDocumentModel {
  language: Locale;
  type: ReportType;
  title: string;
  /** Title-page lines under the title: the body, the review or list of issues, the due date… */
  subtitleLines: string[];
  /** Level 2: a sub-section (section III of the UPR national report, per theme or axis), under a Heading 2. */
  sections: { heading: string; blocks: ReportBlock[]; citations: string[]; level?: 1 | 2 }[];
  /** The annex matrix (not counted in the word count); null when the report has none. */
  annex: { heading: string; columns: { citation: string; text: string; response: string | null; status: string; measures: string; institutions: string }; rows: ReportAnnexRow[] } | null;
  /** Labels the document needs in its language (page footer "Page", "to translate" marker…). */
  labels: { page: string; toTranslate: string };
}
