/**
 * The recommendation exchange format: the columns of the export (`GET /recommendations/export`,
 * CSV or XLSX), read back by the `sidh-export` import preset. It belongs to neither feature:
 * both use this one definition, so an export always imports back.
 */
export const EXCHANGE_COLUMNS = {
  documentSymbol: 'symbol',
  paragraph: 'paragraph',
  externalCode: 'external_code',
  textAr: 'text_ar',
  textFr: 'text_fr',
  textEn: 'text_en',
  mechanism: 'mechanism',
  body: 'body',
  review: 'review',
  response: 'response',
  recommendingStates: 'recommending_states',
  themes: 'themes',
  sdgTargets: 'sdg_targets',
  institutions: 'institutions',
  status: 'status',
} as const;
export type ExchangeField = keyof typeof EXCHANGE_COLUMNS;

/** Separator of list cells (states, themes, SDG targets, institutions). */
export const EXCHANGE_LIST_SEPARATOR = ' | ';
