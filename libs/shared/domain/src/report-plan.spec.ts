import { REPORT_TYPES } from './report-document.js';
import { parseReportMarkdown, reportBlocksToPlainText, serializeReportBlocks } from './report-markdown.js';
import {
  DEFAULT_WORD_LIMITS,
  REPORT_GROUPINGS,
  REPORT_STATUSES,
  REPORT_TYPE_RULES,
  ReportPlanError,
  UPR_NATIONAL_NO_GROUP,
  UPR_NATIONAL_SECTIONS,
  compareNatural,
  compareReportItems,
  isReportStatus,
  planReportSections,
  reportItemCitation,
  uprGroupSectionKey,
  type ReportPlanContribution,
  type ReportPlanItem,
} from './report-plan.js';
import { countReportWords } from './report-words.js';

const factory = {
  recommendation(over: Partial<ReportPlanItem> & { id: string }): ReportPlanItem {
    return {
      kind: 'recommendation',
      symbol: 'A/HRC/36/6',
      paragraph: '144.1',
      text: { en: 'Ratify the Optional Protocol', fr: 'Ratifier le Protocole facultatif', ar: 'التصديق على البروتوكول الاختياري' },
      response: null,
      status: null,
      followUp: false,
      themes: [],
      axes: [],
      ...over,
    };
  },
  question(over: Partial<ReportPlanItem> & { id: string }): ReportPlanItem {
    return factory.recommendation({ kind: 'question', symbol: 'CAT/C/MAR/QPR/5', ...over });
  },
  contribution(over: Partial<ReportPlanContribution> & { itemId: string }): ReportPlanContribution {
    return {
      institution: { ar: 'وزارة العدل', fr: 'Ministère de la Justice', en: 'Ministry of Justice' },
      language: 'fr',
      measures: 'La loi 43-20 a été adoptée.',
      indicators: [],
      validatedAt: '2024-04-01T10:00:00Z',
      ...over,
    };
  },
};

const theme = (code: string, en: string, fr = en, ar = en) => ({ code, label: { en, fr, ar } });

function plainBody(body: string): string[] {
  return parseReportMarkdown(body).map((b) => `${b.kind}: ${reportBlocksToPlainText([b])}`);
}

describe('report type rules', () => {
  it('has the default word limits of resolution 68/268', () => {
    expect(DEFAULT_WORD_LIMITS).toEqual({
      initial: 31_800,
      periodic: 21_200,
      list_of_issues_replies: 10_700,
      follow_up: 3_500,
      upr_national: 10_700,
      upr_mid_term: null,
    });
  });

  it('groups each type as the UN expects', () => {
    expect(REPORT_GROUPINGS).toEqual({
      initial: 'question',
      periodic: 'question',
      list_of_issues_replies: 'question',
      follow_up: 'item',
      upr_national: 'theme_or_axis',
      upr_mid_term: 'item',
    });
    expect(Object.keys(REPORT_TYPE_RULES).sort()).toEqual([...REPORT_TYPES].sort());
    expect(REPORT_TYPES.filter((t) => REPORT_TYPE_RULES[t].annex)).toEqual(['upr_national']);
    expect(REPORT_TYPES.filter((t) => REPORT_TYPE_RULES[t].followUpOnly)).toEqual(['follow_up']);
  });

  it('has the report statuses', () => {
    expect(REPORT_STATUSES).toEqual(['draft', 'finalised']);
    expect(isReportStatus('finalised')).toBe(true);
    expect(isReportStatus('final')).toBe(false);
  });
});

