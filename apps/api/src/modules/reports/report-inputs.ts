/**
 * From database rows to the planner's inputs (`@sidh/domain` report-plan.ts), and back to what a
 * section keeps of them: pure functions, unit-tested beside this file.
 */
import type { Locale, ReportPlanContribution, ReportPlanItem, ReportPlanLabel, UprNationalSection } from '@sidh/domain';
import type { ReportSectionSource } from './report.entity.js';
import type { ContributionSourceRow, LabelJson, PlanItemRow } from './reports.repository.js';

const FRENCH_WORDS = new Set(['le', 'la', 'les', 'des', 'du', 'de', 'et', 'un', 'une', 'est', 'sont', 'dans', 'pour', 'par', 'sur', 'au', 'aux', 'ont', 'été', 'ainsi', 'avec', 'qui']);
const ENGLISH_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'is', 'are', 'was', 'were', 'for', 'by', 'on', 'with', 'has', 'have', 'been', 'which', 'that', 'this']);
/** Function words are looked for in the first characters only: a text's language shows at once. */
const WORD_SAMPLE = 4000;

/** Letters of the Latin script: ASCII and Latin-1/Extended-A/B (× and ÷ are not letters). */
const isLatinLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
/** The Arabic blocks (Arabic, Supplement, Extended-A, Presentation Forms A and B). */
const isArabic = (c: number): boolean => (c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0x8a0 && c <= 0x8ff) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff);

/**
 * The language a contribution's text is written in (contributions carry no language column): Arabic
 * when Arabic characters outnumber Latin letters; otherwise English when English function words
 * outnumber French ones; otherwise French, the coordinating body's working language (`fallback`),
 * which is also the answer for a text without letters. One pass over the text, no regular expression
 * over all of it: it runs for every contribution of a report.
 */
export function detectTextLanguage(text: string, fallback: Locale = 'fr'): Locale {
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLatinLetter(c)) latin++;
    else if (isArabic(c)) arabic++;
  }
  if (arabic === 0 && latin === 0) return fallback;
  if (arabic > latin) return 'ar';
  let fr = 0;
  let en = 0;
  for (const word of text.slice(0, WORD_SAMPLE).toLowerCase().split(/[^a-zà-ÿœæ]+/u)) {
    if (FRENCH_WORDS.has(word)) fr++;
    else if (ENGLISH_WORDS.has(word)) en++;
  }
  if (en > fr) return 'en';
  if (fr > en) return 'fr';
  return fallback;
}

const label = (l: LabelJson): ReportPlanLabel => ({ code: l.code, label: { ar: l.nameAr, fr: l.nameFr, en: l.nameEn } });

/** A catalogue row as the planner reads it. */
export function toPlanItem(row: PlanItemRow): ReportPlanItem {
  return {
    id: row.id,
    kind: row.kind,
    symbol: row.documentSymbol,
    paragraph: row.paragraph,
    text: { ar: row.textAr, fr: row.textFr, en: row.textEn },
    response: row.response,
    status: row.status,
    followUp: row.followUp,
    themes: row.themes.map(label),
    axes: row.axes.map(label),
  };
}

/** Built once: constructing an Intl.NumberFormat costs far more than formatting with it. */
const NUMBER_FORMATS = {
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6, useGrouping: true }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6, useGrouping: true }),
} as const;

/** An indicator value as the report prints it: digits grouped the report's way (Latin digits in Arabic too, as UN documents write them). */
export function formatIndicatorValue(value: number, language: Locale): string {
  return NUMBER_FORMATS[language === 'fr' ? 'fr' : 'en'].format(value);
}

/** A validated contribution as the planner reads it: its language detected, only the indicators that have a value. */
export function toPlanContribution(row: ContributionSourceRow, language: Locale): ReportPlanContribution {
  return {
    itemId: row.recommendationId,
    institution: { ar: row.institutionNameAr, fr: row.institutionNameFr, en: row.institutionNameEn },
    language: detectTextLanguage(row.measures),
    measures: row.measures,
    indicators: row.indicators
      .filter((i) => typeof i.value === 'number' && Number.isFinite(i.value))
      .map((i) => ({ name: i.name, value: formatIndicatorValue(i.value!, language), unit: i.unit, date: i.date })),
    validatedAt: new Date(row.validatedAt).toISOString(),
  };
}

export const toSource = (row: ContributionSourceRow): ReportSectionSource => ({
  contributionId: row.id,
  assignmentId: row.assignmentId,
  itemId: row.recommendationId,
  version: row.version,
  validatedAt: new Date(row.validatedAt).toISOString(),
});

/** The section of the UPR national report whose text lists every contributing institution. */
const METHODOLOGY_KEY = `upr:${'methodology' satisfies UprNationalSection}`;

/**
 * The contributions a section's text is drawn from: those on its items; for the UPR national report's
 * methodology section (which names every contributing institution), all of the report's. Indexed once
 * per report (a report may have thousands of sections and contributions).
 */
export function sectionSources(contributions: readonly ContributionSourceRow[]): (key: string, itemIds: readonly string[]) => ReportSectionSource[] {
  const all = contributions.map(toSource);
  const byItem = new Map<string, ReportSectionSource[]>();
  for (const source of all) {
    const list = byItem.get(source.itemId);
    if (list) list.push(source);
    else byItem.set(source.itemId, [source]);
  }
  return (key, itemIds) => (key === METHODOLOGY_KEY ? all : itemIds.flatMap((id) => byItem.get(id) ?? []));
}

export type SourceChangeStatus = 'new' | 'updated' | 'removed';

export interface SourceChange {
  contributionId: string;
  assignmentId: string;
  status: SourceChangeStatus;
}

/**
 * What moved since a section's text was drawn, per assignment: a validated contribution for an
 * assignment that had none (`new`), a later one or a changed one (`updated`), an assignment that no
 * longer has one (`removed`, with the contribution the text was drawn from).
 */
export function compareSources(before: readonly ReportSectionSource[], now: readonly ReportSectionSource[]): SourceChange[] {
  const previous = new Map(before.map((s) => [s.assignmentId, s]));
  const current = new Map(now.map((s) => [s.assignmentId, s]));
  const changes: SourceChange[] = [];
  for (const s of now) {
    const old = previous.get(s.assignmentId);
    if (!old) changes.push({ contributionId: s.contributionId, assignmentId: s.assignmentId, status: 'new' });
    else if (old.contributionId !== s.contributionId || old.version !== s.version || old.validatedAt !== s.validatedAt) {
      changes.push({ contributionId: s.contributionId, assignmentId: s.assignmentId, status: 'updated' });
    }
  }
  for (const s of before) if (!current.has(s.assignmentId)) changes.push({ contributionId: s.contributionId, assignmentId: s.assignmentId, status: 'removed' });
  return changes;
}
