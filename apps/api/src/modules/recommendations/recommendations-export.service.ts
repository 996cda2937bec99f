import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { EXCHANGE_COLUMNS as EXPORT_COLUMNS, EXCHANGE_LIST_SEPARATOR as EXPORT_LIST_SEPARATOR } from '@sidh/domain';
import type { AuthUser } from '../../common/auth-user.js';
import type { RecommendationFilter } from './dto/recommendation-query.dto.js';
import { neutralizeCell } from './export-cells.js';
import { RecommendationsRepository } from './recommendations.repository.js';
import { scopeOf } from './recommendations.service.js';

export type ExportLang = 'ar' | 'fr' | 'en';
const BATCH = 500;

interface Column {
  header: string;
  width: number;
  value: (row: Record<string, unknown>) => string;
}

const list = (v: unknown) => ((v as string[] | null) ?? []).join(EXPORT_LIST_SEPARATOR);

/** The matrix: one row per recommendation, columns the `sidh-export` import preset reads back. */
function columns(langs: ExportLang[]): Column[] {
  const text = (lang: ExportLang): Column => ({ header: EXPORT_COLUMNS[`text${lang[0]!.toUpperCase()}${lang[1]}` as 'textAr'], width: 80, value: (r) => (r[`text_${lang}`] as string | null) ?? '' });
  return [
    { header: EXPORT_COLUMNS.documentSymbol, width: 16, value: (r) => (r['document_symbol'] as string) ?? '' },
    { header: EXPORT_COLUMNS.paragraph, width: 10, value: (r) => (r['paragraph'] as string) ?? '' },
    { header: EXPORT_COLUMNS.externalCode, width: 14, value: (r) => (r['external_code'] as string) ?? '' },
    ...langs.map(text),
    { header: EXPORT_COLUMNS.mechanism, width: 14, value: (r) => r['mechanism'] as string },
    { header: EXPORT_COLUMNS.body, width: 10, value: (r) => r['body_code'] as string },
    { header: EXPORT_COLUMNS.review, width: 40, value: (r) => (r['review_title'] as string) ?? (r['review_code'] as string) ?? '' },
    { header: EXPORT_COLUMNS.response, width: 14, value: (r) => (r['response'] as string) ?? '' },
    { header: EXPORT_COLUMNS.recommendingStates, width: 30, value: (r) => list(r['states']) },
    { header: EXPORT_COLUMNS.themes, width: 30, value: (r) => list(r['themes']) },
    { header: EXPORT_COLUMNS.sdgTargets, width: 14, value: (r) => list(r['sdg_targets']) },
    { header: EXPORT_COLUMNS.institutions, width: 30, value: (r) => list(r['institutions']) },
    { header: EXPORT_COLUMNS.status, width: 16, value: (r) => r['status'] as string },
  ];
}

@Injectable()
export class RecommendationsExportService {
  constructor(private readonly recommendations: RecommendationsRepository) {}

  /** Rows in batches (keyset on id), never the whole set in memory. */
  private async *rows(filter: RecommendationFilter, user: AuthUser, lang: ExportLang): AsyncGenerator<Record<string, unknown>> {
    let after: string | null = null;
    for (;;) {
      const batch = await this.recommendations.exportBatch(filter, scopeOf(user), after, BATCH, lang);
      for (const row of batch) yield row;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]!['id'] as string;
    }
  }

  /** CSV: UTF-8 with BOM, RFC 4180 quoting, CRLF, every cell neutralised against formula injection. */
  async csv(out: Writable, filter: RecommendationFilter, user: AuthUser, langs: ExportLang[]): Promise<void> {
    const cols = columns(langs);
    const csv = stringify({ bom: true, record_delimiter: '\r\n' });
    csv.pipe(out);
    const write = (record: string[]) => (csv.write(record) ? Promise.resolve() : new Promise<void>((resolve) => csv.once('drain', () => resolve())));
    await write(cols.map((c) => c.header));
    for await (const row of this.rows(filter, user, langs[0]!)) await write(cols.map((c) => neutralizeCell(c.value(row))));
    await new Promise<void>((resolve, reject) => {
      out.once('finish', resolve);
      out.once('error', reject);
      csv.end();
    });
  }

  /** XLSX: streamed writer, sized columns, frozen header, right-to-left when exported in Arabic only. */
  async xlsx(out: Writable, filter: RecommendationFilter, user: AuthUser, langs: ExportLang[]): Promise<void> {
    const cols = columns(langs);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Recommendations', {
      views: [{ state: 'frozen', ySplit: 1, rightToLeft: langs.length === 1 && langs[0] === 'ar' }],
    });
    sheet.columns = cols.map((c) => ({ header: c.header, key: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of this.rows(filter, user, langs[0]!)) {
      const values = cols.map((c) => neutralizeCell(c.value(row)));
      const r = sheet.addRow(values);
      // Text cells only: no value is ever written as a formula.
      r.eachCell((cell) => {
        cell.value = String(cell.value ?? '');
      });
      r.commit();
    }
    sheet.commit();
    await workbook.commit();
  }
}