describe('ordering', () => {
  it('orders paragraphs and symbols naturally', () => {
    expect(['10(b)', '2', '144.110', '10', '1', '10(a)', '144.44', '٣'].sort(compareNatural)).toEqual(['1', '2', '٣', '10', '10(a)', '10(b)', '144.44', '144.110']);
    expect(['A/HRC/36/6', 'A/HRC/22/16', 'A/HRC/8/22'].sort(compareNatural)).toEqual(['A/HRC/8/22', 'A/HRC/22/16', 'A/HRC/36/6']);
    expect(compareNatural('007', '7')).toBe(0);
  });

  it('puts questions first (by position, then paragraph), then recommendations by symbol and paragraph', () => {
    const items = [
      factory.recommendation({ id: 'r-36-110', symbol: 'A/HRC/36/6', paragraph: '144.110' }),
      factory.question({ id: 'q-10', paragraph: '10' }),
      factory.recommendation({ id: 'r-nosymbol', symbol: null, paragraph: '1' }),
      factory.recommendation({ id: 'r-22', symbol: 'A/HRC/22/16', paragraph: '120.5' }),
      factory.question({ id: 'q-2', paragraph: '2' }),
      factory.question({ id: 'q-pos', paragraph: '30', position: 0 }),
      factory.recommendation({ id: 'r-36-44', symbol: 'A/HRC/36/6', paragraph: '144.44' }),
    ];
    expect([...items].sort(compareReportItems).map((i) => i.id)).toEqual(['q-pos', 'q-2', 'q-10', 'r-22', 'r-36-44', 'r-36-110', 'r-nosymbol']);
  });

  it('cites an item with what it has', () => {
    expect(reportItemCitation({ symbol: 'CAT/C/MAR/CO/4', paragraph: '12(b)' }, 'ar')).toBe('CAT/C/MAR/CO/4، الفقرة 12(b)');
    expect(reportItemCitation({ symbol: null, paragraph: '12' }, 'en')).toBe('para. 12');
    expect(reportItemCitation({ symbol: null, paragraph: '12' }, 'ar')).toBe('الفقرة 12');
    expect(reportItemCitation({ symbol: 'A/HRC/36/6', paragraph: ' ' }, 'fr')).toBe('A/HRC/36/6');
    expect(reportItemCitation({ symbol: null, paragraph: null }, 'fr')).toBeNull();
  });
});

describe('planReportSections: question by question', () => {
  const questions = [
    factory.question({ id: 'q10a', paragraph: '10(a)' }),
    factory.question({ id: 'q2', paragraph: '2' }),
    factory.question({ id: 'q10', paragraph: '10' }),
  ];

  it.each(['list_of_issues_replies', 'periodic', 'initial'] as const)('%s: one section per question in the list order', (type) => {
    const plan = planReportSections(type, questions, [], { language: 'en' });
    expect(plan.sections.map((s) => s.key)).toEqual(['item:q2', 'item:q10', 'item:q10a']);
    expect(plan.sections.map((s) => s.heading)).toEqual([
      'Reply to paragraph 2 of the list of issues',
      'Reply to paragraph 10 of the list of issues',
      'Reply to paragraph 10(a) of the list of issues',
    ]);
    expect(plan.sections[0]!.citations).toEqual(['CAT/C/MAR/QPR/5, para. 2']);
    expect(plan.sections[0]!.itemIds).toEqual(['q2']);
    expect(plan.annex).toBeNull();
  });

  it('heads sections in the report language', () => {
    expect(planReportSections('list_of_issues_replies', questions, [], { language: 'fr' }).sections[0]!.heading).toBe(
      'Réponse au paragraphe 2 de la liste de points',
    );
    const ar = planReportSections('list_of_issues_replies', questions, [], { language: 'ar' }).sections[0]!;
    expect(ar.heading).toBe('الرد على الفقرة 2 من قائمة المسائل');
    expect(ar.citations).toEqual(['CAT/C/MAR/QPR/5، الفقرة 2']);
  });

  it('numbers a question without a paragraph by its rank', () => {
    const plan = planReportSections('list_of_issues_replies', [factory.question({ id: 'q', paragraph: null, symbol: null }), questions[1]!], [], { language: 'en' });
    expect(plan.sections.map((s) => [s.heading, s.citations])).toEqual([
      ['Reply to paragraph 2 of the list of issues', ['CAT/C/MAR/QPR/5, para. 2']],
      ['Item 2', []],
    ]);
  });

  it('does not quote the question by default, but can', () => {
    const contribution = factory.contribution({ itemId: 'q2' });
    expect(plainBody(planReportSections('list_of_issues_replies', [questions[1]!], [contribution], { language: 'en' }).sections[0]!.body)[0]).toBe(
      'paragraph: Measures taken',
    );
    const quoted = planReportSections('list_of_issues_replies', [questions[1]!], [contribution], { language: 'en', quoteItemText: true });
    expect(plainBody(quoted.sections[0]!.body)[0]).toBe('quote: Ratify the Optional Protocol');
  });
});

