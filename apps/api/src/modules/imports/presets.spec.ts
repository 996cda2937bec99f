import { EXCHANGE_COLUMNS, EXCHANGE_HEADERS, EXCHANGE_LIST_SEPARATOR, normalizeRecommendationText } from '@sidh/domain';
import fc from 'fast-check';
import { neutralizeCell } from '../recommendations/export-cells.js';
import { ImportException } from './import.errors.js';
import { LIST_TARGETS, PRESET_NAMES, parseMapping, type PresetName } from './mapping.js';
import { planImport, type Lookups } from './planner.js';
import { PRESET_INFO, PRESETS } from './presets.js';
import { readSource } from './source-reader.js';

const LOOKUPS: Lookups = {
  bodies: [
    { id: 'body-upr', code: 'UPR', mechanism: 'UPR', nameEn: 'Universal Periodic Review' },
    { id: 'body-cat', code: 'CAT', mechanism: 'TREATY_BODY', nameEn: 'Committee against Torture' },
  ],
  reviews: [],
  countries: [
    { code: 'MA', iso3: 'MAR', nameEn: 'Morocco', nameFr: 'Maroc', nameAr: 'المغرب' },
    // Its former names, as the reference data's country-aliases.json gives them.
    { code: 'TR', iso3: 'TUR', nameEn: 'Türkiye', nameFr: 'Türkiye', aliases: ['Turkey', 'Turquie'] },
    { code: 'IR', iso3: 'IRN', nameEn: 'Iran (Islamic Republic of)', nameFr: "Iran (République islamique d')" },
    { code: 'FR', iso3: 'FRA', nameEn: 'France', nameFr: 'France' },
  ],
  themes: [
    { code: 'torture-and-other-cid-treatment', nameEn: 'Torture and other cruel, inhuman or degrading treatment' },
    { code: 'nhri', nameEn: 'National human rights institution' },
    { code: 'women', nameEn: 'Women' },
  ],
  affectedPersons: [{ code: 'children', nameEn: 'Children' }],
  sdgTargets: [{ code: '5.1', nameEn: 'End discrimination against women' }],
  axes: Array.from({ length: 9 }, (_, i) => ({ code: `AX${i + 1}`, nameFr: `Axe ${i + 1}` })),
  subAxes: [],
  institutions: [
    { id: 'inst-mj', code: 'MJ', nameFr: 'Ministère de la Justice' },
    { id: 'inst-dgsn', code: 'DGSN', nameFr: 'DGSN' },
  ],
};
const LIMITS = { maxRows: 10_000, maxUncompressedBytes: 50_000_000, maxEntries: 1_000 };

