/**
 * The fixed wording of generated reports in Arabic, French and English: headings, labels of the pre-filled
 * text, annex columns, status and response labels, report type names, citations and dates as UN documents
 * write them. The Word export and the report generator read these; the SPA keeps its own UI catalogs.
 *
 * Symbols and paragraph numbers stay in ASCII in every language (UN Arabic documents print `CAT/C/MAR/CO/4`
 * and Western digits), so a citation reads the same inside right-to-left text.
 */
import type { ImplementationStatus, Locale, RecommendationResponse } from './enums.js';
import type { ReportType } from './report-document.js';
import type { UprNationalSection } from './report-plan.js';

const NBSP = '\u00A0';

export interface ReportLabels {
  reportTypes: Record<ReportType, string>;
  /** The five sections of a UPR national report (A/HRC/DEC/6/102), numbered as in national reports. */
  uprNationalSections: Record<UprNationalSection, string>;
  statuses: Record<ImplementationStatus | 'none', string>;
  responses: Record<RecommendationResponse, string>;
  /** Language names as they follow "text in …" in the to-translate marker. */
  languages: Record<Locale, string>;
  measuresTaken: string;
  indicators: string;
  /** Before the institutions whose validated contributions fed a section. */
  reportedBy: string;
  /** Before the list of every contributing institution (UPR national report, methodology section). */
  contributingInstitutions: string;
  status: string;
  response: string;
  toTranslate: string;
  /** `{language}`: the language the inserted text is written in. */
  toTranslateMarker: string;
  page: string;
  /** Placeholder for an item that no validated contribution covers. */
  noContribution: string;
  /** Group of the UPR national report for items without a theme (or axis). */
  otherIssues: string;
  /** `{paragraph}`: the paragraph of the list of issues. */
  questionHeading: string;
  /** `{paragraph}`: the paragraph of the concluding observations (follow-up report). */
  followUpHeading: string;
  /** `{citation}`: formatReportCitation of the recommendation. */
  recommendationHeading: string;
  /** `{number}`: rank in the report, for an item without a paragraph. */
  untitledItem: string;
  annexHeading: string;
  annexColumns: { citation: string; text: string; response: string; status: string; measures: string; institutions: string };
  /** January … December, as UN documents write dates in this language. */
  months: readonly string[];
  /** Between a label and its value. */
  colon: string;
  /** Between items of a list (institutions). */
  listSeparator: string;
}

