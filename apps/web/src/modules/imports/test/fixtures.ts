import type { ImportJobDetail, ImportPreset } from '../../../app/api-types';

/** Presets as `GET /imports/presets` returns them (a subset of the real ones). */
export const PRESETS: ImportPreset[] = [
  { name: 'custom', description: 'No preset', formats: ['csv', 'xlsx', 'json'], mapping: { preset: 'custom', fields: {}, defaults: {} } },
  {
    name: 'un-report-csv',
    description: 'UPR reports',
    formats: ['csv'],
    mapping: {
      preset: 'un-report-csv',
      fields: {
        documentSymbol: { column: 'document_symbol' },
        paragraph: { column: 'recommendation_id' },
        'text.en': { column: 'text' },
        cycle: { column: 'cycle', optional: true },
        session: { column: 'session', optional: true },
        stateUnderReview: { column: 'state_under_review', optional: true },
        recommendingStates: { column: 'recommending_states', separator: ';', optional: true },
        response: { column: 'response_in_report', optional: true, values: { Supported: 'supported', 'Not supported (noted)': 'noted' } },
      },
      defaults: { mechanism: 'UPR', body: 'UPR' },
      duplicates: 'reject',
    },
  },
  {
    name: 'didh',
    description: 'DIDH sheet',
    formats: ['csv', 'xlsx'],
    mapping: {
      preset: 'didh',
      fields: {
        externalCode: { column: 'code' },
        paragraph: { column: 'code' },
        'text.fr': { column: 'text_fr' },
        'text.ar': { column: 'text_ar', optional: true },
        institutions: { column: 'responsible_entities_fr', separator: ' | ', optional: true },
      },
      defaults: { mechanism: 'UPR', body: 'UPR', documentSymbol: 'A/HRC/36/6' },
      duplicates: 'keep',
    },
  },
];

/** The columns of morocco_upr_cycle2_A-HRC-21-3_recommendations.csv. */
export const UN_REPORT_COLUMNS = [
  'document_symbol',
  'cycle',
  'session',
  'review_year',
  'state_under_review',
  'recommendation_id',
  'paragraph',
  'text',
  'recommending_states',
  'response_in_report',
];

export function dryRunJob(overrides: Partial<ImportJobDetail> = {}): ImportJobDetail {
  return {
    id: '5f0c1a52-7d0e-4c8e-9a37-3c1f4f3f6b11',
    createdBy: { id: 'u1', name: 'Nadia Bennani' },
    createdAt: '2026-11-23T10:00:00Z',
    finishedAt: '2026-11-23T10:00:01Z',
    fileName: 'cycle2.csv',
    sha256: 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778',
    sizeBytes: 10240,
    format: 'csv',
    encoding: 'UTF-8',
    delimiter: ',',
    mapping: { preset: 'un-report-csv' },
    dryRun: true,
    status: 'succeeded',
    totalRows: 21,
    processedRows: 21,
    counts: { new: 20, updated: 0, unchanged: 0, rejected: 1, merged: 0 },
    error: null,
    report: {
      rejections: [{ row: 22, column: 'response_in_report', code: 'value.unknown', message: 'Unknown response "Pending"', value: 'Pending' }],
      rejectionsTruncated: false,
      unknownLabels: [],
      createdLabels: [],
      createdReviews: [],
      changes: [],
    },
    ...overrides,
  };
}