describe('planReportSections: section text from validated contributions', () => {
  const item = factory.recommendation({ id: 'r1', paragraph: '144.44', status: 'in_progress', response: 'supported' });

  it('writes the measures, indicators with units and dates, and the institutions that reported', () => {
    const contributions = [
      factory.contribution({
        itemId: 'r1',
        language: 'en',
        measures: 'Law 43-20 was adopted.\n\nJudges were trained.',
        indicators: [
          { name: 'Judges trained', value: '1 200', unit: null, date: '2024-03-31' },
          { name: 'Enrolment rate', value: '95', unit: '%', date: null },
        ],
      }),
      factory.contribution({
        itemId: 'r1',
        language: 'en',
        institution: { en: 'National Police' },
        measures: 'Officers were trained.',
        validatedAt: '2024-02-01T00:00:00Z',
      }),
      factory.contribution({ itemId: 'other-item', language: 'en', measures: 'Not in this report.' }),
    ];
    const plan = planReportSections('upr_mid_term', [item], contributions, { language: 'en' });
    expect(plan.sections).toHaveLength(1);
    expect(plan.sections[0]!.heading).toBe('Recommendation A/HRC/36/6, para. 144.44');
    expect(plainBody(plan.sections[0]!.body)).toEqual([
      'quote: Ratify the Optional Protocol',
      'paragraph: Implementation status: In progress',
      'paragraph: State response: Supported',
      'paragraph: Measures taken',
      'paragraph: Officers were trained.',
      'paragraph: Law 43-20 was adopted.',
      'paragraph: Judges were trained.',
      'paragraph: Indicators',
      'bullet: Judges trained: 1 200 (31 March 2024)',
      'bullet: Enrolment rate: 95%',
      'paragraph: Information provided by: National Police; Ministry of Justice',
    ]);
  });

  it('inserts a contribution written in another language after a localized to-translate marker', () => {
    const contributions = [
      factory.contribution({ itemId: 'r1', language: 'ar', measures: 'اعتمد القانون رقم 43.20.', institution: { ar: 'وزارة العدل' }, validatedAt: '2024-01-01' }),
      factory.contribution({
        itemId: 'r1',
        language: 'fr',
        measures: 'Formation de 1 200 agents.',
        institution: { fr: 'DGSN' },
        indicators: [{ name: 'Agents formés', value: '1 200', unit: null, date: '2024-03-01' }],
      }),
    ];
    const fr = plainBody(planReportSections('upr_mid_term', [item], contributions, { language: 'fr' }).sections[0]!.body);
    // Text in the report's language first, then the Arabic text after its marker.
    expect(fr.slice(3)).toEqual([
      'paragraph: Mesures prises',
      'paragraph: Formation de 1 200 agents.',
      'quote: [À traduire — texte en arabe]',
      'paragraph: اعتمد القانون رقم 43.20.',
      'paragraph: Indicateurs',
      'bullet: Agents formés\u00A0: 1 200 (1er mars 2024)',
      'paragraph: Informations communiquées par\u00A0: DGSN\u00A0; وزارة العدل',
    ]);

    const ar = plainBody(planReportSections('upr_mid_term', [item], contributions, { language: 'ar' }).sections[0]!.body);
    expect(ar).toEqual([
      'quote: التصديق على البروتوكول الاختياري',
      'paragraph: حالة التنفيذ: قيد التنفيذ',
      'paragraph: موقف الدولة: حظيت بالتأييد',
      'paragraph: التدابير المتخذة',
      'paragraph: اعتمد القانون رقم 43.20.',
      'quote: [للترجمة — النص باللغة الفرنسية]',
      'paragraph: Formation de 1 200 agents.',
      'paragraph: المؤشرات',
      'quote: [للترجمة — النص باللغة الفرنسية]',
      'bullet: Agents formés: 1 200 (1 آذار/مارس 2024)',
      'paragraph: الجهات التي قدمت المعلومات: وزارة العدل؛ DGSN',
    ]);

    const en = plainBody(planReportSections('upr_mid_term', [item], contributions, { language: 'en' }).sections[0]!.body);
    expect(en.filter((line) => line.startsWith('quote: [')).sort()).toEqual([
      'quote: [To translate — text in Arabic]',
      'quote: [To translate — text in French]',
      'quote: [To translate — text in French]',
    ]);
  });

  it('marks the quoted item text when the report language is missing', () => {
    const frOnly = factory.recommendation({ id: 'r2', text: { fr: 'Abolir la peine de mort', en: null, ar: '  ' } });
    expect(plainBody(planReportSections('upr_mid_term', [frOnly], [], { language: 'ar' }).sections[0]!.body).slice(0, 2)).toEqual([
      'quote: [للترجمة — النص باللغة الفرنسية]',
      'quote: Abolir la peine de mort',
    ]);
  });

  it('puts a placeholder where no contribution was validated', () => {
    expect(plainBody(planReportSections('follow_up', [{ ...item, followUp: true }], [], { language: 'en' }).sections[0]!.body).at(-1)).toBe(
      'paragraph: [No validated contribution has been received on this item.]',
    );
  });

  it('keeps names and values with markers literal', () => {
    const contribution = factory.contribution({
      itemId: 'r1',
      language: 'en',
      institution: { en: 'Office *A*_B_' },
      indicators: [{ name: '**Rate**', value: '5', unit: null, date: null }],
    });
    const body = planReportSections('upr_mid_term', [item], [contribution], { language: 'en' }).sections[0]!.body;
    expect(plainBody(body)).toContain('bullet: **Rate**: 5');
    expect(plainBody(body)).toContain('paragraph: Information provided by: Office *A*_B_');
  });

  it('writes bodies that round-trip through the parser', () => {
    const contributions = [
      factory.contribution({ itemId: 'r1', language: 'ar', measures: 'نص *مائل* و**غامق**\nسطر ثان', indicators: [{ name: 'x_y', value: '1', unit: '%', date: '2024-01' }] }),
      factory.contribution({ itemId: 'r1', language: 'en', measures: '- a\n- b\n\n1. c' }),
    ];
    for (const language of ['ar', 'fr', 'en'] as const) {
      for (const type of ['upr_mid_term', 'upr_national', 'list_of_issues_replies'] as const) {
        for (const section of planReportSections(type, [item], contributions, { language }).sections) {
          const blocks = parseReportMarkdown(section.body);
          expect(parseReportMarkdown(serializeReportBlocks(blocks))).toEqual(blocks);
        }
      }
    }
  });
});