export const REPORT_LABELS: Readonly<Record<Locale, ReportLabels>> = Object.freeze({
  ar: {
    reportTypes: {
      initial: 'التقرير الأولي',
      periodic: 'التقرير الدوري',
      list_of_issues_replies: 'الردود على قائمة المسائل',
      follow_up: 'تقرير المتابعة',
      upr_national: 'التقرير الوطني المقدم في إطار الاستعراض الدوري الشامل',
      upr_mid_term: 'تقرير منتصف المدة في إطار الاستعراض الدوري الشامل',
    },
    uprNationalSections: {
      methodology: 'أولاً- المنهجية وعملية التشاور',
      developments: 'ثانياً- التطورات منذ الاستعراض السابق: الإطار المعياري والمؤسسي',
      implementation: 'ثالثاً- تعزيز حقوق الإنسان وحمايتها على أرض الواقع: تنفيذ التوصيات والالتزامات الدولية',
      achievements: 'رابعاً- الإنجازات وأفضل الممارسات والتحديات والقيود',
      priorities: 'خامساً- الأولويات والمبادرات والالتزامات الوطنية الرئيسية',
    },
    statuses: {
      none: 'بدون حالة',
      not_started: 'لم يبدأ تنفيذها',
      in_progress: 'قيد التنفيذ',
      partially_implemented: 'منفذة جزئياً',
      implemented: 'منفذة',
      continuous: 'مستمرة',
      not_applicable: 'غير منطبقة',
    },
    responses: { supported: 'حظيت بالتأييد', supported_in_part: 'حظيت بالتأييد جزئياً', noted: 'أُحيط بها علماً' },
    languages: { ar: 'العربية', fr: 'الفرنسية', en: 'الإنكليزية' },
    measuresTaken: 'التدابير المتخذة',
    indicators: 'المؤشرات',
    reportedBy: 'الجهات التي قدمت المعلومات',
    contributingInstitutions: 'المؤسسات التي أسهمت في إعداد هذا التقرير',
    status: 'حالة التنفيذ',
    response: 'موقف الدولة',
    toTranslate: 'للترجمة',
    toTranslateMarker: '[للترجمة — النص باللغة {language}]',
    page: 'الصفحة',
    noContribution: '[لم ترد أي مساهمة معتمدة بشأن هذا البند.]',
    otherIssues: 'مسائل أخرى',
    questionHeading: 'الرد على الفقرة {paragraph} من قائمة المسائل',
    followUpHeading: 'الفقرة {paragraph} من الملاحظات الختامية',
    recommendationHeading: 'التوصية {citation}',
    untitledItem: 'البند {number}',
    annexHeading: 'المرفق: مصفوفة التوصيات وحالة تنفيذها',
    annexColumns: {
      citation: 'التوصية',
      text: 'النص',
      response: 'موقف الدولة',
      status: 'حالة التنفيذ',
      measures: 'التدابير المتخذة',
      institutions: 'المؤسسات المعنية',
    },
    months: [
      'كانون الثاني/يناير',
      'شباط/فبراير',
      'آذار/مارس',
      'نيسان/أبريل',
      'أيار/مايو',
      'حزيران/يونيه',
      'تموز/يوليه',
      'آب/أغسطس',
      'أيلول/سبتمبر',
      'تشرين الأول/أكتوبر',
      'تشرين الثاني/نوفمبر',
      'كانون الأول/ديسمبر',
    ],
    colon: ': ',
    listSeparator: '؛ ',
  },
  fr: {
    reportTypes: {
      initial: 'Rapport initial',
      periodic: 'Rapport périodique',
      list_of_issues_replies: 'Réponses à la liste de points',
      follow_up: 'Rapport de suivi',
      upr_national: 'Rapport national (Examen périodique universel)',
      upr_mid_term: 'Rapport à mi-parcours (Examen périodique universel)',
    },
    uprNationalSections: {
      methodology: 'I. Méthodologie et processus de consultation',
      developments: `II. Faits nouveaux depuis l'examen précédent${NBSP}: cadre normatif et institutionnel`,
      implementation: `III. Promotion et protection des droits de l'homme sur le terrain${NBSP}: mise en œuvre des recommandations et des obligations internationales`,
      achievements: 'IV. Réalisations, meilleures pratiques, difficultés et contraintes',
      priorities: 'V. Principales priorités, initiatives et engagements nationaux',
    },
    statuses: {
      none: 'Sans statut',
      not_started: 'Non entamée',
      in_progress: 'En cours',
      partially_implemented: 'Partiellement mise en œuvre',
      implemented: 'Mise en œuvre',
      continuous: 'Continue',
      not_applicable: 'Sans objet',
    },
    responses: { supported: 'Acceptée', supported_in_part: 'Acceptée en partie', noted: 'Notée' },
    languages: { ar: 'arabe', fr: 'français', en: 'anglais' },
    measuresTaken: 'Mesures prises',
    indicators: 'Indicateurs',
    reportedBy: 'Informations communiquées par',
    contributingInstitutions: 'Institutions ayant contribué au présent rapport',
    status: 'État de mise en œuvre',
    response: "Réponse de l'État",
    toTranslate: 'À traduire',
    toTranslateMarker: '[À traduire — texte en {language}]',
    page: 'Page',
    noContribution: "[Aucune contribution validée n'a été reçue pour ce point.]",
    otherIssues: 'Autres questions',
    questionHeading: 'Réponse au paragraphe {paragraph} de la liste de points',
    followUpHeading: 'Paragraphe {paragraph} des observations finales',
    recommendationHeading: 'Recommandation {citation}',
    untitledItem: 'Point {number}',
    annexHeading: `Annexe${NBSP}: matrice des recommandations et état de leur mise en œuvre`,
    annexColumns: {
      citation: 'Recommandation',
      text: 'Texte',
      response: "Réponse de l'État",
      status: 'État de mise en œuvre',
      measures: 'Mesures prises',
      institutions: 'Institutions concernées',
    },
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    colon: `${NBSP}: `,
    listSeparator: `${NBSP}; `,
  },
  en: {
    reportTypes: {
      initial: 'Initial report',
      periodic: 'Periodic report',
      list_of_issues_replies: 'Replies to the list of issues',
      follow_up: 'Follow-up report',
      upr_national: 'National report (universal periodic review)',
      upr_mid_term: 'Mid-term report (universal periodic review)',
    },
    uprNationalSections: {
      methodology: 'I. Methodology and consultation process',
      developments: 'II. Developments since the previous review: normative and institutional framework',
      implementation: 'III. Promotion and protection of human rights on the ground: implementation of recommendations and international obligations',
      achievements: 'IV. Achievements, best practices, challenges and constraints',
      priorities: 'V. Key national priorities, initiatives and commitments',
    },
    statuses: {
      none: 'No status',
      not_started: 'Not started',
      in_progress: 'In progress',
      partially_implemented: 'Partially implemented',
      implemented: 'Implemented',
      continuous: 'Ongoing',
      not_applicable: 'Not applicable',
    },
    responses: { supported: 'Supported', supported_in_part: 'Supported in part', noted: 'Noted' },
    languages: { ar: 'Arabic', fr: 'French', en: 'English' },
    measuresTaken: 'Measures taken',
    indicators: 'Indicators',
    reportedBy: 'Information provided by',
    contributingInstitutions: 'Institutions that contributed to the present report',
    status: 'Implementation status',
    response: 'State response',
    toTranslate: 'To translate',
    toTranslateMarker: '[To translate — text in {language}]',
    page: 'Page',
    noContribution: '[No validated contribution has been received on this item.]',
    otherIssues: 'Other issues',
    questionHeading: 'Reply to paragraph {paragraph} of the list of issues',
    followUpHeading: 'Paragraph {paragraph} of the concluding observations',
    recommendationHeading: 'Recommendation {citation}',
    untitledItem: 'Item {number}',
    annexHeading: 'Annex: matrix of recommendations and their implementation status',
    annexColumns: {
      citation: 'Recommendation',
      text: 'Text',
      response: 'State response',
      status: 'Implementation status',
      measures: 'Measures taken',
      institutions: 'Institutions concerned',
    },
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    colon: ': ',
    listSeparator: '; ',
  },
} satisfies Record<Locale, ReportLabels>);

