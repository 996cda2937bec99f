/**
 * The export of the recommendation list: exactly the list's filters (its URL), as XLSX or CSV, with
 * the texts in the chosen languages. `GET /recommendations/export` takes the list's own parameters.
 */
import { LOCALES, type Locale } from '@sidh/domain';
import { readSearchState, toFacetsQuery } from '../../recommendations/utils/search-state';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const isExportFormat = (x: unknown): x is ExportFormat => typeof x === 'string' && (EXPORT_FORMATS as readonly string[]).includes(x);

export interface ExportOptions {
  format: ExportFormat;
  languages: Locale[];
  /** The language of the column headers and of the values (statuses, bodies, institutions…); absent: the exchange codes. */
  labels?: Locale;
  /** With `labels`: also the codes, in extra columns. */
  codes?: boolean;
}

/** The export query: the list's search and filters and sort (no paging), the format, the text languages, the labels' language. */
export function exportQuery(listParams: URLSearchParams, options: ExportOptions): URLSearchParams {
  const state = readSearchState(listParams);
  const p = toFacetsQuery(state);
  p.set('format', options.format);
  // Always in the catalogue's order (ar, fr, en), whatever the order they were ticked in.
  p.set('lang', LOCALES.filter((l) => options.languages.includes(l)).join(','));
  if (options.labels) {
    p.set('labels', options.labels);
    if (options.codes) p.set('codes', 'true');
  }
  return p;
}

export function exportFallbackName(format: ExportFormat, now: Date = new Date()): string {
  return `sidh-recommendations-${now.toISOString().slice(0, 10)}.${format}`;
}
