/**
 * The annex matrix of a report as a spreadsheet: the same columns and rows as the Word table, a
 * frozen bold header row, one row per item, right-to-left for an Arabic report. Every cell is text,
 * neutralised against formula injection like the recommendation export's.
 */
import { PassThrough } from 'node:stream';
import { neutralizeCell, type ReportDocumentModel } from '@sidh/domain';
import { annexColumns, xmlSafe } from './report-docx.js';

/** Excel's limit on a sheet name, and the characters it refuses in one. */
const SHEET_NAME_MAX = 31;
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

function sheetName(heading: string): string {
  const name = xmlSafe(heading).replace(SHEET_NAME_FORBIDDEN, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '');
  return [...name].slice(0, SHEET_NAME_MAX).join('').trim() || 'Annex';
}

/** Rejects when the report has no annex: the caller offers the XLSX only for a report that has one. */
export async function renderAnnexXlsx(model: ReportDocumentModel): Promise<Buffer> {
  const annex = model.annex;
  if (!annex) throw new Error('The report has no annex');
  const columns = annexColumns(annex);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });

  const { default: ExcelJS } = await import('exceljs'); // loaded when first used: about a second of start-up otherwise
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName(annex.heading), {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: model.language === 'ar' }],
  });
  sheet.columns = columns.map((c, i) => ({ header: neutralizeCell(xmlSafe(c.label)), key: String(i), width: Math.max(12, Math.round(c.share * 160)) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.commit();
  for (const item of annex.rows) {
    const row = sheet.addRow(columns.map((c) => neutralizeCell(xmlSafe(c.value(item)))));
    row.alignment = { vertical: 'top', wrapText: true };
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}