/** Replaces each `{name}` of a label with its value (values are inserted as they are). */
export function fillLabel(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

/**
 * A citation as the report prints it: en `CAT/C/MAR/CO/4, para. 12`, fr `CAT/C/MAR/CO/4, par. 12`,
 * ar `CAT/C/MAR/CO/4، الفقرة 12` (Arabic comma; symbol and number stay ASCII).
 */
export function formatReportCitation(symbol: string, paragraph: string, locale: Locale): string {
  const s = symbol.trim();
  const p = paragraph.trim();
  switch (locale) {
    case 'ar':
      return `${s}، الفقرة ${p}`;
    case 'fr':
      return `${s}, par. ${p}`;
    case 'en':
      return `${s}, para. ${p}`;
  }
}

/** The marker line put before text inserted in another language than the report's, e.g. `[À traduire — texte en arabe]`. */
export function toTranslateMarker(reportLanguage: Locale, textLanguage: Locale): string {
  const labels = REPORT_LABELS[reportLanguage];
  return fillLabel(labels.toTranslateMarker, { language: labels.languages[textLanguage] });
}

/** True when a block's text starts with a to-translate marker of any language (the export may highlight it). */
export function isToTranslateMarker(text: string): boolean {
  const t = text.trimStart();
  for (const labels of Object.values(REPORT_LABELS)) if (t.startsWith(`[${labels.toTranslate} — `)) return true;
  return false;
}

/**
 * An ISO date (`2024-03-31`, `2024-03`, or a timestamp) as UN documents write it: `31 March 2024`,
 * `1er mars 2024`, `31 آذار/مارس 2024`. Anything else is returned unchanged.
 */
export function formatReportDate(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:$|T)/.exec(iso.trim());
  if (!m) return iso;
  const month = Number(m[2]);
  const day = m[3] === undefined ? null : Number(m[3]);
  if (month < 1 || month > 12 || day === 0 || (day !== null && day > 31)) return iso;
  const monthYear = `${REPORT_LABELS[locale].months[month - 1]} ${m[1]}`;
  if (day === null) return monthYear;
  return `${locale === 'fr' && day === 1 ? '1er' : day} ${monthYear}`;
}

/** Label of a consolidated implementation status (null: no status yet). */
export function implementationStatusLabel(status: ImplementationStatus | null, locale: Locale): string {
  return REPORT_LABELS[locale].statuses[status ?? 'none'];
}

/** Label of the State's response to a UPR recommendation. */
export function recommendationResponseLabel(response: RecommendationResponse, locale: Locale): string {
  return REPORT_LABELS[locale].responses[response];
}

/** Name of a report type, e.g. for the title page. */
export function reportTypeName(type: ReportType, locale: Locale): string {
  return REPORT_LABELS[locale].reportTypes[type];
}

/** The `labels` of ReportDocumentModel in a language. */
export function reportDocumentLabels(locale: Locale): { page: string; toTranslate: string } {
  const { page, toTranslate } = REPORT_LABELS[locale];
  return { page, toTranslate };
}
