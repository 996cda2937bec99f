import { IMPLEMENTATION_STATUSES, LOCALES, RECOMMENDATION_RESPONSES } from './enums.js';
import { REPORT_TYPES } from './report-document.js';
import {
  REPORT_LABELS,
  fillLabel,
  formatReportCitation,
  formatReportDate,
  implementationStatusLabel,
  isToTranslateMarker,
  recommendationResponseLabel,
  reportDocumentLabels,
  reportTypeName,
  toTranslateMarker,
} from './report-i18n.js';
import { UPR_NATIONAL_SECTIONS } from './report-plan.js';

/** Every string of a labels object, with its path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

describe('formatReportCitation', () => {
  it('cites a paragraph as UN documents do in each language', () => {
    expect(formatReportCitation('CAT/C/MAR/CO/4', '12', 'en')).toBe('CAT/C/MAR/CO/4, para. 12');
    expect(formatReportCitation('CAT/C/MAR/CO/4', '12', 'fr')).toBe('CAT/C/MAR/CO/4, par. 12');
    expect(formatReportCitation('CAT/C/MAR/CO/4', '12', 'ar')).toBe('CAT/C/MAR/CO/4، الفقرة 12');
    expect(formatReportCitation(' A/HRC/36/6 ', ' 144.44 ', 'en')).toBe('A/HRC/36/6, para. 144.44');
  });
});

describe('REPORT_LABELS', () => {
  it('has the same keys, all filled, in every language', () => {
    const paths = (l: (typeof LOCALES)[number]) => strings(REPORT_LABELS[l]).map(([path]) => path);
    for (const l of LOCALES) {
      expect(paths(l)).toEqual(paths('en'));
      for (const [path, value] of strings(REPORT_LABELS[l])) expect([path, value.trim().length > 0]).toEqual([path, true]);
    }
  });

  it('labels every status, response, report type and UPR section', () => {
    for (const l of LOCALES) {
      const labels = REPORT_LABELS[l];
      expect(Object.keys(labels.statuses).sort()).toEqual([...IMPLEMENTATION_STATUSES, 'none'].sort());
      expect(Object.keys(labels.responses).sort()).toEqual([...RECOMMENDATION_RESPONSES].sort());
      expect(Object.keys(labels.reportTypes).sort()).toEqual([...REPORT_TYPES].sort());
      expect(Object.keys(labels.uprNationalSections)).toEqual([...UPR_NATIONAL_SECTIONS]);
      expect(labels.months).toHaveLength(12);
    }
  });

  it('writes Arabic labels in Arabic script only, besides placeholders, numbering and punctuation', () => {
    for (const [path, value] of strings(REPORT_LABELS.ar)) {
      const withoutPlaceholders = value.replace(/\{\w+\}/g, '');
      expect([path, /[A-Za-z]/.test(withoutPlaceholders)]).toEqual([path, false]);
    }
  });

  it('uses the UN Arabic terms', () => {
    const ar = REPORT_LABELS.ar;
    expect(ar.reportTypes.upr_national).toContain('الاستعراض الدوري الشامل');
    expect(ar.reportTypes.upr_mid_term).toContain('تقرير منتصف المدة');
    expect(ar.reportTypes.upr_mid_term).toContain('الاستعراض الدوري الشامل');
    expect(ar.measuresTaken).toBe('التدابير المتخذة');
    expect(ar.followUpHeading).toContain('الملاحظات الختامية');
    expect(ar.questionHeading).toContain('قائمة المسائل');
    expect(ar.responses.noted).toBe('أُحيط بها علماً');
  });

  it('numbers the five UPR national report sections as national reports do', () => {
    expect(Object.values(REPORT_LABELS.en.uprNationalSections).map((h) => h.split(' ')[0])).toEqual(['I.', 'II.', 'III.', 'IV.', 'V.']);
    expect(Object.values(REPORT_LABELS.ar.uprNationalSections).map((h) => h.split('-')[0])).toEqual(['أولاً', 'ثانياً', 'ثالثاً', 'رابعاً', 'خامساً']);
  });
});

describe('labels helpers', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fillLabel('Reply to paragraph {paragraph} of {list}', { paragraph: '10(a)' })).toBe('Reply to paragraph 10(a) of {list}');
    expect(fillLabel(REPORT_LABELS.ar.untitledItem, { number: 3 })).toBe('البند 3');
  });

  it('marks text to translate in the report language, naming the language of the text', () => {
    expect(toTranslateMarker('fr', 'ar')).toBe('[À traduire — texte en arabe]');
    expect(toTranslateMarker('en', 'fr')).toBe('[To translate — text in French]');
    expect(toTranslateMarker('ar', 'en')).toBe('[للترجمة — النص باللغة الإنكليزية]');
    for (const report of LOCALES) for (const text of LOCALES) expect(isToTranslateMarker(toTranslateMarker(report, text))).toBe(true);
    expect(isToTranslateMarker('To translate later')).toBe(false);
  });

  it('writes dates as UN documents do', () => {
    expect(formatReportDate('2024-03-31', 'en')).toBe('31 March 2024');
    expect(formatReportDate('2024-03-01', 'fr')).toBe('1er mars 2024');
    expect(formatReportDate('2024-08-15', 'fr')).toBe('15 août 2024');
    expect(formatReportDate('2024-06-05', 'ar')).toBe('5 حزيران/يونيه 2024');
    expect(formatReportDate('2024-03', 'ar')).toBe('آذار/مارس 2024');
    expect(formatReportDate('2024-12-02T10:00:00Z', 'en')).toBe('2 December 2024');
    for (const odd of ['2024', '31/03/2024', '2024-13-01', '2024-03-00', 'soon']) expect(formatReportDate(odd, 'en')).toBe(odd);
  });

  it('labels statuses, responses and report types', () => {
    expect(implementationStatusLabel('in_progress', 'ar')).toBe('قيد التنفيذ');
    expect(implementationStatusLabel(null, 'fr')).toBe('Sans statut');
    expect(recommendationResponseLabel('supported_in_part', 'en')).toBe('Supported in part');
    expect(reportTypeName('list_of_issues_replies', 'fr')).toBe('Réponses à la liste de points');
    expect(reportDocumentLabels('ar')).toEqual({ page: 'الصفحة', toTranslate: 'للترجمة' });
  });
});
