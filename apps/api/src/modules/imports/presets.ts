import type { ImportMappingDto, ParameterTarget, PresetName } from './mapping.js';

import { EXCHANGE_COLUMNS as EXPORT_COLUMNS, EXCHANGE_LIST_SEPARATOR as EXPORT_LIST_SEPARATOR } from '@sidh/domain';

/** UPR Info's issue labels that differ from the UHRI theme names (reference/upr_info_issues_observed.csv). */
const UPR_INFO_ISSUES: Record<string, string> = {
  'Torture and other CID treatment': 'torture-and-other-cid-treatment',
  NHRI: 'nhri',
  Trafficking: 'trafficking',
  Disabilities: 'disabilities',
  'ESC rights - general': 'esc-rights-general',
  'CP rights - general': 'cp-rights-general',
  'Asylum-seekers - refugees': 'asylum-seekers-refugees',
  'UPR process': 'upr-process',
  'HIV - Aids': 'hiv-aids',
};

const DIDH_STATUSES: Record<string, string> = {
  Réalisé: 'implemented',
  'En cours': 'in_progress',
  'Non réalisé': 'not_started',
  'Recommendation continue': 'continuous',
  'Recommandation continue': 'continuous',
  RC: 'continuous',
};

/** The presets, each tested on the real file it is named after (see import-presets.integration-spec.ts). */
export const PRESETS: Record<PresetName, ImportMappingDto> = {
  custom: { preset: 'custom', fields: {}, defaults: {} },
  /** OHCHR Universal Human Rights Index JSON export (an array of records, or `{ "data": [...] }`). */
  uhri: {
    preset: 'uhri',
    fields: {
      documentSymbol: { column: 'Symbol' },
      'text.en': { column: 'Text' },
      body: { column: 'Body' },
      stateUnderReview: { column: 'Countries', optional: true },
      themes: { column: 'Themes', optional: true },
      affectedPersons: { column: 'AffectedPersons', optional: true },
      sdgTargets: { column: 'Sdgs', optional: true },
    },
    defaults: {},
    duplicates: 'reject',
  },
  /** UPR Info database CSV: one row per recommending state; identical texts of one review merge. */
  'upr-info': {
    preset: 'upr-info',
    fields: {
      'text.en': { column: 'Text' },
      stateUnderReview: { column: 'To' },
      session: { column: 'Session' },
      recommendingStates: { column: 'From', values: { '&#40;Unknown&#41;': '', '(Unknown)': '' } },
      response: { column: 'Response', values: { Accepted: 'supported', Noted: 'noted' } },
      themes: { column: 'Issue', separator: ',', values: UPR_INFO_ISSUES, optional: true },
    },
    defaults: { mechanism: 'UPR', body: 'UPR' },
    duplicates: 'merge',
  },
  /**
   * The coordinating body's (DIDH) bilingual sheet, for every mechanism: codes such as
   * `R144.110 P2`, institution links. Each row says its mechanism (`mechanism`) and its body: the
   * committee (`treaty_body`), else the special-procedure mandate as staff typed it
   * (`special_procedure_mandate_fr`, matched by name), else the UPR for a UPR row; a UPR row's cycle
   * comes from `upr_cycle_fr`. What the sheet does not say (the report's symbol, a cycle for rows
   * without one) is given per upload in `defaults`; the dry run suggests the file's own values.
   * A row without a mechanism and without a committee or mandate is a UPR row; the state under
   * review is the DIDH's, Morocco (defaults the upload may change).
   */
  didh: {
    preset: 'didh',
    fields: {
      externalCode: { column: 'code' },
      paragraph: { column: 'code' },
      'text.fr': { column: 'text_fr' },
      'text.ar': { column: 'text_ar', optional: true },
      mechanism: { column: 'mechanism', optional: true },
      body: { columns: ['treaty_body', 'special_procedure_mandate_fr'], optional: true },
      cycle: { column: 'upr_cycle_fr', optional: true },
      recommendingStates: { column: 'recommending_state_fr', separator: ' | ', optional: true },
      axes: { column: 'axis_ids', separator: ';', values: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), `AX${i + 1}`])), optional: true },
      status: { column: 'status_fr', values: DIDH_STATUSES, optional: true },
      institutions: { column: 'responsible_entities_fr', separator: ' | ', optional: true },
    },
    defaults: { mechanism: 'UPR', stateUnderReview: 'MA' },
    duplicates: 'keep',
  },
  /** Recommendation CSVs parsed from the UPR working-group reports (morocco_upr_docs/). */
  'un-report-csv': {
    preset: 'un-report-csv',
    fields: {
      documentSymbol: { column: 'document_symbol' },
      paragraph: { column: 'recommendation_id' },
      'text.en': { column: 'text' },
      cycle: { column: 'cycle', optional: true },
      session: { column: 'session', optional: true },
      stateUnderReview: { column: 'state_under_review', optional: true },
      recommendingStates: { column: 'recommending_states', separator: ';', optional: true },
      response: {
        column: 'response_in_report',
        optional: true,
        values: {
          Supported: 'supported',
          'Supported (considered already implemented or in process of implementation)': 'supported',
          'Not supported (noted)': 'noted',
          'Rejected (considered outside HRC mandate)': 'noted',
        },
      },
    },
    defaults: { mechanism: 'UPR', body: 'UPR' },
    duplicates: 'reject',
  },
  /** The export's own columns: export, then import with this preset → nothing changes. */
  'sidh-export': {
    preset: 'sidh-export',
    fields: {
      documentSymbol: { column: EXPORT_COLUMNS.documentSymbol, optional: true },
      paragraph: { column: EXPORT_COLUMNS.paragraph, optional: true },
      externalCode: { column: EXPORT_COLUMNS.externalCode, optional: true },
      'text.ar': { column: EXPORT_COLUMNS.textAr, optional: true },
      'text.fr': { column: EXPORT_COLUMNS.textFr, optional: true },
      'text.en': { column: EXPORT_COLUMNS.textEn, optional: true },
      mechanism: { column: EXPORT_COLUMNS.mechanism, optional: true },
      body: { column: EXPORT_COLUMNS.body },
      review: { column: EXPORT_COLUMNS.review, optional: true },
      response: { column: EXPORT_COLUMNS.response, optional: true },
      recommendingStates: { column: EXPORT_COLUMNS.recommendingStates, separator: EXPORT_LIST_SEPARATOR, optional: true },
      themes: { column: EXPORT_COLUMNS.themes, separator: EXPORT_LIST_SEPARATOR, optional: true },
      sdgTargets: { column: EXPORT_COLUMNS.sdgTargets, separator: EXPORT_LIST_SEPARATOR, optional: true },
      institutions: { column: EXPORT_COLUMNS.institutions, separator: EXPORT_LIST_SEPARATOR, optional: true },
      status: { column: EXPORT_COLUMNS.status, optional: true },
      kind: { column: EXPORT_COLUMNS.kind, optional: true },
    },
    defaults: {},
    duplicates: 'keep',
  },
  /**
   * A committee's list of issues (prior to reporting), one row per question: its paragraph and its
   * text in any of the three languages (at least one column). The body and the list's symbol are
   * the same for the whole file: the upload gives them as defaults, e.g.
   * `{"preset":"list-of-issues","defaults":{"body":"CAT","documentSymbol":"CAT/C/MAR/QPR/5"}}`
   * (without them the mapping is refused, naming the field). Every row becomes a question, found
   * again on re-import by (symbol, paragraph).
   */
  'list-of-issues': {
    preset: 'list-of-issues',
    fields: {
      paragraph: { column: 'paragraph' },
      'text.ar': { column: 'text_ar', optional: true },
      'text.fr': { column: 'text_fr', optional: true },
      'text.en': { column: 'text_en', optional: true },
      body: {},
      documentSymbol: {},
    },
    defaults: { kind: 'question', mechanism: 'TREATY_BODY' },
    duplicates: 'reject',
  },
};

