/**
 * How each report to the UN is built, and the pure planner that turns a selection of recommendations or
 * questions and their validated contributions into the report's sections: headings in the report's
 * language, the items each section cites, and a first draft of each section's text (Markdown subset of
 * report-markdown.ts) that the coordinator then edits. Nothing here reads a database or a clock.
 */
import { LOCALES, type ImplementationStatus, type Locale, type RecommendationResponse } from './enums.js';
import type { ReportAnnexRow, ReportDocumentModel, ReportType } from './report-document.js';
import {
  REPORT_LABELS,
  fillLabel,
  formatReportCitation,
  formatReportDate,
  implementationStatusLabel,
  recommendationResponseLabel,
  toTranslateMarker,
  type ReportLabels,
} from './report-i18n.js';
import { escapeReportText, parseReportMarkdown, reportBlocksToPlainText } from './report-markdown.js';
import { toAsciiDigits } from './un.js';

/** How a report type lays out its sections. */
export type ReportGrouping =
  /** One section per question, in the list's order. */
  | 'question'
  /** One section per recommendation. */
  | 'item'
  /** The five sections of the UPR national report; the items in section III (C), one sub-section per theme or national axis. */
  | 'theme_or_axis';

/** The five sections of a UPR national report, after the HRC general guidelines (A/HRC/DEC/6/102, A to E). */
export const UPR_NATIONAL_SECTIONS = ['methodology', 'developments', 'implementation', 'achievements', 'priorities'] as const;
export type UprNationalSection = (typeof UPR_NATIONAL_SECTIONS)[number];
/** The section of the UPR national report that holds the items, one sub-section per theme (or axis). */
export const UPR_NATIONAL_ITEMS_SECTION: UprNationalSection = 'implementation';
/** The group of the items without a theme (or axis): `~` is outside the codes' alphabet (`[A-Za-z0-9._-]`), so no code meets it. */
export const UPR_NATIONAL_NO_GROUP = '~other';

/** A section's heading level in the document: the groups of the UPR national report's section III are its sub-sections. */
export function reportSectionLevel(key: string): 1 | 2 {
  return key.startsWith(`upr:${UPR_NATIONAL_ITEMS_SECTION}:`) ? 2 : 1;
}

/** Longest code kept whole in a section key: keys are stored in 80 characters (`report_section.key`), theme codes in 64. */
const GROUP_KEY_CODE_MAX = 60;

/**
 * The key of the UPR national report's sub-section of section III for a theme or axis code (null: the
 * items without one). A code longer than 60 characters is cut and followed by its hash, so keys stay
 * distinct and within 80 characters.
 */