describe('planReportSections: follow-up', () => {
  const items = [
    factory.recommendation({ id: 'f12', symbol: 'CAT/C/MAR/CO/4', paragraph: '12', followUp: true, status: 'implemented' }),
    factory.recommendation({ id: 'n13', symbol: 'CAT/C/MAR/CO/4', paragraph: '13', followUp: false }),
    factory.recommendation({ id: 'f9', symbol: 'CAT/C/MAR/CO/4', paragraph: '9(b)', followUp: true }),
  ];

  it('keeps only the follow-up paragraphs, each with its status', () => {
    const plan = planReportSections('follow_up', items, [], { language: 'en' });
    expect(plan.sections.map((s) => s.itemIds[0])).toEqual(['f9', 'f12']);
    expect(plan.sections.map((s) => s.heading)).toEqual([
      'Paragraph 9(b) of the concluding observations (CAT/C/MAR/CO/4)',
      'Paragraph 12 of the concluding observations (CAT/C/MAR/CO/4)',
    ]);
    expect(plainBody(plan.sections[1]!.body).slice(0, 2)).toEqual(['quote: Ratify the Optional Protocol', 'paragraph: Implementation status: Implemented']);
    expect(planReportSections('follow_up', items, [], { language: 'ar' }).sections[1]!.heading).toBe('الفقرة 12 من الملاحظات الختامية (CAT/C/MAR/CO/4)');
  });

  it('refuses a selection with no follow-up paragraph', () => {
    expect(() => planReportSections('follow_up', [items[1]!], [], { language: 'en' })).toThrow(
      expect.objectContaining({ name: 'ReportPlanError', code: 'report.empty_selection' }),
    );
  });
});