/**
 * Columns of a preset's files whose values the dry run offers as suggestions for a parameter the
 * upload gives (besides the field's own column): the DIDH sheet's year of the review or visit
 * (`year_field`) suggests the UPR cycle of that year.
 */
export const PRESET_SUGGESTIONS: Partial<Record<PresetName, Partial<Record<ParameterTarget, string[]>>>> = {
  didh: { cycle: ['year_field'] },
};

/** What each preset reads, as `GET /imports/presets` describes it. */
export const PRESET_INFO: Record<PresetName, { description: string; formats: string[] }> = {
  custom: { description: 'No preset: map every column yourself.', formats: ['csv', 'xlsx', 'json'] },
  uhri: { description: 'OHCHR Universal Human Rights Index export (JSON: Symbol, Text, Body, Countries, Themes, AffectedPersons, Sdgs).', formats: ['json'] },
  'upr-info': { description: 'UPR Info database CSV (To, Text, From, Response, Issue, Session): one row per recommending state; identical texts of a review merge.', formats: ['csv', 'xlsx'] },
  didh: {
    description:
      "The coordinating body's bilingual (French/Arabic) sheet, UPR, treaty bodies and special procedures alike: DIDH codes (R144.110 P2), mechanism, committee or mandate (matched by name), UPR cycle, recommending state, axes, status, responsible institutions. Give what the sheet does not say per upload (defaults: documentSymbol, cycle); the dry run suggests the file's values.",
    formats: ['csv', 'xlsx'],
  },
  'un-report-csv': { description: 'Recommendations parsed from a UPR working-group report (document_symbol, recommendation_id, text, recommending_states, response_in_report).', formats: ['csv', 'xlsx'] },
  'sidh-export': { description: "This system's own export (GET /recommendations/export): export, edit, import back.", formats: ['csv', 'xlsx'] },
  'list-of-issues': {
    description:
      "A committee's list of issues (prior to reporting): paragraph, text_ar / text_fr / text_en (at least one). Give the body and the list's document symbol as defaults (body, documentSymbol): every row becomes a question of that list.",
    formats: ['csv', 'xlsx'],
  },
};
