import ExcelJS from 'exceljs';
import type { ReportDocumentModel } from '@sidh/domain';
import { renderAnnexXlsx } from './report-annex-xlsx.js';

function model(language: ReportDocumentModel['language'], annex: ReportDocumentModel['annex']): ReportDocumentModel {
  return { language, type: 'upr_national', title: 'Rapport', subtitleLines: [], sections: [], annex, labels: { page: 'Page', toTranslate: 'À traduire' } };
}

const uprAnnex: NonNullable<ReportDocumentModel['annex']> = {
  heading: 'Annexe : matrice [UPR] / 4e cycle, recommandations et état',
  columns: { citation: 'Cote', text: 'Recommandation', response: 'Position', status: 'État', measures: 'Mesures prises', institutions: 'Institutions' },
  rows: [
    { citation: 'A/HRC/52/7, para. 144.44', text: 'Ratifier le protocole facultatif.', response: 'Acceptée', status: 'En cours', measures: 'Projet de loi adopté.\nDécret publié.', institutions: 'Justice' },
    { citation: 'A/HRC/52/7, para. 144.45', text: '=HYPERLINK("http://evil","clic")', response: 'Notée', status: '@SUM(1)', measures: 'Fait.\n+1 formation', institutions: '-Intérieur' },
    { citation: 'A/HRC/52/7, para. 144.46', text: 'Texte <b>brut</b>\u0001', response: null, status: 'Non commencée', measures: '', institutions: 'DGSN' },
  ],
};

const treatyAnnex: NonNullable<ReportDocumentModel['annex']> = {
  heading: 'المرفق',
  columns: { citation: 'المرجع', text: 'التوصية', response: null, status: 'الحالة', measures: 'التدابير المتخذة', institutions: 'المؤسسات' },
  rows: [
    { citation: 'CAT/C/MAR/CO/5، الفقرة 12', text: 'ضمان الضمانات القانونية الأساسية', response: null, status: 'قيد التنفيذ', measures: 'القانون رقم 10.23', institutions: 'وزارة العدل' },
    { citation: 'CAT/C/MAR/CO/5، الفقرة 14', text: 'التحقيق في جميع الادعاءات', response: null, status: 'منفذة', measures: 'دورية 2024', institutions: 'رئاسة النيابة العامة' },
  ],
};

async function read(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  return workbook.worksheets[0]!;
}

const values = (sheet: ExcelJS.Worksheet, row: number, columns: number) => Array.from({ length: columns }, (_, i) => sheet.getRow(row).getCell(i + 1).value);

describe('renderAnnexXlsx', () => {
  it('writes a frozen bold header row, then one row per item, left to right in French', async () => {
    const sheet = await read(await renderAnnexXlsx(model('fr', uprAnnex)));
    expect(sheet.rowCount).toBe(1 + uprAnnex.rows.length);
    expect(values(sheet, 1, 7)).toEqual(['Cote', 'Recommandation', 'Position', 'État', 'Mesures prises', 'Institutions', null]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(values(sheet, 2, 6)).toEqual(['A/HRC/52/7, para. 144.44', 'Ratifier le protocole facultatif.', 'Acceptée', 'En cours', 'Projet de loi adopté.\nDécret publié.', 'Justice']);
    // An empty text (no response, no measures) is an empty cell.
    expect(values(sheet, 4, 6)).toEqual(['A/HRC/52/7, para. 144.46', 'Texte <b>brut</b>', null, 'Non commencée', null, 'DGSN']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.views[0]?.rightToLeft).toBeFalsy();
    // Excel's rules for a sheet name: at most 31 characters, none of [ ] : * ? / \.
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
  });

  it('neutralises every cell against formula injection: text cells only, each line starting with a trigger escaped', async () => {
    const sheet = await read(await renderAnnexXlsx(model('fr', uprAnnex)));
    expect(values(sheet, 3, 6)).toEqual(['A/HRC/52/7, para. 144.45', `'=HYPERLINK("http://evil","clic")`, 'Notée', "'@SUM(1)", "Fait.\n'+1 formation", "'-Intérieur"]);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).toBe(ExcelJS.ValueType.String)));
  });

  it('lays the sheet out right to left in Arabic, with no response column for treaty-body items', async () => {
    const sheet = await read(await renderAnnexXlsx(model('ar', treatyAnnex)));
    expect(sheet.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(1 + treatyAnnex.rows.length);
    expect(values(sheet, 1, 6)).toEqual(['المرجع', 'التوصية', 'الحالة', 'التدابير المتخذة', 'المؤسسات', null]);
    expect(values(sheet, 3, 5)).toEqual(['CAT/C/MAR/CO/5، الفقرة 14', 'التحقيق في جميع الادعاءات', 'منفذة', 'دورية 2024', 'رئاسة النيابة العامة']);
    expect(sheet.name).toBe('المرفق');
  });

  it('refuses a report without an annex', async () => {
    await expect(renderAnnexXlsx(model('fr', null))).rejects.toThrow('The report has no annex');
  });
});
