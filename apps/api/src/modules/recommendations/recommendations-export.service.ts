import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { EXCHANGE_COLUMNS as EXPORT_COLUMNS, EXCHANGE_LIST_SEPARATOR as EXPORT_LIST_SEPARATOR } from '@sidh/domain';
import { AccessService, type Scope } from '../../access/index.js';
import type { AuthUser } from '../../common/auth-user.js';
import type { RecommendationExportQueryDto, RecommendationFilter } from './dto/recommendation-query.dto.js';
import { neutralizeCell } from './export-cells.js';
import { RecommendationsRepository, type ExportLang, type RecommendationExportRow } from './recommendations.repository.js';

export type { ExportLang };
const BATCH = 500;

/** Where the file goes: an HTTP response (its headers, then the body), or any stream with headers. */
export interface ExportDestination extends Writable {
  setHeader(name: string, value: string): unknown;
}

interface Column {
  header: string;
  width: number;
  value: (row: RecommendationExportRow) => string;
}

const list = (v: readonly string[] | null) => (v ?? []).join(EXPORT_LIST_SEPARATOR);
const TEXT = { ar: 'textAr', fr: 'textFr', en: 'textEn' } as const;

/** The matrix: one row per recommendation, columns the `sidh-export` import preset reads back. */
function columns(langs: ExportLang[]): Column[] {
  const text = (lang: ExportLang): Column => ({ header: EXPORT_COLUMNS[TEXT[lang]], width: 80, value: (r) => r[TEXT[lang]] ?? '' });
  return [
    { header: EXPORT_COLUMNS.documentSymbol, width: 16, value: (r) => r.documentSymbol ?? '' },
    { header: EXPORT_COLUMNS.paragraph, width: 10, value: (r) => r.paragraph ?? '' },
    { header: EXPORT_COLUMNS.externalCode, width: 14, value: (r) => r.externalCode ?? '' },
    ...langs.map(text),
    { header: EXPORT_COLUMNS.mechanism, width: 14, value: (r) => r.mechanism },
    { header: EXPORT_COLUMNS.body, width: 10, value: (r) => r.bodyCode },
    { header: EXPORT_COLUMNS.review, width: 40, value: (r) => r.reviewTitle ?? r.reviewCode ?? '' },
    { header: EXPORT_COLUMNS.response, width: 14, value: (r) => r.response ?? '' },
    { header: EXPORT_COLUMNS.recommendingStates, width: 30, value: (r) => list(r.states) },
    { header: EXPORT_COLUMNS.themes, width: 30, value: (r) => list(r.themes) },
    { header: EXPORT_COLUMNS.sdgTargets, width: 14, value: (r) => list(r.sdgTargets) },
    { header: EXPORT_COLUMNS.institutions, width: 30, value: (r) => list(r.institutions) },
    { header: EXPORT_COLUMNS.status, width: 16, value: (r) => r.status },
  ];
}

@Injectable()
export class RecommendationsExportService {
  constructor(
    private readonly recommendations: RecommendationsRepository,
    private readonly access: AccessService,
  ) {}

  /**
   * The filtered list (the list's filters, in the caller's scope) as a CSV or XLSX attachment:
   * sets the response headers, then streams the file.
   */
  async export(query: RecommendationExportQueryDto, user: AuthUser, out: ExportDestination): Promise<void> {
    const { format = 'xlsx', lang = 'ar,fr,en', ...filter } = query;
    const langs = [...new Set(lang.split(','))] as ExportLang[];
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    out.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    out.setHeader('Content-Disposition', `attachment; filename="sidh-recommendations-${date}.${format}"`);
    out.setHeader('X-Content-Type-Options', 'nosniff');
    const scope = this.access.scopeFor(user);
    if (format === 'csv') await this.csv(out, filter, scope, langs);
    else await this.xlsx(out, filter, scope, langs);
  }

  /** Rows in batches (keyset on id), never the whole set in memory. */
  private async *rows(filter: RecommendationFilter, scope: Scope, lang: ExportLang): AsyncGenerator<RecommendationExportRow> {
    let after: string | null = null;
    for (;;) {
      const batch = await this.recommendations.exportBatch(filter, scope, after, BATCH, lang);
      for (const row of batch) yield row;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]!.id;
    }
  }

  /** CSV: UTF-8 with BOM, RFC 4180 quoting, CRLF, every cell neutralised against formula injection. */
  private async csv(out: Writable, filter: RecommendationFilter, scope: Scope, langs: ExportLang[]): Promise<void> {
    const cols = columns(langs);
    const csv = stringify({ bom: true, record_delimiter: '\r\n' });
    csv.pipe(out);
    const write = (record: string[]) => (csv.write(record) ? Promise.resolve() : new Promise<void>((resolve) => csv.once('drain', () => resolve())));
    await write(cols.map((c) => c.header));
    for await (const row of this.rows(filter, scope, langs[0]!)) await write(cols.map((c) => neutralizeCell(c.value(row))));
    await new Promise<void>((resolve, reject) => {
      out.once('finish', resolve);
      out.once('error', reject);
      csv.end();
    });
  }

  /** XLSX: streamed writer, sized columns, frozen header, right-to-left when exported in Arabic only. */
  private async xlsx(out: Writable, filter: RecommendationFilter, scope: Scope, langs: ExportLang[]): Promise<void> {
    const cols = columns(langs);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Recommendations', {
      views: [{ state: 'frozen', ySplit: 1, rightToLeft: langs.length === 1 && langs[0] === 'ar' }],
    });
    sheet.columns = cols.map((c) => ({ header: c.header, key: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of this.rows(filter, scope, langs[0]!)) {
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