const csv = (rows: string[][], d = ',') => rows.map((r) => r.map((c) => (/["\r\n]/.test(c) || c.includes(d) ? `"${c.replace(/"/g, '""')}"` : c)).join(d)).join('\r\n') + '\r\n';

/** What a preset needs from the upload besides the file (the list of issues' body and symbol). */
const UPLOAD_DEFAULTS: Partial<Record<PresetName, Record<string, string>>> = {
  'list-of-issues': { body: 'CAT', documentSymbol: 'CAT/C/MAR/QPR/5' },
  didh: { documentSymbol: 'A/HRC/36/6', cycle: '3' },
};

async function importFile(preset: PresetName, content: string, fileName = 'upload.csv', defaults = UPLOAD_DEFAULTS[preset]) {
  const mapping = parseMapping({ preset, ...(defaults ? { defaults } : {}) }, PRESETS);
  const table = await readSource(Buffer.from(content, 'utf8'), fileName, { ...LIMITS, ...(mapping.delimiter ? { delimiter: mapping.delimiter } : {}) });
  return planImport(table, mapping, LOOKUPS);
}

describe('PRESETS', () => {
  it('has one preset per preset name, each naming itself', () => {
    expect(Object.keys(PRESETS).sort()).toEqual([...PRESET_NAMES].sort());
    for (const name of PRESET_NAMES) expect(PRESETS[name].preset).toBe(name);
  });

  it.each(PRESET_NAMES.filter((n) => n !== 'custom'))('%s passes mapping validation unchanged (with the values the upload must give)', (name) => {
    const resolved = parseMapping({ preset: name, defaults: UPLOAD_DEFAULTS[name] ?? {} }, PRESETS);
    expect(resolved.fields).toEqual(PRESETS[name].fields);
    expect(resolved.defaults).toEqual({ ...PRESETS[name].defaults, ...UPLOAD_DEFAULTS[name] });
  });

  it('describes every preset, with the formats it reads', () => {
    expect(Object.keys(PRESET_INFO).sort()).toEqual([...PRESET_NAMES].sort());
    for (const name of PRESET_NAMES) expect(PRESET_INFO[name].description.length).toBeGreaterThan(20);
    expect(PRESET_INFO['list-of-issues'].formats).toEqual(['csv', 'xlsx']);
  });

  it('gives the custom preset nothing, so it needs a text column', () => {
    expect(PRESETS.custom.fields).toEqual({});
    expect(() => parseMapping({ preset: 'custom' }, PRESETS)).toThrow('at least one of text.ar, text.fr, text.en');
  });

  it('reads back every column of the export under the sidh-export preset, lists with the export separator', () => {
    const fields = PRESETS['sidh-export'].fields!;
    expect(new Set(Object.values(fields).map((f) => f.column))).toEqual(new Set(Object.values(EXCHANGE_COLUMNS)));
    for (const [field, spec] of Object.entries(fields)) {
      if ((LIST_TARGETS as readonly string[]).includes(field)) expect(spec.separator).toBe(EXCHANGE_LIST_SEPARATOR);
    }
    expect(PRESETS['sidh-export'].duplicates).toBe('keep');
  });
});

describe('didh preset', () => {
  const header = ['code', 'text_fr', 'text_ar', 'recommending_state_fr', 'axis_ids', 'status_fr', 'responsible_entities_fr', 'upr_cycle_fr'];

  it('reads a DIDH sheet: codes with parts, statuses, states, axes and institutions', async () => {
    const plan = await importFile(
      'didh',
      csv([
        header,
        ['R144.110 P2', 'Poursuivre les efforts', 'مواصلة الجهود', 'Turquie', '1;9', 'Réalisé', 'Ministère de la Justice | DGSN', '3ème cycle (2017-2022)'],
        ['P1R 144.111', 'Renforcer', '', 'République islamique d’Iran', '2', 'En cours', 'MJ', ''],
        ['R144.112', 'Adopter', '', '', '', 'Non réalisé', '', ''],
        ['R144.113', 'Continuer', '', '', '', 'RC', '', ''],
        ['R144.114', 'Veiller', '', '', '', 'Recommandation continue', '', ''],
      ]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations.map((r) => [r.documentSymbol, r.paragraph, r.part, r.externalCode, r.status])).toEqual([
      ['A/HRC/36/6', '144.110', 'P2', 'R144.110 P2', 'implemented'],
      ['A/HRC/36/6', '144.111', 'P1', 'P1R 144.111', 'in_progress'],
      ['A/HRC/36/6', '144.112', null, 'R144.112', 'not_started'],
      ['A/HRC/36/6', '144.113', null, 'R144.113', 'continuous'],
      ['A/HRC/36/6', '144.114', null, 'R144.114', 'continuous'],
    ]);
    expect(plan.recommendations[0]!.lists).toEqual({ recommendingStates: ['TR'], axes: ['AX1', 'AX9'], institutions: ['MJ', 'DGSN'] });
    expect(plan.recommendations[0]!.texts).toEqual({ fr: 'Poursuivre les efforts', ar: 'مواصلة الجهود' });
    expect(plan.recommendations[1]!.lists.recommendingStates).toEqual(['IR']);
    expect(plan.newReviews.map((r) => r.code)).toEqual(['MAR-UPR-3']);
    expect(new Set(plan.recommendations.map((r) => r.reviewId))).toEqual(new Set([plan.newReviews[0]!.id]));
  });

  it('rejects a DIDH status it does not know with value.unknown', async () => {
    const plan = await importFile('didh', csv([['code', 'text_fr', 'status_fr'], ['R1', 'x', 'Peut-être']]));
    expect(plan.rejections.map((r) => [r.code, r.column, r.value])).toEqual([['value.unknown', 'status_fr', 'Peut-être']]);
  });
});

describe('upr-info preset', () => {
  const header = ['To', 'Text', 'From', 'Response', 'Issue', 'Session'];

  it('merges the rows of one recommendation (one per recommending state) and maps UPR Info labels', async () => {
    const plan = await importFile(
      'upr-info',
      csv([
        header,
        ['Morocco', 'Ratify OP-CAT', 'France', 'Accepted', 'Torture and other CID treatment,NHRI', '27'],
        ['Morocco', 'Ratify OP-CAT', 'Turkey', 'Accepted', 'Torture and other CID treatment', '27'],
        ['Morocco', 'Abolish the death penalty', '&#40;Unknown&#41;', 'Noted', '', '27'],
      ]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.merged).toBe(1);
    expect(plan.recommendations.map((r) => [r.rows, r.response, r.lists])).toEqual([
      [[2, 3], 'supported', { recommendingStates: ['FR', 'TR'], themes: ['torture-and-other-cid-treatment', 'nhri'] }],
      [[4], 'noted', { recommendingStates: [], themes: [] }],
    ]);
    expect(plan.newReviews.map((r) => [r.code, r.session, r.cycle])).toEqual([['MAR-UPR-3', '27', 3]]);
  });
});

describe('un-report-csv preset', () => {
  it('maps the report responses and splits recommending states on ;', async () => {
    const plan = await importFile(
      'un-report-csv',
      csv([
        ['document_symbol', 'recommendation_id', 'text', 'cycle', 'state_under_review', 'recommending_states', 'response_in_report'],
        ['A/HRC/36/6', '144.1', 'Ratify', '3', 'Morocco', 'France;Türkiye', 'Supported (considered already implemented or in process of implementation)'],
        ['A/HRC/36/6', '144.2', 'Abolish', '3', 'Morocco', 'France', 'Not supported (noted)'],
        ['A/HRC/36/6', '144.3', 'Extend', '3', 'Morocco', 'France', 'Rejected (considered outside HRC mandate)'],
      ]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations.map((r) => [r.paragraph, r.response, r.lists.recommendingStates])).toEqual([
      ['144.1', 'supported', ['FR', 'TR']],
      ['144.2', 'noted', ['FR']],
      ['144.3', 'noted', ['FR']],
    ]);
  });

  it('rejects a repeated paragraph of the same report as a duplicate', async () => {
    const plan = await importFile('un-report-csv', csv([['document_symbol', 'recommendation_id', 'text'], ['A/HRC/36/6', '144.1', 'a'], ['A/HRC/36/6', '144.1', 'b']]));
    expect(plan.rejections.map((r) => [r.row, r.code, r.column])).toEqual([[3, 'row.duplicate', 'recommendation_id']]);
  });
});

describe('uhri preset', () => {
  it('reads a UHRI JSON export: symbol with paragraph, body, nested labels and lists', async () => {
    const json = JSON.stringify({
      data: [
        { Symbol: 'CAT/C/MAR/CO/4, para. 12', Text: 'Ensure that…', Body: { Name: 'Committee against Torture' }, Themes: [{ Name: 'Women' }], AffectedPersons: ['Children'], Sdgs: ['5.1 End discrimination'] },
        { Symbol: 'A/HRC/36/6, para. 144.44', Text: 'Ratify', Body: 'UPR', Countries: 'Morocco', Themes: [] },
      ],
    });
    const plan = await importFile('uhri', json, 'uhri.json');
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations.map((r) => [r.rows, r.bodyId, r.documentSymbol, r.paragraph, r.lists])).toEqual([
      [[1], 'body-cat', 'CAT/C/MAR/CO/4', '12', { themes: ['women'], affectedPersons: ['children'], sdgTargets: ['5.1'] }],
      [[2], 'body-upr', 'A/HRC/36/6', '144.44', { themes: [], affectedPersons: [], sdgTargets: [] }],
    ]);
  });
});

describe('list-of-issues preset', () => {
  const header = ['paragraph', 'text_en', 'text_fr'];

  it('needs the body and the document symbol from the upload, naming the missing one', () => {
    expect(() => parseMapping({ preset: 'list-of-issues' }, PRESETS)).toThrow('mapping.fields.body needs a column (or a default)');
    expect(() => parseMapping({ preset: 'list-of-issues', defaults: { body: 'CAT' } }, PRESETS)).toThrow('mapping.fields.documentSymbol needs a column (or a default)');
  });

  it('makes every row a question of the list, cited by its symbol and paragraph (sub-letters kept)', async () => {
    const plan = await importFile(
      'list-of-issues',
      csv([
        header,
        ['1', 'Please provide information on the safeguards.', 'Fournir des renseignements sur les garanties.'],
        ['3 (a)', 'Please indicate the measures taken.', 'Indiquer les mesures prises.'],
        ['3(b)', 'Please comment on the reports.', 'Commenter les informations.'],
      ]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations.map((r) => [r.kind, r.bodyId, r.mechanism, r.documentSymbol, r.paragraph])).toEqual([
      ['question', 'body-cat', 'TREATY_BODY', 'CAT/C/MAR/QPR/5', '1'],
      ['question', 'body-cat', 'TREATY_BODY', 'CAT/C/MAR/QPR/5', '3(a)'],
      ['question', 'body-cat', 'TREATY_BODY', 'CAT/C/MAR/QPR/5', '3(b)'],
    ]);
    expect(plan.recommendations[1]!.texts).toEqual({ en: 'Please indicate the measures taken.', fr: 'Indiquer les mesures prises.' });
    expect(plan.recommendations.every((r) => r.response === undefined)).toBe(true);
  });

  it('reads any subset of the three languages', async () => {
    const plan = await importFile('list-of-issues', csv([['paragraph', 'text_ar'], ['2', 'يرجى تقديم معلومات']]));
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations[0]).toMatchObject({ kind: 'question', paragraph: '2', texts: { ar: 'يرجى تقديم معلومات' } });
  });

  it('refuses a file with none of the text columns (missing_required_column), and one without paragraph column', async () => {
    const noText = importFile('list-of-issues', csv([['paragraph', 'texte'], ['1', 'x']]));
    await expect(noText).rejects.toBeInstanceOf(ImportException);
    await expect(noText).rejects.toMatchObject({ code: 'import.missing_required_column', message: expect.stringContaining('"text_ar", "text_fr", "text_en"') });
    await expect(importFile('list-of-issues', csv([['para', 'text_en'], ['1', 'x']]))).rejects.toMatchObject({ code: 'import.missing_required_column' });
  });

  it('rejects a paragraph given twice, and a body that is not a treaty body', async () => {
    const plan = await importFile('list-of-issues', csv([header, ['4', 'a', 'a'], ['4', 'b', 'b']]));
    expect(plan.rejections.map((r) => [r.row, r.code, r.column])).toEqual([[3, 'row.duplicate', 'paragraph']]);
    const upr = await importFile('list-of-issues', csv([header, ['4', 'a', 'a']]), 'upload.csv', { body: 'UPR', documentSymbol: 'X/1' });
    expect(upr.rejections.map((r) => r.code)).toEqual(['mechanism.mismatch']);
  });
});

describe('sidh-export preset (export → import round trip)', () => {
  const columns = Object.values(EXCHANGE_COLUMNS);
  /** One exported row, every cell neutralised as the export does. */
  const exportCsv = (cells: Partial<Record<string, string>>[]) => csv([columns, ...cells.map((c) => columns.map((col) => neutralizeCell(c[col] ?? '')))]);

  it('reads back the export columns, lists and neutralised formulas', async () => {
    const plan = await importFile(
      'sidh-export',
      exportCsv([{ symbol: 'CAT/C/MAR/CO/4', paragraph: '12', body: 'CAT', text_en: '=HYPERLINK("http://x","y")', text_fr: '- Veiller', recommending_states: 'France | Türkiye', themes: 'women | nhri', status: 'in_progress' }]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations[0]).toMatchObject({
      texts: { en: '=HYPERLINK("http://x","y")', fr: '- Veiller' },
      status: 'in_progress',
      lists: { recommendingStates: ['FR', 'TR'], themes: ['women', 'nhri'], sdgTargets: [], institutions: [] },
    });
  });

  const text = fc
    .string({ unit: fc.constantFrom(...Array.from('aZ09 =+-@\t,;|"\n’éبت')), minLength: 1, maxLength: 30 })
    .filter((s) => s.trim() === s && normalizeRecommendationText(s) !== '' && !s.startsWith("'"));

  // Given back in the one normal form the importer stores and compares (normalizeRecommendationText): a tab becomes a space, a trailing ";" goes.
  it('gives back the texts that were exported, whatever their first character (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }), async (texts) => {
        const plan = await importFile('sidh-export', exportCsv(texts.map(([en, ar], i) => ({ body: 'CAT', symbol: 'S', paragraph: String(i + 1), text_en: en, text_ar: ar }))));
        expect(plan.rejections).toEqual([]);
        expect(plan.recommendations.map((r) => [r.texts.en, r.texts.ar])).toEqual(texts.map((pair) => pair.map(normalizeRecommendationText)));
      }),
      { numRuns: 60 },
    );
  });

  it('reads the kind back; a file without kind (exported before questions existed) leaves it unset', async () => {
    const plan = await importFile(
      'sidh-export',
      exportCsv([
        { body: 'CAT', symbol: 'CAT/C/MAR/QPR/5', paragraph: '7', text_en: 'Please describe', kind: 'question' },
        { body: 'CAT', symbol: 'CAT/C/MAR/CO/4', paragraph: '12', text_en: 'Ensure', kind: 'recommendation' },
        { body: 'CAT', symbol: 'CAT/C/MAR/CO/4', paragraph: '13', text_en: 'Adopt' },
      ]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations.map((r) => r.kind)).toEqual(['question', 'recommendation', undefined]);
    const old = await importFile('sidh-export', csv([['body', 'text_en'], ['CAT', 'Ensure']]));
    expect(old.recommendations[0]!.kind).toBeUndefined();
  });

  it.each(['ar', 'fr', 'en'] as const)('reads back an export localised in %s: its headers, and its statuses, responses, mechanisms and kinds by label', async (lang) => {
    const h = EXCHANGE_HEADERS[lang];
    const words = {
      ar: ['الآلية', 'هيئة معاهدة', 'حظيت بالتأييد جزئيًا', 'قيد التنفيذ', 'سؤال'],
      fr: ['', 'Organe de traité', 'Acceptée en partie', 'En cours', 'Question'],
      en: ['', 'Treaty body', 'Supported in part', 'In progress', 'Question'],
    }[lang];
    const plan = await importFile(
      'sidh-export',
      csv([
        [h.documentSymbol, h.paragraph, h.textEn, h.mechanism, h.body, h.response, h.recommendingStates, h.institutions, h.status, h.kind],
        ['CAT/C/MAR/CO/4', '12', 'Ensure', words[1]!, 'Committee against Torture', words[2]!, 'France | Maroc', 'Ministère de la Justice', words[3]!, 'Recommendation'],
        ['CAT/C/MAR/QPR/5', '7', 'Please describe', words[1]!, 'CAT', '', '', '', words[3]!, words[4]!],
      ]),
    );
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations[0]).toMatchObject({
      mechanism: 'TREATY_BODY',
      bodyId: 'body-cat',
      documentSymbol: 'CAT/C/MAR/CO/4',
      paragraph: '12',
      texts: { en: 'Ensure' },
      response: 'supported_in_part',
      status: 'in_progress',
      kind: 'recommendation',
      lists: { recommendingStates: ['FR', 'MA'], institutions: ['MJ'] },
    });
    expect(plan.recommendations[1]).toMatchObject({ kind: 'question', status: 'in_progress' });
  });

  it('prefers the code columns of an export that has both (labels and codes)', async () => {
    const h = EXCHANGE_HEADERS.fr;
    const plan = await importFile('sidh-export', csv([[h.body, h.textEn, h.status, 'body', 'status'], ['Organe inconnu', 'Ensure', 'Statut inconnu', 'CAT', 'implemented']]));
    expect(plan.rejections).toEqual([]);
    expect(plan.recommendations[0]).toMatchObject({ bodyId: 'body-cat', status: 'implemented' });
  });

  // Was a bug: the export left "'=x" as is and the import stripped that quote. The export now adds one more quote.
  it('gives back a text that itself starts with a quote and a formula character', async () => {
    const plan = await importFile('sidh-export', exportCsv([{ body: 'CAT', text_en: "'=x" }]));
    expect(plan.recommendations[0]!.texts.en).toBe("'=x");
  });
});