export function uprGroupSectionKey(code: string | null): string {
  const part = code === null ? UPR_NATIONAL_NO_GROUP : code.length <= GROUP_KEY_CODE_MAX ? code : `${code.slice(0, GROUP_KEY_CODE_MAX - 9)}~${fnv1a(code)}`;
  return `upr:${UPR_NATIONAL_ITEMS_SECTION}:${part}`;
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits. */
function fnv1a(s: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export interface ReportTypeRule {
  readonly grouping: ReportGrouping;
  /** Default word limit (GA res. 68/268); the coordinator may change it per report. null: none. */
  readonly wordLimit: number | null;
  /** Only the items marked for follow-up. */
  readonly followUpOnly: boolean;
  /** The report carries the annex matrix of its items (not counted in the word limit). */
  readonly annex: boolean;
  /** Each item's section starts with its status (and the UPR response). */
  readonly statusLine: boolean;
  /** Each item's section quotes the item's text (it counts in the word limit). */
  readonly quoteItemText: boolean;
}

/**
 * One row per report type (DOMAIN.md, "The reports the coordinator must produce"); DEFAULT_WORD_LIMITS and
 * REPORT_GROUPINGS are read from it.
 *
 * follow_up: DOMAIN.md says only "short" and resolution 68/268 sets no figure. 3,500 words is our default:
 * a third of the replies to a list of issues (10,700) for the two to five follow-up paragraphs a committee
 * selects, i.e. 700 to 1,750 words each, so the editor warns while the reply is still "short". Each report
 * can set its own limit.
 * upr_mid_term: voluntary, no limit.
 */
export const REPORT_TYPE_RULES: Readonly<Record<ReportType, ReportTypeRule>> = Object.freeze({
  initial: { grouping: 'question', wordLimit: 31_800, followUpOnly: false, annex: false, statusLine: false, quoteItemText: false },
  periodic: { grouping: 'question', wordLimit: 21_200, followUpOnly: false, annex: false, statusLine: false, quoteItemText: false },
  list_of_issues_replies: { grouping: 'question', wordLimit: 10_700, followUpOnly: false, annex: false, statusLine: false, quoteItemText: false },
  follow_up: { grouping: 'item', wordLimit: 3_500, followUpOnly: true, annex: false, statusLine: true, quoteItemText: true },
  upr_national: { grouping: 'theme_or_axis', wordLimit: 10_700, followUpOnly: false, annex: true, statusLine: false, quoteItemText: false },
  upr_mid_term: { grouping: 'item', wordLimit: null, followUpOnly: false, annex: false, statusLine: true, quoteItemText: true },
} satisfies Record<ReportType, ReportTypeRule>);

function fromRules<K extends keyof ReportTypeRule>(key: K): Readonly<Record<ReportType, ReportTypeRule[K]>> {
  const out = {} as Record<ReportType, ReportTypeRule[K]>;
  for (const [type, rule] of Object.entries(REPORT_TYPE_RULES) as [ReportType, ReportTypeRule][]) out[type] = rule[key];
  return Object.freeze(out);
}

export const DEFAULT_WORD_LIMITS: Readonly<Record<ReportType, number | null>> = fromRules('wordLimit');
export const REPORT_GROUPINGS: Readonly<Record<ReportType, ReportGrouping>> = fromRules('grouping');

/** A report is drafted, then finalised (frozen for export and audit). */
export const REPORT_STATUSES = ['draft', 'finalised'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export function isReportStatus(x: unknown): x is ReportStatus {
  return typeof x === 'string' && (REPORT_STATUSES as readonly string[]).includes(x);
}

/** A theme or national axis of an item, labelled in the languages known. */
export interface ReportPlanLabel {
  code: string;
  label: Partial<Record<Locale, string | null>>;
}

/** A recommendation or a question selected for the report. */
export interface ReportPlanItem {
  id: string;
  kind: 'recommendation' | 'question';
  symbol: string | null;
  paragraph: string | null;
  text: Partial<Record<Locale, string | null>>;
  /** UPR only. */
  response: RecommendationResponse | null;
  /** The coordinator's consolidated status. */
  status: ImplementationStatus | null;
  followUp: boolean;
  /** Primary first: an item goes under its first theme (or axis) in the UPR national report. */
  themes: ReportPlanLabel[];
  axes: ReportPlanLabel[];
  /** Explicit rank of a question in its list; questions with one come first, in that order. */
  position?: number | null;
}

/** A validated contribution on one item. */
export interface ReportPlanContribution {
  itemId: string;
  institution: Partial<Record<Locale, string | null>>;
  /** The language the contribution was written in. */
  language: Locale;
  measures: string;
  indicators: { name: string; value: string; unit: string | null; date: string | null }[];
  validatedAt: string;
}

export interface ReportPlanOptions {
  /** The report's language: headings, labels, citations. */
  language: Locale;
  /** UPR national report: group section III by theme (default) or by national axis. */
  groupBy?: 'theme' | 'axis';
  /** Override the type's rule: quote each item's text at the top of its text. */
  quoteItemText?: boolean;
  /** Override the type's rule: build the annex matrix. */
  annex?: boolean;
}

export interface PlannedReportSection {
  /** Stable within a report: `item:<id>`, `upr:<section>` or `upr:implementation:<theme or axis code>`. */
  key: string;
  heading: string;
  /** The items the section covers, in order. */
  itemIds: string[];
  /** First draft, in the Markdown subset. */
  body: string;
  /** The citations of its items, in order, in the report's language. */
  citations: string[];
}

export type ReportAnnex = NonNullable<ReportDocumentModel['annex']>;

export interface ReportPlan {
  sections: PlannedReportSection[];
  annex: ReportAnnex | null;
}

export const ReportPlanErrorCode = {
  /** Nothing to report on: no item selected, or (follow-up) none marked for follow-up. */
  EmptySelection: 'report.empty_selection',
  DuplicateItem: 'report.duplicate_item',
} as const;
export type ReportPlanErrorCode = (typeof ReportPlanErrorCode)[keyof typeof ReportPlanErrorCode];

export class ReportPlanError extends Error {
  constructor(
    readonly code: ReportPlanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportPlanError';
  }
}

/**
 * Natural order of UN paragraph numbers and symbols: digit runs compare as numbers, the rest character by
 * character, and a prefix comes first: `2 < 10 < 10(a) < 10(b) < 144.44 < 144.110`, `A/HRC/22/16 < A/HRC/36/6`.
 */
export function compareNatural(a: string, b: string): number {
  const x = tokens(toAsciiDigits(a));
  const y = tokens(toAsciiDigits(b));
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    const pd = isDigits(p);
    const qd = isDigits(q);
    if (pd && qd) {
      const pn = p.replace(/^0+(?=\d)/, '');
      const qn = q.replace(/^0+(?=\d)/, '');
      if (pn.length !== qn.length) return pn.length - qn.length;
      if (pn !== qn) return pn < qn ? -1 : 1;
    } else if (p !== q) {
      if (pd !== qd) return pd ? -1 : 1;
      return p < q ? -1 : 1;
    }
  }
  return x.length - y.length;
}

function tokens(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}

function isDigits(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** null sorts after any value. */
function compareNullable(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareNatural(a, b);
}

/**
 * The order items appear in a report: questions first — by `position` when given, then by symbol and
 * paragraph —, then recommendations by symbol, then paragraph. Ties by id, so the order is total.
 */
export function compareReportItems(a: ReportPlanItem, b: ReportPlanItem): number {
  if (a.kind !== b.kind) return a.kind === 'question' ? -1 : 1;
  if (a.kind === 'question') {
    const pa = a.position ?? null;
    const pb = b.position ?? null;
    if (pa !== pb) {
      if (pa === null) return 1;
      if (pb === null) return -1;
      return pa - pb;
    }
  }
  return (
    compareNullable(a.symbol, b.symbol) ||
    compareNullable(a.paragraph, b.paragraph) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The item's citation in the report's language; null when it has neither symbol nor paragraph. */
export function reportItemCitation(item: Pick<ReportPlanItem, 'symbol' | 'paragraph'>, language: Locale): string | null {
  const symbol = item.symbol?.trim() || null;
  const paragraph = item.paragraph?.trim() || null;
  if (symbol && paragraph) return formatReportCitation(symbol, paragraph, language);
  if (symbol) return symbol;
  if (paragraph) return formatReportCitation('', paragraph, language).replace(/^[,،]\s*/, '');
  return null;
}

/**
 * Plans a report's sections from its items and their validated contributions.
 *
 * - `question` types: one section per item, headed "Reply to paragraph 12 of the list of issues".
 * - `item` types: one section per item (follow-up: only items with `followUp`), headed by the paragraph of
 *   the concluding observations (follow-up) or the recommendation's citation; each starts with its status.
 * - `upr_national`: the five sections; section III is followed by one sub-section per first theme (or
 *   axis) of the items (`upr:implementation:<code>`, in code order, the items without one last), headed
 *   `III.1. <label>`…, each holding its items under `#` their citation (one level under the section
 *   heading, which is not part of the text) — so no section grows with the whole selection; section I
 *   lists the contributing institutions; II, III (before its sub-sections), IV and V start empty.
 *
 * An item's text: "Measures taken" and each contribution's measures (those in the report's language first,
 * then by validation date), its indicators (value, unit, date), then the institutions that reported. A
 * contribution written in another language than the report's is inserted as written, after a quote line
 * such as `> [À traduire — texte en arabe]`. Items without a contribution get a bracketed placeholder.
 *
 * @throws ReportPlanError `report.empty_selection` when nothing is left to report on,
 *   `report.duplicate_item` when an id appears twice.
 */
export function planReportSections(
  type: ReportType,
  items: readonly ReportPlanItem[],
  contributions: readonly ReportPlanContribution[],
  options: ReportPlanOptions,
): ReportPlan {
  const rule = REPORT_TYPE_RULES[type];
  const language = options.language;
  const labels = REPORT_LABELS[language];

  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new ReportPlanError(ReportPlanErrorCode.DuplicateItem, `Item ${item.id} is selected twice`);
    seen.add(item.id);
  }
  const selected = [...items].filter((item) => !rule.followUpOnly || item.followUp).sort(compareReportItems);
  if (selected.length === 0) {
    throw new ReportPlanError(
      ReportPlanErrorCode.EmptySelection,
      rule.followUpOnly ? 'No selected item is marked for follow-up' : 'No item is selected',
    );
  }

  const byItem = new Map<string, ReportPlanContribution[]>();
  for (const c of contributions) {
    if (!seen.has(c.itemId)) continue;
    const list = byItem.get(c.itemId);
    if (list) list.push(c);
    else byItem.set(c.itemId, [c]);
  }
  for (const list of byItem.values()) {
    // Text in the report's language first, so that whatever follows a to-translate marker is all to translate.
    list.sort(
      (a, b) =>
        Number(a.language !== language) - Number(b.language !== language) ||
        compareText(a.validatedAt, b.validatedAt) ||
        compareText(institutionName(a, language), institutionName(b, language)),
    );
  }

  const ctx: BodyContext = {
    language,
    labels,
    statusLine: rule.statusLine,
    quoteItemText: options.quoteItemText ?? rule.quoteItemText,
  };
  const contributionsOf = (item: ReportPlanItem): ReportPlanContribution[] => byItem.get(item.id) ?? [];

  let sections: PlannedReportSection[];
  if (rule.grouping === 'theme_or_axis') {
    sections = planUprNational(selected, contributionsOf, options.groupBy ?? 'theme', ctx);
  } else {
    sections = selected.map((item, index) => {
      const citation = reportItemCitation(item, language);
      return {
        key: `item:${item.id}`,
        heading: itemHeading(item, type, index + 1, labels, language),
        itemIds: [item.id],
        body: itemBody(item, contributionsOf(item), ctx),
        citations: citation ? [citation] : [],
      };
    });
  }

  const withAnnex = options.annex ?? rule.annex;
  return { sections, annex: withAnnex ? buildAnnex(selected, contributionsOf, language) : null };
}

interface BodyContext {
  language: Locale;
  labels: ReportLabels;
  statusLine: boolean;
  quoteItemText: boolean;
}

function itemHeading(item: ReportPlanItem, type: ReportType, rank: number, labels: ReportLabels, language: Locale): string {
  const paragraph = item.paragraph?.trim() || null;
  const symbol = item.symbol?.trim() || null;
  if (item.kind === 'question') {
    return paragraph ? fillLabel(labels.questionHeading, { paragraph }) : fillLabel(labels.untitledItem, { number: rank });
  }
  if (type === 'follow_up' && paragraph) {
    return fillLabel(labels.followUpHeading, { paragraph }) + (symbol ? ` (${symbol})` : '');
  }
  const citation = reportItemCitation(item, language);
  return citation ? fillLabel(labels.recommendationHeading, { citation }) : fillLabel(labels.untitledItem, { number: rank });
}

function planUprNational(
  items: readonly ReportPlanItem[],
  contributionsOf: (item: ReportPlanItem) => ReportPlanContribution[],
  groupBy: 'theme' | 'axis',
  ctx: BodyContext,
): PlannedReportSection[] {
  const { labels, language } = ctx;
  const groups = new Map<string | null, { label: string; items: ReportPlanItem[] }>();
  for (const item of items) {
    const first = (groupBy === 'theme' ? item.themes : item.axes)[0] ?? null;
    const code = first ? first.code : null;
    let group = groups.get(code);
    if (!group) {
      group = { label: first ? pickLabel(first.label, language) ?? first.code : labels.otherIssues, items: [] };
      groups.set(code, group);
    }
    group.items.push(item);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => compareNullable(a, b));

  let rank = 0;
  const groupSections = ordered.map(([code, group], index): PlannedReportSection => {
    const itemIds: string[] = [];
    const citations: string[] = [];
    const blocks: string[] = [];
    for (const item of group.items) {
      rank++;
      const citation = reportItemCitation(item, language);
      itemIds.push(item.id);
      if (citation) citations.push(citation);
      blocks.push(`# ${escapeReportText(citation ?? fillLabel(labels.untitledItem, { number: rank }))}`);
      blocks.push(itemBody(item, contributionsOf(item), ctx));
    }
    const heading = `${subsectionNumber(labels.uprNationalSections[UPR_NATIONAL_ITEMS_SECTION], index + 1)} ${singleLine(group.label)}`;
    return { key: uprGroupSectionKey(code), heading, itemIds, body: blocks.join('\n\n'), citations };
  });

  const institutions = uniqueInstitutions(items.flatMap(contributionsOf), language);
  return UPR_NATIONAL_SECTIONS.flatMap((section) => {
    const heading = labels.uprNationalSections[section];
    const body =
      section === 'methodology' && institutions.length
        ? escapeReportText(`${labels.contributingInstitutions}${labels.colon}${institutions.join(labels.listSeparator)}.`)
        : '';
    const planned: PlannedReportSection = { key: `upr:${section}`, heading, itemIds: [], body, citations: [] };
    return section === UPR_NATIONAL_ITEMS_SECTION ? [planned, ...groupSections] : [planned];
  });
}

/**
 * The number of the n-th sub-section of a numbered heading, in the heading's own style: `III.` →
 * `III.1.`, `ثالثاً-` → `ثالثاً-1-`; `n.` when the heading has no number.
 */
function subsectionNumber(parentHeading: string, n: number): string {
  const match = /^(\S+?)([.-])\s/u.exec(parentHeading);
  return match ? `${match[1]}${match[2]}${n}${match[2]}` : `${n}.`;
}

/** The draft text of one item, in the Markdown subset; blocks separated by blank lines. */
function itemBody(item: ReportPlanItem, contributions: readonly ReportPlanContribution[], ctx: BodyContext): string {
  const { labels, language } = ctx;
  const blocks: string[] = [];

  if (ctx.quoteItemText) {
    const text = pickText(item.text, language);
    if (text) {
      if (text.language !== language) blocks.push(`> ${toTranslateMarker(language, text.language)}`);
      blocks.push(`> ${escapeReportText(singleLine(text.value))}`);
    }
  }
  if (ctx.statusLine) {
    blocks.push(labelled(labels.status, implementationStatusLabel(item.status, language), labels));
    if (item.response) blocks.push(labelled(labels.response, recommendationResponseLabel(item.response, language), labels));
  }

  if (contributions.length === 0) {
    blocks.push(`*${escapeReportText(labels.noContribution)}*`);
    return blocks.join('\n\n');
  }

  const measures = contributions.filter((c) => c.measures.trim() !== '');
  if (measures.length) {
    blocks.push(`**${escapeReportText(labels.measuresTaken)}**`);
    for (const c of measures) {
      if (c.language !== language) blocks.push(`> ${toTranslateMarker(language, c.language)}`);
      blocks.push(c.measures.trim());
    }
  }

  const withIndicators = contributions.filter((c) => c.indicators.length > 0);
  if (withIndicators.length) {
    blocks.push(`**${escapeReportText(labels.indicators)}**`);
    for (const c of withIndicators) {
      if (c.language !== language) blocks.push(`> ${toTranslateMarker(language, c.language)}`);
      blocks.push(c.indicators.map((indicator) => `- ${indicatorLine(indicator, language, labels)}`).join('\n'));
    }
  }

  const institutions = uniqueInstitutions(contributions, language);
  if (institutions.length) blocks.push(`*${escapeReportText(`${labels.reportedBy}${labels.colon}${institutions.join(labels.listSeparator)}`)}*`);
  return blocks.join('\n\n');
}

/** `**Label:** value` as one paragraph. */
function labelled(label: string, value: string, labels: ReportLabels): string {
  return `**${escapeReportText(label + labels.colon.trimEnd())}** ${escapeReportText(value)}`;
}

function indicatorLine(
  indicator: ReportPlanContribution['indicators'][number],
  language: Locale,
  labels: ReportLabels,
): string {
  const value = singleLine(indicator.value);
  const unit = indicator.unit ? singleLine(indicator.unit) : '';
  let quantity = value;
  if (unit === '%') quantity += language === 'ar' ? ' في المائة' : language === 'fr' ? '\u00A0%' : '%';
  else if (unit) quantity += ` ${unit}`;
  const date = indicator.date?.trim() ? ` (${formatReportDate(indicator.date.trim(), language)})` : '';
  return escapeReportText(`${singleLine(indicator.name)}${labels.colon}${quantity}${date}`);
}

function buildAnnex(
  items: readonly ReportPlanItem[],
  contributionsOf: (item: ReportPlanItem) => ReportPlanContribution[],
  language: Locale,
): ReportAnnex {
  const labels = REPORT_LABELS[language];
  const rows: ReportAnnexRow[] = items.map((item, index) => {
    const contributions = contributionsOf(item);
    const text = pickText(item.text, language);
    const marked = (value: string, from: Locale): string => (from === language ? value : `${toTranslateMarker(language, from)} ${value}`);
    return {
      citation: reportItemCitation(item, language) ?? fillLabel(labels.untitledItem, { number: index + 1 }),
      text: text ? marked(text.value.trim(), text.language) : '',
      response: item.response ? recommendationResponseLabel(item.response, language) : null,
      status: implementationStatusLabel(item.status, language),
      measures: contributions
        .filter((c) => c.measures.trim() !== '')
        .map((c) => marked(reportBlocksToPlainText(parseReportMarkdown(c.measures)), c.language))
        .join('\n'),
      institutions: uniqueInstitutions(contributions, language).join(labels.listSeparator),
    };
  });
  const { citation, text, response, status, measures, institutions } = labels.annexColumns;
  return {
    heading: labels.annexHeading,
    columns: { citation, text, response: items.some((i) => i.response) ? response : null, status, measures, institutions },
    rows,
  };
}

/** The value in the wanted language, else in the first other language that has one (ar, fr, en). */
function pickText(values: Partial<Record<Locale, string | null>>, language: Locale): { value: string; language: Locale } | null {
  for (const l of [language, ...LOCALES.filter((x) => x !== language)]) {
    const v = values[l]?.trim();
    if (v) return { value: v, language: l };
  }
  return null;
}

function pickLabel(values: Partial<Record<Locale, string | null>>, language: Locale): string | null {
  return pickText(values, language)?.value ?? null;
}

function institutionName(c: ReportPlanContribution, language: Locale): string {
  return pickLabel(c.institution, language) ?? '';
}

function uniqueInstitutions(contributions: readonly ReportPlanContribution[], language: Locale): string[] {
  const names: string[] = [];
  for (const c of contributions) {
    const name = singleLine(institutionName(c, language));
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

function singleLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
