/**
 * The Word export's input (`ReportDocumentModel` of @sidh/domain) from a stored report: the title
 * page's lines in the report's language, each section's text parsed once with parseReportMarkdown
 * (the same reading as the word count and the editor's preview), and the annex matrix recomputed from
 * the items' current status and measures. Pure: unit-tested beside this file.
 */
import { formatReportDate, parseReportMarkdown, reportDocumentLabels, reportSectionLevel, reportTypeName, type ReportAnnex, type ReportDocumentModel } from '@sidh/domain';
import type { ReportRow } from './reports.repository.js';

export interface ReportDocumentSource {
  report: Pick<ReportRow, 'type' | 'language' | 'title' | 'dueDate' | 'bodyNameAr' | 'bodyNameFr' | 'bodyNameEn' | 'reviewTitleAr' | 'reviewTitleFr' | 'reviewTitleEn' | 'reviewDocumentSymbol'>;
  sections: ReadonlyArray<{ key: string; heading: string; body: string; citations: string[] }>;
  annex: ReportAnnex | null;
  /** The symbols of the lists of issues the report's questions come from (e.g. `CAT/C/MAR/QPR/5`). */
  questionSymbols: readonly string[];
  /** The organisation's name in the report's language (settings), first line of the title page; none when unset. */
  organisation?: string | null;
}

const pick = <T>(language: 'ar' | 'fr' | 'en', values: Record<'ar' | 'fr' | 'en', T>): T => values[language];

/**
 * Title page: the report type, the body, the review (and its symbol) or the list of issues answered,
 * and the due date as UN documents write dates.
 */
export function reportSubtitleLines(source: Pick<ReportDocumentSource, 'report' | 'questionSymbols' | 'organisation'>): string[] {
  const { report } = source;
  const language = report.language;
  const lines = [...(source.organisation ? [source.organisation] : []), reportTypeName(report.type, language), pick(language, { ar: report.bodyNameAr, fr: report.bodyNameFr, en: report.bodyNameEn })];
  const review = pick(language, { ar: report.reviewTitleAr, fr: report.reviewTitleFr, en: report.reviewTitleEn })?.trim();
  const symbols = [...new Set([report.reviewDocumentSymbol, ...source.questionSymbols].map((s) => s?.trim()).filter((s): s is string => !!s))];
  if (review) lines.push(review);
  if (symbols.length) lines.push(symbols.join(' — '));
  if (report.dueDate) lines.push(formatReportDate(report.dueDate, language));
  return lines.filter((line) => line.trim() !== '');
}

export function toReportDocumentModel(source: ReportDocumentSource): ReportDocumentModel {
  const { report } = source;
  return {
    language: report.language,
    type: report.type,
    title: report.title,
    subtitleLines: reportSubtitleLines(source),
    sections: source.sections.map((s) => ({ heading: s.heading, blocks: parseReportMarkdown(s.body), citations: [...s.citations], level: reportSectionLevel(s.key) })),
    annex: source.annex,
    labels: reportDocumentLabels(report.language),
  };
}