describe('planReportSections: UPR national report', () => {
  const education = theme('B51', 'Right to education', "Droit à l'éducation", 'الحق في التعليم');
  const torture = theme('D25', 'Prohibition of torture', 'Interdiction de la torture', 'حظر التعذيب');
  const items = [
    factory.recommendation({ id: 'r110', paragraph: '144.110', response: 'supported', status: 'in_progress', themes: [education, torture], axes: [theme('2', 'Axis 2')] }),
    factory.recommendation({ id: 'r44', paragraph: '144.44', response: 'noted', themes: [torture], axes: [theme('10', 'Axis 10')] }),
    factory.recommendation({ id: 'r7', paragraph: '144.7', response: 'supported_in_part', themes: [], axes: [theme('2', 'Axis 2')] }),
    factory.recommendation({ id: 'r8', paragraph: '144.8', themes: [education] }),
  ];
  const contributions = [
    factory.contribution({ itemId: 'r110', institution: { fr: 'Ministère de l’Éducation' }, validatedAt: '2024-01-01' }),
    factory.contribution({ itemId: 'r44' }),
  ];

  it('has the five sections of the general guidelines, the items in one sub-section of III per theme', () => {
    const plan = planReportSections('upr_national', items, contributions, { language: 'fr' });
    expect(plan.sections.map((s) => s.key)).toEqual([
      'upr:methodology',
      'upr:developments',
      'upr:implementation',
      'upr:implementation:B51',
      'upr:implementation:D25',
      `upr:implementation:${UPR_NATIONAL_NO_GROUP}`,
      'upr:achievements',
      'upr:priorities',
    ]);
    expect(plan.sections.filter((s) => !s.key.startsWith('upr:implementation:')).map((s) => s.key)).toEqual(UPR_NATIONAL_SECTIONS.map((s) => `upr:${s}`));
    expect(plan.sections.map((s) => s.heading.split(' ')[0])).toEqual(['I.', 'II.', 'III.', 'III.1.', 'III.2.', 'III.3.', 'IV.', 'V.']);
    expect(plan.sections.map((s) => s.itemIds.length)).toEqual([0, 0, 0, 2, 1, 1, 0, 0]);
    expect(plan.sections[1]!.body).toBe('');
    expect(plan.sections[2]!.body).toBe('');
  });

  it('heads each sub-section of III with its number and theme, in theme code order, "other" last, its items under their citation', () => {
    const sections = planReportSections('upr_national', items, contributions, { language: 'fr' }).sections.filter((s) => s.key.startsWith('upr:implementation:'));
    expect(sections.map((s) => s.heading)).toEqual(["III.1. Droit à l'éducation", 'III.2. Interdiction de la torture', 'III.3. Autres questions']);
    const outline = sections.map((s) =>
      parseReportMarkdown(s.body)
        .filter((b) => b.kind === 'heading')
        .map((b) => `${'#'.repeat(b.kind === 'heading' ? b.level : 0)} ${reportBlocksToPlainText([b])}`),
    );
    expect(outline).toEqual([['# A/HRC/36/6, par. 144.8', '# A/HRC/36/6, par. 144.110'], ['# A/HRC/36/6, par. 144.44'], ['# A/HRC/36/6, par. 144.7']]);
    expect(sections.map((s) => s.itemIds)).toEqual([['r8', 'r110'], ['r44'], ['r7']]);
    expect(sections.map((s) => s.citations)).toEqual([['A/HRC/36/6, par. 144.8', 'A/HRC/36/6, par. 144.110'], ['A/HRC/36/6, par. 144.44'], ['A/HRC/36/6, par. 144.7']]);
    // Each item's text (its measures) in its own sub-section only.
    expect(sections[0]!.body).toContain('La loi 43-20 a été adoptée.');
    expect(sections[2]!.body).not.toContain('La loi 43-20');
  });

  it('numbers the sub-sections in the style of the Arabic and English headings', () => {
    const heading = (language: 'ar' | 'en') => planReportSections('upr_national', items, [], { language }).sections.find((s) => s.key === 'upr:implementation:D25')!.heading;
    expect(heading('ar')).toBe('ثالثاً-2- حظر التعذيب');
    expect(heading('en')).toBe('III.2. Prohibition of torture');
  });

  it('groups by national axis on request', () => {
    const sections = planReportSections('upr_national', items, [], { language: 'en', groupBy: 'axis' }).sections.filter((s) => s.key.startsWith('upr:implementation:'));
    expect(sections.map((s) => [s.key, s.heading])).toEqual([
      ['upr:implementation:2', 'III.1. Axis 2'],
      ['upr:implementation:10', 'III.2. Axis 10'],
      [`upr:implementation:${UPR_NATIONAL_NO_GROUP}`, 'III.3. Other issues'],
    ]);
    expect(sections.flatMap((s) => s.itemIds)).toEqual(['r7', 'r110', 'r44', 'r8']);
  });

  it('keeps a theme coded "other" apart from the items without a theme', () => {
    const other = theme('other', 'Other', 'Autre', 'أخرى');
    const plan = planReportSections('upr_national', [factory.recommendation({ id: 'x', themes: [other] }), factory.recommendation({ id: 'y', paragraph: '144.2' })], [], { language: 'en' });
    const sections = plan.sections.filter((s) => s.key.startsWith('upr:implementation:'));
    expect(sections.map((s) => [s.key, s.itemIds])).toEqual([
      ['upr:implementation:other', ['x']],
      [uprGroupSectionKey(null), ['y']],
    ]);
    expect(new Set(plan.sections.map((s) => s.key)).size).toBe(plan.sections.length);
  });

  it('keeps the key of a sub-section within 80 characters, distinct for long codes that share a prefix', () => {
    expect(uprGroupSectionKey('right-to-education')).toBe('upr:implementation:right-to-education');
    const long = (end: string) => `${'x'.repeat(60)}${end}`;
    const keys = [long('-a'), long('-b'), 'y'.repeat(60)].map(uprGroupSectionKey);
    expect(keys.every((k) => k.length <= 80)).toBe(true);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toBe(`upr:implementation:${'y'.repeat(60)}`);
    expect(uprGroupSectionKey(long('-a'))).toBe(keys[0]);
  });

  it('splits a large selection: no sub-section holds more than its theme', () => {
    const themes = Array.from({ length: 12 }, (_, i) => theme(`t${String(i).padStart(2, '0')}`, `Theme ${i}`));
    const many = Array.from({ length: 360 }, (_, i) => factory.recommendation({ id: `r${i}`, paragraph: `144.${i + 1}`, themes: [themes[i % 12]!] }));
    const measures = many.map((item) => factory.contribution({ itemId: item.id, measures: 'Mesure prise. '.repeat(40) }));
    const plan = planReportSections('upr_national', many, measures, { language: 'fr' });
    const sections = plan.sections.filter((s) => s.key.startsWith('upr:implementation:'));
    expect(sections).toHaveLength(12);
    expect(sections.every((s) => s.itemIds.length === 30)).toBe(true);
    const whole = sections.reduce((sum, s) => sum + s.body.length, 0);
    expect(Math.max(...sections.map((s) => s.body.length))).toBeLessThan(whole / 10);
  });

  it('lists the contributing institutions in section I', () => {
    const plan = planReportSections('upr_national', items, contributions, { language: 'fr' });
    // In the order the report cites their items (144.44 before 144.110).
    expect(plan.sections[0]!.body).toBe('Institutions ayant contribué au présent rapport\u00A0: Ministère de la Justice\u00A0; Ministère de l’Éducation.');
    expect(planReportSections('upr_national', items, [], { language: 'fr' }).sections[0]!.body).toBe('');
  });

  it('annexes the matrix of all items, by symbol and paragraph, with response and status', () => {
    const annex = planReportSections('upr_national', items, contributions, { language: 'en' }).annex!;
    expect(annex.heading).toBe('Annex: matrix of recommendations and their implementation status');
    expect(annex.columns).toEqual({
      citation: 'Recommendation',
      text: 'Text',
      response: 'State response',
      status: 'Implementation status',
      measures: 'Measures taken',
      institutions: 'Institutions concerned',
    });
    expect(annex.rows.map((r) => [r.citation, r.response, r.status])).toEqual([
      ['A/HRC/36/6, para. 144.7', 'Supported in part', 'No status'],
      ['A/HRC/36/6, para. 144.8', null, 'No status'],
      ['A/HRC/36/6, para. 144.44', 'Noted', 'No status'],
      ['A/HRC/36/6, para. 144.110', 'Supported', 'In progress'],
    ]);
    // French contributions in an English report: marked in the cell too.
    expect(annex.rows[3]).toMatchObject({
      text: 'Ratify the Optional Protocol',
      measures: '[To translate — text in French] La loi 43-20 a été adoptée.',
      institutions: 'Ministère de l’Éducation',
    });
  });

  it('counts the words of the sub-sections of III without the markup', () => {
    const sections = planReportSections('upr_national', items, contributions, { language: 'fr' }).sections.filter((s) => s.key.startsWith('upr:implementation:'));
    for (const section of sections) {
      expect(countReportWords(section.body)).toBe(countReportWords(serializeReportBlocks(parseReportMarkdown(section.body))));
      expect(countReportWords(section.body)).toBeGreaterThan(0);
      expect(countReportWords(section.body)).toBeLessThan(section.body.split(/\s+/).length);
    }
  });
});

describe('planReportSections: annex option and errors', () => {
  it('builds the annex of another type on request, without a response column for treaty bodies', () => {
    const plan = planReportSections('follow_up', [factory.recommendation({ id: 'a', followUp: true })], [], { language: 'en', annex: true });
    expect(plan.annex!.columns.response).toBeNull();
    expect(plan.annex!.rows).toHaveLength(1);
    expect(planReportSections('upr_national', [factory.recommendation({ id: 'a' })], [], { language: 'en', annex: false }).annex).toBeNull();
  });

  it.each(REPORT_TYPES)('%s: refuses an empty selection', (type) => {
    expect(() => planReportSections(type, [], [], { language: 'en' })).toThrow(ReportPlanError);
    expect(() => planReportSections(type, [], [], { language: 'en' })).toThrow(expect.objectContaining({ code: 'report.empty_selection' }));
  });

  it('refuses an item selected twice', () => {
    const item = factory.recommendation({ id: 'same' });
    expect(() => planReportSections('upr_mid_term', [item, { ...item }], [], { language: 'en' })).toThrow(
      expect.objectContaining({ code: 'report.duplicate_item' }),
    );
  });
});
