import { compareSources, detectTextLanguage, formatIndicatorValue, sectionSources, toPlanContribution } from './report-inputs.js';
import type { ReportSectionSource } from './report.entity.js';
import type { ContributionSourceRow } from './reports.repository.js';

const row = (overrides: Partial<ContributionSourceRow> = {}): ContributionSourceRow => ({
  id: 'c1',
  assignmentId: 'a1',
  recommendationId: 'r1',
  version: 4,
  validatedAt: new Date('2025-03-31T10:00:00Z'),
  measures: 'La loi a été adoptée.',
  indicators: [],
  institutionNameAr: 'العدل',
  institutionNameFr: 'Justice',
  institutionNameEn: 'Ministry of Justice',
  ...overrides,
});
const source = (overrides: Partial<ReportSectionSource> = {}): ReportSectionSource => ({
  contributionId: 'c1',
  assignmentId: 'a1',
  itemId: 'r1',
  version: 4,
  validatedAt: '2025-03-31T10:00:00.000Z',
  ...overrides,
});

describe('detectTextLanguage', () => {
  it('answers Arabic when Arabic letters outnumber Latin ones, even with Latin symbols and digits inside', () => {
    expect(detectTextLanguage('اعتمد القانون رقم 10.16 المتعلق بـ CAT/C/MAR/CO/4 ونُشر في الجريدة الرسمية.')).toBe('ar');
  });

  it('tells English from French by their function words', () => {
    expect(detectTextLanguage('The law was adopted and published in the Official Gazette.')).toBe('en');
    expect(detectTextLanguage('La loi a été adoptée et publiée au Bulletin officiel.')).toBe('fr');
  });

  it('falls back to the working language when nothing tells (no letters, or no function word)', () => {
    expect(detectTextLanguage('')).toBe('fr');
    expect(detectTextLanguage('12 345 — 2024')).toBe('fr');
    expect(detectTextLanguage('Decree 2-19-1086', 'en')).toBe('en');
  });
});

describe('toPlanContribution', () => {
  it('keeps indicators that have a value, formatted for the report’s language, and detects the text’s language', () => {
    const c = toPlanContribution(
      row({
        measures: 'The programme trained 300 judges.',
        indicators: [
          { name: 'Judges trained', type: 'process', unit: '%', baseline: null, target: null, value: 1234.5, date: '2024-12-31' },
          { name: 'Not measured yet', type: 'outcome', unit: null, baseline: null, target: 10, value: null, date: null },
        ],
      }),
      'fr',
    );
    expect(c).toMatchObject({ itemId: 'r1', language: 'en', validatedAt: '2025-03-31T10:00:00.000Z', institution: { fr: 'Justice' } });
    expect(c.indicators).toEqual([{ name: 'Judges trained', value: formatIndicatorValue(1234.5, 'fr'), unit: '%', date: '2024-12-31' }]);
    expect(formatIndicatorValue(1234.5, 'fr')).toBe('1\u202F234,5');
    expect(formatIndicatorValue(1234.5, 'ar')).toBe('1,234.5');
  });
});

describe('sources of a section and what changed since', () => {
  it('a section draws on the contributions of its items; the UPR methodology section on all of them', () => {
    const sourcesOf = sectionSources([row(), row({ id: 'c2', assignmentId: 'a2', recommendationId: 'r2' }), row({ id: 'c3', assignmentId: 'a3', recommendationId: 'r2' })]);
    expect(sourcesOf('item:r2', ['r2']).map((s) => s.contributionId)).toEqual(['c2', 'c3']);
    expect(sourcesOf('upr:implementation', ['r2', 'r1'])).toEqual([
      { contributionId: 'c2', assignmentId: 'a2', itemId: 'r2', version: 4, validatedAt: '2025-03-31T10:00:00.000Z' },
      { contributionId: 'c3', assignmentId: 'a3', itemId: 'r2', version: 4, validatedAt: '2025-03-31T10:00:00.000Z' },
      { contributionId: 'c1', assignmentId: 'a1', itemId: 'r1', version: 4, validatedAt: '2025-03-31T10:00:00.000Z' },
    ]);
    expect(sourcesOf('upr:methodology', []).map((s) => s.contributionId)).toEqual(['c1', 'c2', 'c3']);
    expect(sourcesOf('item:r9', ['r9'])).toEqual([]);
  });

  it('per assignment: new, updated (another or changed contribution), removed; unchanged ones are not listed', () => {
    const before = [source(), source({ contributionId: 'c2', assignmentId: 'a2' }), source({ contributionId: 'c3', assignmentId: 'a3' })];
    const now = [source(), source({ contributionId: 'c4', assignmentId: 'a2' }), source({ contributionId: 'c5', assignmentId: 'a5' })];
    expect(compareSources(before, now)).toEqual([
      { contributionId: 'c4', assignmentId: 'a2', status: 'updated' },
      { contributionId: 'c5', assignmentId: 'a5', status: 'new' },
      { contributionId: 'c3', assignmentId: 'a3', status: 'removed' },
    ]);
    expect(compareSources(before, before)).toEqual([]);
    expect(compareSources([source()], [source({ validatedAt: '2025-04-01T00:00:00.000Z' })])).toEqual([{ contributionId: 'c1', assignmentId: 'a1', status: 'updated' }]);
  });
});
