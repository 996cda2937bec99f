import type { ImplementationStatus, ItemKind, Mechanism, RecommendationResponse } from './enums.js';
import { EXCHANGE_COLUMNS, type ExchangeField } from './exchange-format.js';

/**
 * The exchange format as a ministry reads it: column headers and values (mechanism, response,
 * status, kind) in Arabic, French or English. The export writes them when asked for a language
 * (`labels`); the `sidh-export` import reads them back, in any of the three languages, so a
 * localised export still imports back. Names of reference rows (bodies, reviews, states, themes,
 * institutions) come from the database in the same language and are matched back by name.
 */
export const EXCHANGE_LANGS = ['ar', 'fr', 'en'] as const;
export type ExchangeLang = (typeof EXCHANGE_LANGS)[number];

export const EXCHANGE_HEADERS: Record<ExchangeLang, Record<ExchangeField, string>> = {
  ar: {
    documentSymbol: 'رمز الوثيقة',
    paragraph: 'الفقرة',
    externalCode: 'الرمز الخارجي',
    textAr: 'النص بالعربية',
    textFr: 'النص بالفرنسية',
    textEn: 'النص بالإنكليزية',
    mechanism: 'الآلية',
    body: 'الهيئة',
    review: 'الاستعراض',
    response: 'موقف الدولة',
    recommendingStates: 'الدول الموصية',
    themes: 'المواضيع',
    sdgTargets: 'غايات أهداف التنمية المستدامة',
    institutions: 'المؤسسات',
    status: 'حالة التنفيذ',
    kind: 'النوع',
  },
  fr: {
    documentSymbol: 'Cote du document',
    paragraph: 'Paragraphe',
    externalCode: 'Code externe',
    textAr: 'Texte (arabe)',
    textFr: 'Texte (français)',
    textEn: 'Texte (anglais)',
    mechanism: 'Mécanisme',
    body: 'Organe',
    review: 'Examen',
    response: 'Réponse de l’État',
    recommendingStates: 'États recommandants',
    themes: 'Thèmes',
    sdgTargets: 'Cibles ODD',
    institutions: 'Institutions',
    status: 'Statut de mise en œuvre',
    kind: 'Nature',
  },
  en: {
    documentSymbol: 'Document symbol',
    paragraph: 'Paragraph',
    externalCode: 'External code',
    textAr: 'Text (Arabic)',
    textFr: 'Text (French)',
    textEn: 'Text (English)',
    mechanism: 'Mechanism',
    body: 'Body',
    review: 'Review',
    response: 'State’s response',
    recommendingStates: 'Recommending states',
    themes: 'Themes',
    sdgTargets: 'SDG targets',
    institutions: 'Institutions',
    status: 'Implementation status',
    kind: 'Kind',
  },
};

export interface ExchangeValueLabels {
  mechanism: Record<Mechanism, string>;
  response: Record<RecommendationResponse, string>;
  status: Record<ImplementationStatus, string>;
  kind: Record<ItemKind, string>;
}

/** The same words as the application shows (apps/web/src/locales). */
export const EXCHANGE_VALUE_LABELS: Record<ExchangeLang, ExchangeValueLabels> = {
  ar: {
    mechanism: { UPR: 'الاستعراض الدوري الشامل', TREATY_BODY: 'هيئة معاهدة', SPECIAL_PROCEDURE: 'إجراء خاص' },
    response: { supported: 'حظيت بالتأييد', supported_in_part: 'حظيت بالتأييد جزئيًا', noted: 'أُحيط بها علمًا' },
    status: {
      not_started: 'لم يبدأ تنفيذها',
      in_progress: 'قيد التنفيذ',
      partially_implemented: 'منفذة جزئيًا',
      implemented: 'منفذة',
      continuous: 'مستمرة',
      not_applicable: 'غير منطبقة',
    },
    kind: { recommendation: 'توصية', question: 'سؤال' },
  },
  fr: {
    mechanism: { UPR: 'Examen périodique universel', TREATY_BODY: 'Organe de traité', SPECIAL_PROCEDURE: 'Procédure spéciale' },
    response: { supported: 'Acceptée', supported_in_part: 'Acceptée en partie', noted: 'Notée' },
    status: {
      not_started: 'Non entamée',
      in_progress: 'En cours',
      partially_implemented: 'Partiellement mise en œuvre',
      implemented: 'Mise en œuvre',
      continuous: 'Continue',
      not_applicable: 'Sans objet',
    },
    kind: { recommendation: 'Recommandation', question: 'Question' },
  },
  en: {
    mechanism: { UPR: 'Universal Periodic Review', TREATY_BODY: 'Treaty body', SPECIAL_PROCEDURE: 'Special procedure' },
    response: { supported: 'Supported', supported_in_part: 'Supported in part', noted: 'Noted' },
    status: {
      not_started: 'Not started',
      in_progress: 'In progress',
      partially_implemented: 'Partially implemented',
      implemented: 'Implemented',
      continuous: 'Ongoing',
      not_applicable: 'Not applicable',
    },
    kind: { recommendation: 'Recommendation', question: 'Question' },
  },
};

/** Fields whose values the export also gives as codes, in extra columns named as in `EXCHANGE_COLUMNS`, when asked. */
export const EXCHANGE_CODE_FIELDS = ['mechanism', 'body', 'review', 'response', 'recommendingStates', 'themes', 'institutions', 'status', 'kind'] as const satisfies readonly ExchangeField[];

export type ExchangeValueField = keyof ExchangeValueLabels;

/** Label (any language) → code, for one valued field: what the import maps a localised cell back with. */
export function exchangeValueCodes(field: ExchangeValueField): Record<string, string> {
  const codes: Record<string, string> = {};
  for (const lang of EXCHANGE_LANGS) for (const [code, label] of Object.entries(EXCHANGE_VALUE_LABELS[lang][field])) codes[label] = code;
  return codes;
}

/**
 * The column of `field` in a file with these headers: the code column (`EXCHANGE_COLUMNS`) when
 * there is one, otherwise the header of the field in whichever language the file uses.
 */
export function exchangeColumnOf(field: ExchangeField, headers: readonly string[]): string | undefined {
  const present = new Set(headers.map((h) => h.trim()));
  if (present.has(EXCHANGE_COLUMNS[field])) return EXCHANGE_COLUMNS[field];
  for (const lang of EXCHANGE_LANGS) if (present.has(EXCHANGE_HEADERS[lang][field])) return headers.find((h) => h.trim() === EXCHANGE_HEADERS[lang][field]);
  return undefined;
}
