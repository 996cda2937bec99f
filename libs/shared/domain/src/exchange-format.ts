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
  /** `recommendation` or `question`; last, so that files made before questions existed keep their layout. */
  kind: 'kind',
} as const;
export type ExchangeField = keyof typeof EXCHANGE_COLUMNS;

/** Separator of list cells (states, themes, SDG targets, institutions). */
export const EXCHANGE_LIST_SEPARATOR = ' | ';

/* Formula-injection neutralisation of exchanged cells: the export escapes, the sidh-export import restores. */
/** Characters that make a spreadsheet treat a cell (or a line of it) as a formula or DDE, RFC 4180 aside. */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/**
 * Where `neutralizeCell` puts a `'`: at a line start (the first character, or one right after a CR or
 * an LF) holding a trigger; a reader that splits rows on CR, LF or CRLF inside a cell starts a row
 * there, so every such line gets its own `'`, not only the cell's first one. (After the CR of a CRLF
 * comes an LF, never a trigger.) Also before a line that already starts with apostrophes followed by
 * a trigger (or an LF), so that `restoreCell` gives back exactly what was exported, `'=x` included.
 */
const ESCAPE_POINT = /(?:^|(?<=[\r\n]))(?=[=+\-@\t\r\0]|'+[=+\-@\t\r\n\0])/g;

/**
 * The `'` that `neutralizeCell` put at a line start. LF counts as a trigger here: an XLSX (XML) reader
 * gives a CR back as an LF.
 */
const ESCAPE = /(?:^|(?<=[\r\n]))'(?='*[=+\-@\t\r\n\0])/g;

/**
 * Formula-injection neutralisation: the cell, and every line inside it, starting with
 * = + - @ tab CR NUL gets a leading `'` (and one starting with `'` and such a character one more `'`).
 */
export function neutralizeCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value.replace(ESCAPE_POINT, "'");
}

/**
 * The text `neutralizeCell` was given: drops the `'` it put at the start of the cell and of each
 * line. The import's `sidh-export` preset reads cells back this way. From an XLSX file, where every
 * CR comes back as an LF, the text differs from the original only by its line ends.
 */
export function restoreCell(value: string): string {
  return value.replace(ESCAPE, '');
}

export function startsWithTrigger(value: string): boolean {
  return value.length > 0 && TRIGGERS.has(value[0]!);
}

/** The lines of a cell as any reader may split them: on CRLF, on CR and on LF alike. */
export function linesOf(value: string): string[] {
  return [...new Set([...value.split(/\r\n|\r|\n/), ...value.split('\n'), ...value.split('\r')])];
}

/** Whether the cell, or any line inside it (however split), starts with a trigger. */
export function hasTriggerAtLineStart(value: string): boolean {
  return linesOf(value).some(startsWithTrigger);
}
