import { parseReportMarkdown, reportDocumentLabels } from '@sidh/domain';
import { reportSubtitleLines, toReportDocumentModel, type ReportDocumentSource } from './report-model.js';

const report: ReportDocumentSource['report'] = {
  type: 'list_of_issues_replies',
  language: 'fr',
  title: 'Réponses du Maroc',
  dueDate: '2026-03-01',
  bodyNameAr: 'لجنة مناهضة التعذيب',
  bodyNameFr: 'Comité contre la torture',
  bodyNameEn: 'Committee against Torture',
  reviewTitleAr: null,
  reviewTitleFr: null,
  reviewTitleEn: null,
  reviewDocumentSymbol: null,
};

describe('the Word export’s model of a report', () => {
  it('title page: type, body, review or lists of issues, due date as UN documents write it', () => {
    expect(reportSubtitleLines({ report, questionSymbols: ['CAT/C/MAR/QPR/5'] })).toEqual([
      'Réponses à la liste de points',
      'Comité contre la torture',
      'CAT/C/MAR/QPR/5',
      '1er mars 2026',
    ]);
    expect(
      reportSubtitleLines({
        report: { ...report, language: 'en', type: 'upr_mid_term', dueDate: null, reviewTitleEn: 'UPR of Morocco – 4th cycle', reviewDocumentSymbol: 'A/HRC/52/7' },
        questionSymbols: [],
      }),
    ).toEqual(['Mid-term report (universal periodic review)', 'Committee against Torture', 'UPR of Morocco – 4th cycle', 'A/HRC/52/7']);
  });

  it('sections parsed once from their stored text; the text is never read as markup', () => {
    const body = '# Titre\n\nTexte <script>x</script> **gras**.\n\n- point';
    const model = toReportDocumentModel({ report, sections: [{ key: 'item:q1', heading: 'Réponse au paragraphe 1', body, citations: ['CAT/C/MAR/QPR/5, par. 1'] }], annex: null, questionSymbols: [] });
    expect(model.sections).toEqual([{ heading: 'Réponse au paragraphe 1', blocks: parseReportMarkdown(body), citations: ['CAT/C/MAR/QPR/5, par. 1'], level: 1 }]);
    expect(model.sections[0]!.blocks[1]).toEqual({ kind: 'paragraph', runs: [{ text: 'Texte <script>x</script> ' }, { text: 'gras', bold: true }, { text: '.' }] });
    expect(model).toMatchObject({ language: 'fr', type: 'list_of_issues_replies', title: 'Réponses du Maroc', annex: null, labels: reportDocumentLabels('fr') });
  });

  it('heads the groups of the UPR national report\'s section III as its sub-sections, every other section at level 1', () => {
    const section = (key: string) => ({ key, heading: key, body: '', citations: [] });
    const model = toReportDocumentModel({ report, sections: [section('upr:methodology'), section('upr:implementation'), section('upr:implementation:D25'), section('upr:implementation:~other'), section('upr:achievements'), section('item:x')], annex: null, questionSymbols: [] });
    expect(model.sections.map((s) => s.level)).toEqual([1, 1, 2, 2, 1, 1]);
  });
});
