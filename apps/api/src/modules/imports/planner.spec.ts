import { jest } from '@jest/globals';
import { TEXT_MAX_LENGTH } from '@sidh/domain';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';
import { parseMapping, type ImportMappingDto, type ResolvedMapping } from './mapping.js';
import { cycleOfSession, identityKeys, planImport, primaryKey, textIdentityKeys, type Lookups, type Plan } from './planner.js';
import { PRESETS } from './presets.js';
import type { CellValue, SourceTable } from './source-reader.js';

// ------------------------------------------------------------------------------------ fixtures

const LOOKUPS: Lookups = {
  bodies: [
    { id: 'body-upr', code: 'UPR', mechanism: 'UPR', nameEn: 'Universal Periodic Review', nameFr: 'Examen périodique universel', nameAr: 'الاستعراض الدوري الشامل' },
    { id: 'body-cat', code: 'CAT', mechanism: 'TREATY_BODY', nameEn: 'Committee against Torture', nameFr: 'Comité contre la torture', nameAr: 'لجنة مناهضة التعذيب' },
    { id: 'body-sr', code: 'SR-TORTURE', mechanism: 'SPECIAL_PROCEDURE', nameEn: 'Special Rapporteur on torture' },
  ],
  reviews: [
    { id: 'rev-mar-2', bodyId: 'body-upr', code: 'MAR-UPR-2', titleEn: 'Universal Periodic Review of Morocco – cycle 2', titleFr: 'Examen périodique universel : Maroc – 2e cycle', documentSymbol: 'A/HRC/21/3' },
    { id: 'rev-cat-5', bodyId: 'body-cat', code: 'CAT-MAR-5', titleFr: 'Observations finales CAT 2024', documentSymbol: 'CAT/C/MAR/CO/5' },
  ],
  countries: [
    { code: 'MA', iso3: 'MAR', nameEn: 'Morocco', nameFr: 'Maroc', nameAr: 'المغرب' },
    { code: 'TR', iso3: 'TUR', nameEn: 'Türkiye', nameFr: 'Turquie', nameAr: 'تركيا' },
    { code: 'GB', iso3: 'GBR', nameEn: 'United Kingdom of Great Britain and Northern Ireland', nameFr: 'Royaume-Uni' },
    { code: 'IR', iso3: 'IRN', nameEn: 'Iran (Islamic Republic of)' },
    { code: 'FR', iso3: 'FRA', nameEn: 'France', nameAr: 'فرنسا' },
  ],
  themes: [
    { code: 'torture', nameEn: 'Torture and other cruel, inhuman or degrading treatment', nameFr: 'Torture', nameAr: 'التعذيب' },
    { code: 'women', nameEn: 'Women', nameFr: 'Femmes', nameAr: 'المرأة' },
    { code: 'esc-rights-general', nameEn: 'Economic, social & cultural rights - general measures' },
  ],
  affectedPersons: [{ code: 'children', nameEn: 'Children', nameFr: 'Enfants', nameAr: 'الأطفال' }],
  sdgTargets: [
    { code: '5.1', nameEn: 'End all forms of discrimination against all women and girls everywhere' },
    { code: '16.3', nameEn: 'Promote the rule of law' },
  ],
  axes: [{ code: 'AX1', nameFr: 'Droits civils et politiques' }],
  subAxes: [],
  institutions: [
    { id: 'inst-mj', code: 'MJ', nameFr: 'Ministère de la Justice', nameAr: 'وزارة العدل' },
    { id: 'inst-dgsn', code: 'DGSN', nameFr: 'Direction générale de la sûreté nationale' },
  ],
};

/** A CSV-like table: header row, then data rows numbered from 2. */
function table(headers: string[], rows: Array<Array<CellValue>>): SourceTable {
  return {
    format: 'csv',
    encoding: 'utf-8',
    delimiter: ',',
    headers,
    records: rows.map((cells, i) => ({ row: i + 2, values: new Map(headers.map((h, j) => [h, cells[j] ?? ''])), issues: [] })),
  };
}

const mapping = (raw: Record<string, unknown>): ResolvedMapping => parseMapping(raw, PRESETS);
const plan = (t: SourceTable, m: ResolvedMapping, lookups: Lookups = LOOKUPS): Promise<Plan> => planImport(t, m, lookups);

/** A treaty-body mapping: body, symbol, paragraph, English text (plus the extra fields given). */
const TB_FIELDS = { body: { column: 'body' }, documentSymbol: { column: 'symbol' }, paragraph: { column: 'para' }, 'text.en': { column: 'text' } };
function tb(extra: Record<string, unknown> = {}, options: Partial<ImportMappingDto> = {}) {
  return mapping({ preset: 'custom', fields: { ...TB_FIELDS, ...extra }, ...options });
}
const TB_HEADERS = ['body', 'symbol', 'para', 'text'];

async function thrown(planning: Promise<unknown>): Promise<ImportException> {
  try {
    await planning;
  } catch (error) {
    if (error instanceof ImportException) return error;
    throw error;
  }
  throw new Error('expected an ImportException');
}

const codes = (p: Plan) => p.rejections.map((r) => r.code);

// ---------------------------------------------------------------------------------- functions

describe('cycleOfSession', () => {
  it.each([
    [1, 1],
    [12, 1],
    [13, 2],
    [26, 2],
    [27, 3],
    [40, 3],
    [41, 4],
    [54, 4],
    [55, 5],
  ])('puts session %i in cycle %i', (session, cycle) => {
    expect(cycleOfSession(session)).toBe(cycle);
  });

  it('never decreases as the session number grows (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), (s) => cycleOfSession(s) <= cycleOfSession(s + 1) && cycleOfSession(s) >= 1 && cycleOfSession(s) <= 5));
  });
});

describe('identityKeys', () => {
  const base = { documentSymbol: null, paragraph: null, part: null, externalCode: null, bodyId: 'b', reviewId: null, texts: {} };

  it('keys a cited recommendation by symbol (spaces and case ignored) + paragraph + part', () => {
    const a = identityKeys({ ...base, documentSymbol: 'A/HRC/36/6', paragraph: '144.110', part: 'P2', texts: { fr: 'x' } });
    const b = identityKeys({ ...base, documentSymbol: ' a/hrc/36/ 6', paragraph: '144.110', part: 'P2', texts: { fr: 'y' } });
    expect(a.primary).toBe('s|A/HRC/36/6|144.110|P2');
    expect(b.primary).toBe(a.primary);
  });

  it('tells the parts of a split DIDH recommendation apart', () => {
    const p1 = identityKeys({ ...base, documentSymbol: 'A/HRC/36/6', paragraph: '144.110', part: 'P1', texts: { fr: 'x' } });
    const p2 = identityKeys({ ...base, documentSymbol: 'A/HRC/36/6', paragraph: '144.110', part: 'P2', texts: { fr: 'x' } });
    const whole = identityKeys({ ...base, documentSymbol: 'A/HRC/36/6', paragraph: '144.110', texts: { fr: 'x' } });
    expect(new Set([p1.primary, p2.primary, whole.primary]).size).toBe(3);
  });

  it('falls back to the external code (case and spaces ignored) within the body and review', () => {
    const a = identityKeys({ ...base, externalCode: 'R144.110 P2', reviewId: 'r1', texts: { fr: 'x' } });
    expect(a.primary).toBe('c|b|r1|r144.110p2');
    expect(identityKeys({ ...base, externalCode: 'r144.110p2', reviewId: 'r1', texts: { fr: 'x' } }).primary).toBe(a.primary);
    expect(identityKeys({ ...base, externalCode: 'R144.110 P2', reviewId: 'r2', texts: { fr: 'x' } }).primary).not.toBe(a.primary);
  });

  it('falls back to the normalised text (English, then French, then Arabic) when there is no citation or code', () => {
    expect(identityKeys({ ...base, texts: { ar: 'نص', fr: 'Texte', en: 'Text' } }).primary).toBe('t|b||en|text');
    expect(identityKeys({ ...base, texts: { ar: 'نص', fr: 'Élève' } }).primary).toBe('t|b||fr|eleve');
    expect(identityKeys({ ...base, texts: { ar: 'الأطفال' } }).primary).toBe('t|b||ar|الاطفال');
  });

  it('does not key on a paragraph without a symbol', () => {
    expect(identityKeys({ ...base, paragraph: '12', texts: { en: 'x' } }).all).toEqual(['t|b||en|x']);
  });

  it('primaryKey gives the first identity alone', () => {
    for (const r of [
      { ...base, documentSymbol: 'A/HRC/36/6', paragraph: '144.44', externalCode: 'R1', texts: { en: 'Ratify', fr: 'Ratifier' } },
      { ...base, externalCode: 'R1', texts: { en: 'Ratify' } },
      { ...base, texts: { ar: 'صادق', fr: 'Ratifier' } },
    ]) {
      expect(primaryKey(r)).toBe(identityKeys(r).primary);
    }
    expect(primaryKey({ ...base, texts: { fr: 'Élève' } })).toBe('t|b||fr|eleve');
  });

  it('lists every identity, citation first', () => {
    expect(identityKeys({ ...base, documentSymbol: 'S', paragraph: '1', externalCode: 'R1', texts: { en: 'E', fr: 'F' } }).all).toEqual(['s|S|1|', 'c|b||r1', 't|b||en|e', 't|b||fr|f']);
  });

  it('textIdentityKeys lists the text keys as identityKeys does, reusing the primary key, also once merged rows added languages', () => {
    const cases = [
      { ...base, texts: { en: 'Ratify the Convention', fr: 'Ratifier la Convention', ar: 'صادق' } },
      { ...base, reviewId: 'r', texts: { fr: 'Élève' } },
      { ...base, texts: { ar: 'الأطفال' } },
    ];
    for (const r of cases) expect(textIdentityKeys(r, primaryKey(r))).toEqual(identityKeys(r).all);
    // Keyed by its French text when planned; a merged row then gave the English one.
    const texts: Partial<Record<'en' | 'fr' | 'ar', string>> = { fr: 'Texte' };
    const planned = { ...base, texts };
    const key = primaryKey(planned);
    texts.en = 'Text';
    expect(textIdentityKeys(planned, key)).toEqual(identityKeys(planned).all);
  });
});

// --------------------------------------------------------------------------------- planImport

describe('planImport: columns', () => {
  it('refuses a custom mapping naming a column the file lacks with mapping_unknown_column, naming the field and column', async () => {
    const e = await thrown(plan(table(['body', 'texte'], [['CAT', 'x']]), mapping({ fields: { body: { column: 'body' }, 'text.fr': { column: 'Texte' } } })));
    expect(e.code).toBe(ImportFileError.MappingUnknownColumn);
    expect(e.message).toBe('The mapping names a column that is not in the file: "Texte" (for text.fr)');
    expect(e.details).toEqual({ field: 'text.fr', column: 'Texte', unknownColumns: ['Texte'], fields: ['text.fr'], columns: ['body', 'texte'] });
  });

  it('refuses a file that lacks a required column of a preset with missing_required_column, naming the preset', async () => {
    const e = await thrown(plan(table(['text_fr'], [['x']]), mapping({ preset: 'didh' })));
    expect(e.code).toBe(ImportFileError.MissingRequiredColumn);
    expect(e.message).toBe('The file has no column "code" (needed for externalCode, paragraph by the didh preset)');
  });

  it('refuses a file that has none of the mapped text columns, even when each is optional, naming them', async () => {
    const m = mapping({ fields: { body: { column: 'body' }, 'text.fr': { column: 'texte', optional: true }, 'text.en': { column: 'text', optional: true } } });
    const e = await thrown(plan(table(['body', 'txt'], [['CAT', 'x']]), m));
    expect(e.code).toBe(ImportFileError.MissingRequiredColumn);
    expect(e.message).toBe('The file has none of the text columns "texte", "text": at least one is needed');
    expect((await plan(table(['body', 'text'], [['CAT', 'x']]), m)).recommendations).toHaveLength(1);
  });

  it('accepts a file without the optional columns of a preset, leaving those fields unset', async () => {
    const p = await plan(table(['code', 'text_fr'], [['R144.44', 'Texte']]), mapping({ preset: 'didh' }));
    expect(p.rejections).toEqual([]);
    expect(p.recommendations[0]!.lists).toEqual({});
    expect(p.recommendations[0]).not.toHaveProperty('status');
  });
});

describe('planImport: body and mechanism', () => {
  it('plans a treaty-body recommendation with its body, citation and text', async () => {
    const p = await plan(table(TB_HEADERS, [['CAT', 'CAT/C/MAR/CO/4', '12', ' Ensure that… ']]), tb());
    expect(p).toMatchObject({ totalRows: 1, rejections: [], merged: 0, newReviews: [], newLabels: [], unknownLabels: [] });
    expect(p.recommendations).toEqual([
      {
        rows: [2],
        mechanism: 'TREATY_BODY',
        bodyId: 'body-cat',
        reviewId: null,
        documentSymbol: 'CAT/C/MAR/CO/4',
        paragraph: '12',
        part: null,
        externalCode: null,
        texts: { en: 'Ensure that…' },
        lists: {},
        key: 's|CAT/C/MAR/CO/4|12|',
      },
    ]);
  });

  it('finds the body by its name in any language, ignoring a leading "- "', async () => {
    const p = await plan(table(TB_HEADERS, [['- Comité contre la Torture', 'S', '1', 'a'], ['لجنة مناهضة التعذيب', 'S', '2', 'b'], ['cat', 'S', '3', 'c']]), tb());
    expect(p.recommendations.map((r) => r.bodyId)).toEqual(['body-cat', 'body-cat', 'body-cat']);
  });

  it('uses the UPR body when the mechanism is UPR and no body is given', async () => {
    const p = await plan(table(['text'], [['x']]), mapping({ fields: { 'text.en': { column: 'text' } }, defaults: { mechanism: 'Universal Periodic Review' } }));
    expect(p.recommendations[0]).toMatchObject({ bodyId: 'body-upr', mechanism: 'UPR' });
  });

  it('rejects a row without body (mechanism not UPR) with body.missing', async () => {
    const p = await plan(table(['body', 'text'], [['', 'x']]), mapping({ fields: { body: { column: 'body' }, 'text.en': { column: 'text' } } }));
    expect(p.rejections).toEqual([{ row: 2, column: 'body', code: ImportRowError.BodyMissing, message: 'No body (and the mechanism is not UPR)' }]);
    expect(p.recommendations).toEqual([]);
  });

  it('rejects an unknown body with body.unknown, giving the value', async () => {
    const p = await plan(table(TB_HEADERS, [['CRX', 'S', '1', 'x']]), tb());
    expect(p.rejections).toEqual([{ row: 2, column: 'body', code: ImportRowError.BodyUnknown, message: 'Unknown body "CRX"', value: 'CRX' }]);
  });

  it('rejects a body of another mechanism with mechanism.mismatch on the mechanism column', async () => {
    const p = await plan(table([...TB_HEADERS, 'mech'], [['CAT', 'S', '1', 'x', 'UPR']]), tb({ mechanism: { column: 'mech' } }));
    expect(p.rejections).toEqual([{ row: 2, column: 'mech', code: ImportRowError.MechanismMismatch, message: 'CAT is not a UPR body', value: 'UPR' }]);
  });

  it('accepts mechanism synonyms in any case ("treaty body", "Special procedure")', async () => {
    const p = await plan(table([...TB_HEADERS, 'mech'], [['CAT', 'S', '1', 'x', 'Treaty Body'], ['SR-TORTURE', 'S', '2', 'y', 'special procedure']]), tb({ mechanism: { column: 'mech' } }));
    expect(p.rejections).toEqual([]);
    expect(p.recommendations.map((r) => r.mechanism)).toEqual(['TREATY_BODY', 'SPECIAL_PROCEDURE']);
  });

  it('rejects an unknown mechanism with value.unknown', async () => {
    const p = await plan(table([...TB_HEADERS, 'mech'], [['CAT', 'S', '1', 'x', 'Committee']]), tb({ mechanism: { column: 'mech' } }));
    expect(p.rejections).toEqual([{ row: 2, column: 'mech', code: ImportRowError.UnknownValue, message: 'Unknown mechanism "Committee" (UPR, TREATY_BODY or SPECIAL_PROCEDURE)', value: 'Committee' }]);
  });
});

describe('planImport: citation, paragraph and code', () => {
  it('splits a symbol cell that carries the paragraph ("A/HRC/36/6, para. 144.44")', async () => {
    const m = mapping({ fields: { body: { column: 'body' }, documentSymbol: { column: 'symbol' }, 'text.en': { column: 'text' } } });
    const p = await plan(table(['body', 'symbol', 'text'], [['UPR', 'A/HRC/36/6, para. 144.44', 'x'], ['UPR', 'A/HRC/36/6 paragraphs 144.45', 'y']]), m);
    expect(p.recommendations.map((r) => [r.documentSymbol, r.paragraph])).toEqual([
      ['A/HRC/36/6', '144.44'],
      ['A/HRC/36/6', '144.45'],
    ]);
  });

  it('normalises DIDH codes: paragraph and part from "R144.110 P2", part before the number in "P1R 144.111"', async () => {
    const p = await plan(table(TB_HEADERS, [['UPR', 'A/HRC/36/6', 'R144.110 P2', 'a'], ['UPR', 'A/HRC/36/6', 'P1R 144.111', 'b'], ['UPR', 'A/HRC/36/6', 'R9P4P5', 'c']]), tb());
    expect(p.recommendations.map((r) => [r.paragraph, r.part, r.key])).toEqual([
      ['144.110', 'P2', 's|A/HRC/36/6|144.110|P2'],
      ['144.111', 'P1', 's|A/HRC/36/6|144.111|P1'],
      ['9', 'P4P5', 's|A/HRC/36/6|9|P4P5'],
    ]);
  });

  it('reads a paragraph written in Arabic-Indic digits', async () => {
    const p = await plan(table(TB_HEADERS, [['UPR', 'A/HRC/36/6', '١٤٤٫٤٤', 'x']]), tb());
    expect(p.recommendations[0]!.paragraph).toBe('144.44');
  });

  it('takes the part from the external code when the paragraph has none', async () => {
    const p = await plan(table([...TB_HEADERS, 'code'], [['UPR', 'A/HRC/36/6', '144.110', 'x', 'R144.110 P2']]), tb({ externalCode: { column: 'code' } }));
    expect(p.recommendations[0]).toMatchObject({ paragraph: '144.110', part: 'P2', externalCode: 'R144.110 P2' });
  });

  it('rejects a paragraph without a number with paragraph.invalid', async () => {
    const p = await plan(table(TB_HEADERS, [['CAT', 'S', 'see annex', 'x']]), tb());
    expect(p.rejections).toEqual([{ row: 2, column: 'para', code: ImportRowError.ParagraphInvalid, message: 'No paragraph number in "see annex"', value: 'see annex' }]);
  });

  it('rejects a document symbol or code longer than 64 characters with value.too_long', async () => {
    const long = `A/${'X'.repeat(63)}`;
    const p = await plan(table([...TB_HEADERS, 'code'], [['CAT', long, '1', 'x', ''], ['CAT', 'S', '1', 'y', 'C'.repeat(65)]]), tb({ externalCode: { column: 'code' } }));
    expect(p.rejections.map((r) => [r.row, r.column, r.code])).toEqual([
      [2, 'symbol', ImportRowError.TooLong],
      [3, 'code', ImportRowError.TooLong],
    ]);
  });

  it('truncates the offending value it reports to 200 characters', async () => {
    const p = await plan(table(TB_HEADERS, [['B'.repeat(500), 'S', '1', 'x']]), tb());
    expect(p.rejections[0]!.value).toHaveLength(200);
  });
});

describe('planImport: texts', () => {
  it('rejects a row without text in any language with row.text_missing', async () => {
    const p = await plan(table(TB_HEADERS, [['CAT', 'S', '1', '   ']]), tb());
    expect(p.rejections).toEqual([{ row: 2, column: null, code: ImportRowError.TextMissing, message: 'The row has no text in any language' }]);
  });

  it('rejects a text longer than TEXT_MAX_LENGTH with value.too_long on its column', async () => {
    const p = await plan(table(TB_HEADERS, [['CAT', 'S', '1', 'x'.repeat(TEXT_MAX_LENGTH + 1)], ['CAT', 'S', '2', 'x'.repeat(TEXT_MAX_LENGTH)]]), tb());
    expect(p.rejections.map((r) => [r.row, r.column, r.code])).toEqual([
      [2, 'text', ImportRowError.TooLong],
      [2, null, ImportRowError.TextMissing],
    ]);
    expect(p.recommendations.map((r) => r.rows)).toEqual([[3]]);
  });

  it('keeps the texts of every language the mapping names', async () => {
    const m = mapping({ fields: { body: { column: 'b' }, 'text.ar': { column: 'ar' }, 'text.fr': { column: 'fr' }, 'text.en': { column: 'en' } } });
    const p = await plan(table(['b', 'ar', 'fr', 'en'], [['CAT', 'نص التوصية', 'Texte', '']]), m);
    expect(p.recommendations[0]!.texts).toEqual({ ar: 'نص التوصية', fr: 'Texte' });
  });
});

describe('planImport: response and status', () => {
  const m = tb({ response: { column: 'resp', values: { 'Prise en note': 'noted', Acceptée: 'supported' } }, status: { column: 'st' } });
  const H = [...TB_HEADERS, 'resp', 'st'];

  it.each([
    ['supported', 'supported'],
    ['Accepted', 'supported'],
    ['Supported in part', 'supported_in_part'],
    ['partially supported', 'supported_in_part'],
    ['NOT SUPPORTED', 'noted'],
    ['Rejected', 'noted'],
    ['prise en NOTE', 'noted'],
    ['acceptee', 'supported'],
  ])('reads the response "%s" as %s', async (raw, response) => {
    const p = await plan(table(H, [['UPR', 'S', '1', 'x', raw, '']]), m);
    expect(p.rejections).toEqual([]);
    expect(p.recommendations[0]!.response).toBe(response);
  });

  it.each([
    ['In progress', 'in_progress'],
    ['partially implemented', 'partially_implemented'],
    ['NOT_APPLICABLE', 'not_applicable'],
    ['implemented', 'implemented'],
  ])('reads the status "%s" as %s', async (raw, status) => {
    const p = await plan(table(H, [['UPR', 'S', '1', 'x', '', raw]]), m);
    expect(p.recommendations[0]!.status).toBe(status);
  });

  it('leaves response and status out when their cells are empty', async () => {
    const p = await plan(table(H, [['UPR', 'S', '1', 'x', '', '']]), m);
    expect(p.recommendations[0]).not.toHaveProperty('response');
    expect(p.recommendations[0]).not.toHaveProperty('status');
  });

  it('rejects an unknown response or status with value.unknown on its column', async () => {
    const p = await plan(table(H, [['UPR', 'S', '1', 'x', 'Maybe', ''], ['UPR', 'S', '2', 'y', '', 'Done']]), m);
    expect(p.rejections).toEqual([
      { row: 2, column: 'resp', code: ImportRowError.UnknownValue, message: 'Unknown response "Maybe"', value: 'Maybe' },
      { row: 3, column: 'st', code: ImportRowError.UnknownValue, message: 'Unknown status "Done"', value: 'Done' },
    ]);
  });

  it('uses the default when the cell is empty and the column when it is not', async () => {
    const md = tb({ response: { column: 'resp' } }, { defaults: { response: 'noted' } });
    const p = await plan(table([...TB_HEADERS, 'resp'], [['UPR', 'S', '1', 'x', ''], ['UPR', 'S', '2', 'y', 'supported']]), md);
    expect(p.recommendations.map((r) => r.response)).toEqual(['noted', 'supported']);
  });

  // Was a bug: RESPONSE_SYNONYMS was a plain object, so "constructor" / "__proto__" resolved to Object.prototype members.
  it('rejects the response "constructor" with value.unknown', async () => {
    const p = await plan(table(H, [['UPR', 'S', '1', 'x', 'constructor', '']]), m);
    expect(codes(p)).toEqual([ImportRowError.UnknownValue]);
  });
});

describe('planImport: kind', () => {
  const m = tb({ kind: { column: 'kind' }, response: { column: 'resp' } });
  const H = [...TB_HEADERS, 'kind', 'resp'];

  it.each([
    ['question', 'question'],
    ['Question', 'question'],
    ['سؤال', 'question'],
    ['Recommandation', 'recommendation'],
    ['RECOMMENDATION', 'recommendation'],
    ['توصية', 'recommendation'],
  ])('reads the kind "%s" as %s', async (raw, kind) => {
    const p = await plan(table(H, [['CAT', 'CAT/C/MAR/QPR/5', '1', 'x', raw, '']]), m);
    expect(p.rejections).toEqual([]);
    expect(p.recommendations[0]!.kind).toBe(kind);
  });

  it('leaves the kind out when the cell is empty and no default is given (an existing item keeps its own)', async () => {
    const p = await plan(table(H, [['CAT', 'S', '1', 'x', '', '']]), m);
    expect(p.recommendations[0]).not.toHaveProperty('kind');
  });

  it('takes the default kind for a whole file (the list-of-issues preset sets question)', async () => {
    const p = await plan(table(TB_HEADERS, [['CAT', 'CAT/C/MAR/QPR/5', '2', 'x']]), tb({}, { defaults: { kind: 'question' } }));
    expect(p.recommendations[0]!.kind).toBe('question');
  });

  it.each(['answer', 'constructor', '__proto__'])('rejects the unknown kind "%s" with value.unknown on its column', async (raw) => {
    const p = await plan(table(H, [['CAT', 'S', '1', 'x', raw, '']]), m);
    expect(p.rejections).toEqual([{ row: 2, column: 'kind', code: ImportRowError.UnknownValue, message: `Unknown kind "${raw}" (recommendation or question)`, value: raw }]);
  });

  it('rejects a question that carries a response, on the response column; a recommendation keeps its response', async () => {
    const p = await plan(table(H, [['CAT', 'S', '1', 'x', 'question', 'noted'], ['CAT', 'S', '2', 'y', 'recommendation', 'noted']]), m);
    expect(p.rejections).toEqual([{ row: 2, column: 'resp', code: ImportRowError.UnknownValue, message: 'A question has no response ("noted")', value: 'noted' }]);
    expect(p.recommendations.map((r) => [r.kind, r.response])).toEqual([['recommendation', 'noted']]);
  });

  it('keeps the kind of the first merged row that has one', async () => {
    const md = tb({ kind: { column: 'kind' } }, { duplicates: 'merge' });
    const p = await plan(table([...TB_HEADERS, 'kind'], [['CAT', 'S', '1', 'x', ''], ['CAT', 'S', '1', 'x', 'question']]), md);
    expect(p.merged).toBe(1);
    expect(p.recommendations.map((r) => r.kind)).toEqual(['question']);
  });
});

describe('planImport: list fields', () => {
  it('splits a cell on the separator, trims, matches labels in any language and drops repeated codes', async () => {
    const m = tb({ themes: { column: 'th', separator: ';' } });
    const p = await plan(table([...TB_HEADERS, 'th'], [['CAT', 'S', '1', 'x', ' Torture ; المرأة;femmes;; TORTURE ']]), m);
    expect(p.rejections).toEqual([]);
    expect(p.recommendations[0]!.lists).toEqual({ themes: ['torture', 'women'] });
  });

  it('matches "&" as "and" and ignores label case and accents', async () => {
    const m = tb({ themes: { column: 'th' } });
    const p = await plan(table([...TB_HEADERS, 'th'], [['CAT', 'S', '1', 'x', 'ECONOMIC, SOCIAL AND CULTURAL RIGHTS - general measures']]), m);
    expect(p.recommendations[0]!.lists.themes).toEqual(['esc-rights-general']);
  });

  it('takes a JSON list as is, without a separator', async () => {
    const m = tb({ affectedPersons: { column: 'ap' } });
    const p = await plan(table([...TB_HEADERS, 'ap'], [['CAT', 'S', '1', 'x', ['Children', 'enfants', '']]]), m);
    expect(p.recommendations[0]!.lists.affectedPersons).toEqual(['children']);
  });

  it('recognises states by ISO3, common short names, French and Arabic names', async () => {
    const m = tb({ recommendingStates: { column: 'from', separator: ',' } });
    const p = await plan(table([...TB_HEADERS, 'from'], [['UPR', 'S', '1', 'x', 'TUR, United Kingdom, Iran, فرنسا, Maroc']]), m);
    expect(p.recommendations[0]!.lists.recommendingStates).toEqual(['TR', 'GB', 'IR', 'FR', 'MA']);
  });

  it('finds an SDG target by the code at the start of a longer label', async () => {
    const m = tb({ sdgTargets: { column: 'sdg', separator: '|' } });
    const p = await plan(table([...TB_HEADERS, 'sdg'], [['CAT', 'S', '1', 'x', '5.1 - End discrimination against women|16.3 Rule of law']]), m);
    expect(p.recommendations[0]!.lists.sdgTargets).toEqual(['5.1', '16.3']);
  });

  it('applies the value map before matching and drops labels mapped to ""', async () => {
    const m = tb({ axes: { column: 'ax', separator: ';', values: { '1': 'AX1', '9': '' } } });
    const p = await plan(table([...TB_HEADERS, 'ax'], [['CAT', 'S', '1', 'x', '1;9']]), m);
    expect(p.rejections).toEqual([]);
    expect(p.recommendations[0]!.lists.axes).toEqual(['AX1']);
  });

  it('rejects a row with an unknown label with label.unknown and counts the label\'s rows, most used first', async () => {
    const m = tb({ themes: { column: 'th', separator: ';' } });
    const p = await plan(table([...TB_HEADERS, 'th'], [['CAT', 'S', '1', 'x', 'Water;Torture'], ['CAT', 'S', '2', 'y', 'Housing;water'], ['CAT', 'S', '3', 'z', 'Women']]), m);
    expect(p.rejections).toEqual([
      { row: 2, column: 'th', code: ImportRowError.UnknownLabel, message: 'Unknown themes label "Water"', value: 'Water' },
      { row: 3, column: 'th', code: ImportRowError.UnknownLabel, message: 'Unknown themes label "Housing"', value: 'Housing' },
      { row: 3, column: 'th', code: ImportRowError.UnknownLabel, message: 'Unknown themes label "water"', value: 'water' },
    ]);
    expect(p.unknownLabels).toEqual([
      { field: 'themes', label: 'Water', rows: 2, candidates: [] },
      { field: 'themes', label: 'Housing', rows: 1, candidates: [] },
    ]);
    expect(p.recommendations.map((r) => r.rows)).toEqual([[4]]);
  });

  it('creates unknown labels when asked: one per label across rows, slug codes, institution ids', async () => {
    const m = tb({ themes: { column: 'th', separator: ';' }, institutions: { column: 'inst', separator: ';' } }, { createUnknown: ['themes', 'institutions'] });
    const p = await plan(
      table([...TB_HEADERS, 'th', 'inst'], [
        ['CAT', 'S', '1', 'x', 'Droit à l’eau', 'Ministère de la Santé;MJ'],
        ['CAT', 'S', '2', 'y', "droit a l'eau;Torture", 'ministere de la sante'],
      ]),
      m,
    );
    expect(p.rejections).toEqual([]);
    expect(p.newLabels).toEqual([
      { field: 'themes', code: 'droit-a-l-eau', label: 'Droit à l’eau' },
      { field: 'institutions', code: 'MINISTERE_DE_LA_SANTE', label: 'Ministère de la Santé', id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
    expect(p.recommendations.map((r) => r.lists)).toEqual([
      { themes: ['droit-a-l-eau'], institutions: ['MINISTERE_DE_LA_SANTE', 'MJ'] },
      { themes: ['droit-a-l-eau', 'torture'], institutions: ['MINISTERE_DE_LA_SANTE'] },
    ]);
  });

  it('gives a created label a fresh code when its slug is taken, and creates spellings of one label once', async () => {
    const m = tb({ themes: { column: 'th', separator: ';' } }, { createUnknown: ['themes'] });
    // The slug of "Droits enfant طفل" (Latin letters only) is the code of a theme whose name differs.
    const lookups = { ...LOOKUPS, themes: [...LOOKUPS.themes, { code: 'droits-enfant', nameEn: 'Children’s rights' }] };
    const p = await plan(table([...TB_HEADERS, 'th'], [['CAT', 'S', '1', 'x', 'Droits enfant طفل;Droits, enfant طفل;DROITS: l’enfant طفل;Eau']]), m, lookups);
    expect(p.rejections).toEqual([]);
    // The three spellings are one label for the name matcher: created once.
    expect(p.newLabels.map((l) => [l.code, l.label])).toEqual([
      ['droits-enfant-2', 'Droits enfant طفل'],
      ['eau', 'Eau'],
    ]);
    expect(p.recommendations[0]!.lists.themes).toEqual(['droits-enfant-2', 'eau']);
  });

  it('does not create labels of a field the mapping did not list in createUnknown', async () => {
    const m = tb({ themes: { column: 'th' }, affectedPersons: { column: 'ap' } }, { createUnknown: ['themes'] });
    const p = await plan(table([...TB_HEADERS, 'th', 'ap'], [['CAT', 'S', '1', 'x', 'Water', 'Miners']]), m);
    expect(p.newLabels.map((l) => l.field)).toEqual(['themes']);
    expect(codes(p)).toEqual([ImportRowError.UnknownLabel]);
  });
});

describe('planImport: reviews', () => {
  it('finds a review by code or by title in any language, within the row\'s body', async () => {
    const m = tb({ review: { column: 'rev' } });
    const p = await plan(table([...TB_HEADERS, 'rev'], [['UPR', 'S', '1', 'x', 'mar-upr-2'], ['UPR', 'S', '2', 'y', 'Examen periodique universel : Maroc – 2e cycle'], ['CAT', 'S', '3', 'z', 'CAT-MAR-5']]), m);
    expect(p.rejections).toEqual([]);
    expect(p.recommendations.map((r) => r.reviewId)).toEqual(['rev-mar-2', 'rev-mar-2', 'rev-cat-5']);
  });

  it('rejects a review of another body or an unknown one with value.unknown', async () => {
    const m = tb({ review: { column: 'rev' } });
    const p = await plan(table([...TB_HEADERS, 'rev'], [['CAT', 'S', '1', 'x', 'MAR-UPR-2']]), m);
    expect(p.rejections).toEqual([{ row: 2, column: 'rev', code: ImportRowError.UnknownValue, message: 'Unknown review "MAR-UPR-2" for CAT', value: 'MAR-UPR-2' }]);
  });

  it('finds a treaty-body review by its document symbol', async () => {
    const p = await plan(table(TB_HEADERS, [['CAT', 'cat/c/mar/co/5', '12', 'x']]), tb());
    expect(p.recommendations[0]!.reviewId).toBe('rev-cat-5');
  });

  const upr = (extra: Record<string, unknown>) => mapping({ fields: { 'text.en': { column: 'text' }, stateUnderReview: { column: 'state' }, ...extra }, defaults: { mechanism: 'UPR' } });

  it('links a UPR row to the existing review of its state and cycle (ISO3-UPR-cycle)', async () => {
    const p = await plan(table(['text', 'state', 'cycle'], [['x', 'Maroc', '2ème cycle (2012-2016)']]), upr({ cycle: { column: 'cycle' } }));
    expect(p.newReviews).toEqual([]);
    expect(p.recommendations[0]!.reviewId).toBe('rev-mar-2');
  });

  it('creates a missing UPR review once, with titles, session and symbol, and links every row of it', async () => {
    const m = upr({ session: { column: 'session' }, documentSymbol: { column: 'symbol' } });
    const p = await plan(table(['text', 'state', 'session', 'symbol'], [['x', 'Morocco', 'Session 27', 'A/HRC/36/6'], ['y', 'MAR', '27', 'A/HRC/36/6']]), m);
    expect(p.newReviews).toEqual([
      {
        id: expect.any(String),
        bodyId: 'body-upr',
        code: 'MAR-UPR-3',
        titleEn: 'Universal Periodic Review of Morocco – cycle 3',
        titleFr: 'Examen périodique universel : Maroc – 3e cycle',
        titleAr: 'الاستعراض الدوري الشامل للمغرب – الجولة الثالثة',
        cycle: 3,
        session: '27',
        documentSymbol: 'A/HRC/36/6',
      },
    ]);
    expect(p.recommendations.map((r) => r.reviewId)).toEqual([p.newReviews[0]!.id, p.newReviews[0]!.id]);
  });

  it('rejects an unknown state under review with label.unknown', async () => {
    const p = await plan(table(['text', 'state', 'cycle'], [['x', 'Atlantis', '3']]), upr({ cycle: { column: 'cycle' } }));
    expect(p.rejections).toEqual([{ row: 2, column: 'state', code: ImportRowError.UnknownLabel, message: 'Unknown state under review "Atlantis"', value: 'Atlantis' }]);
  });

  it('falls back to the document symbol of an existing UPR review when the cycle is unknown', async () => {
    const m = mapping({ fields: { 'text.en': { column: 'text' }, documentSymbol: { column: 'symbol' } }, defaults: { mechanism: 'UPR' } });
    const p = await plan(table(['text', 'symbol'], [['x', 'A/HRC/21/3']]), m);
    expect(p.recommendations[0]!.reviewId).toBe('rev-mar-2');
  });
});

describe('planImport: row issues and duplicates', () => {
  it('rejects a row the reader flagged (row.column_count) and plans the others', async () => {
    const t = table(TB_HEADERS, [['CAT', 'S', '1', 'x'], ['CAT', 'S', '2', 'y']]);
    t.records[0]!.issues.push({ code: ImportRowError.ColumnCount, column: null, message: 'Row has 5 cells for 4 columns' });
    const p = await plan(t, tb());
    expect(p.rejections).toEqual([{ row: 2, column: null, code: ImportRowError.ColumnCount, message: 'Row has 5 cells for 4 columns' }]);
    expect(p.recommendations.map((r) => r.rows)).toEqual([[3]]);
  });

  it('reports every problem of a row, sorted by row', async () => {
    const m = tb({ response: { column: 'resp' } });
    const p = await plan(table([...TB_HEADERS, 'resp'], [['CAT', 'S', '1', 'ok', ''], ['XXX', 'S', 'none', '', 'maybe']]), m);
    expect(p.rejections.map((r) => [r.row, r.code])).toEqual([
      [3, ImportRowError.BodyUnknown],
      [3, ImportRowError.ParagraphInvalid],
      [3, ImportRowError.TextMissing],
      [3, ImportRowError.UnknownValue],
    ]);
  });

  it('rejects a later row with the same symbol + paragraph + part as row.duplicate naming the first row', async () => {
    const p = await plan(table(TB_HEADERS, [['UPR', 'A/HRC/36/6', 'R144.110 P2', 'a'], ['UPR', 'A/HRC/36/6', 'R144.110 P1', 'b'], ['UPR', 'a/hrc/36/6', '144.110P2', 'c']]), tb());
    expect(p.recommendations.map((r) => r.rows)).toEqual([[2], [3]]);
    expect(p.rejections).toEqual([{ row: 4, column: 'para', code: ImportRowError.Duplicate, message: 'Same recommendation as row 2 (a/hrc/36/6 para 144.110 P2)' }]);
  });

  it('rejects a later row with the same external code as row.duplicate on the code column', async () => {
    const m = mapping({ fields: { body: { column: 'body' }, externalCode: { column: 'code' }, 'text.fr': { column: 'text' } } });
    const p = await plan(table(['body', 'code', 'text'], [['CAT', 'REC 1', 'a'], ['CAT', 'rec1', 'b'], ['CAT', 'REC-1', 'c']]), m);
    expect(p.recommendations.map((r) => r.rows)).toEqual([[2], [4]]);
    expect(p.rejections).toEqual([{ row: 3, column: 'code', code: ImportRowError.Duplicate, message: 'Same recommendation as row 2 (rec1)' }]);
  });

  it('rejects a later row with the same English text (no citation) as row.duplicate', async () => {
    const m = mapping({ fields: { body: { column: 'body' }, 'text.en': { column: 'text' } } });
    const p = await plan(table(['body', 'text'], [['CAT', 'Ratify OP-CAT'], ['CAT', 'ratify  op-cat'], ['UPR', 'Ratify OP-CAT']]), m);
    expect(p.recommendations.map((r) => r.rows)).toEqual([[2], [4]]);
    expect(p.rejections).toEqual([{ row: 3, column: 'text', code: ImportRowError.Duplicate, message: 'Same recommendation as row 2 (same text)' }]);
  });

  // Reported: the duplicate of a French-only (or Arabic-only) row names the text.en column, here unmapped (null).
  it('names the French text column in the duplicate rejection of a French-only row', async () => {
    const m = mapping({ fields: { body: { column: 'body' }, 'text.fr': { column: 'texte' } } });
    const p = await plan(table(['body', 'texte'], [['CAT', 'Ratifier'], ['CAT', 'Ratifier']]), m);
    expect(p.rejections[0]!.column).toBe('texte');
  });

  it('merges rows with the same identity when asked: union of lists, first response kept, merged count', async () => {
    const m = mapping({
      preset: 'upr-info',
      fields: { documentSymbol: { column: 'sym' }, paragraph: { column: 'para' } },
    });
    const p = await plan(
      table(['sym', 'para', 'Text', 'To', 'Session', 'From', 'Response', 'Issue'], [
        ['A/HRC/36/6', '144.1', 'Ratify', 'Morocco', '27', 'France', 'Accepted', 'Torture'],
        ['A/HRC/36/6', '144.1', 'Ratify', 'Morocco', '27', 'Turkey', 'Noted', 'Women, torture'],
        ['A/HRC/36/6', '144.2', 'Other', 'Morocco', '27', '(Unknown)', '', ''],
      ]),
      m,
    );
    expect(p.rejections).toEqual([]);
    expect(p.merged).toBe(1);
    expect(p.recommendations.map((r) => ({ rows: r.rows, response: r.response, lists: r.lists }))).toEqual([
      { rows: [2, 3], response: 'supported', lists: { recommendingStates: ['FR', 'TR'], themes: ['torture', 'women'] } },
      { rows: [4], lists: { recommendingStates: [], themes: [] } },
    ]);
  });

  it('keeps rows with the same identity as separate recommendations when asked (DIDH)', async () => {
    const p = await plan(table(['code', 'text_fr'], [['R144.44 P1', 'a'], ['R144.44P1', 'b']]), mapping({ preset: 'didh', defaults: { documentSymbol: 'A/HRC/36/6' } }));
    expect(p.rejections).toEqual([]);
    expect(p.merged).toBe(0);
    expect(p.recommendations.map((r) => r.key)).toEqual(['s|A/HRC/36/6|144.44|P1', 's|A/HRC/36/6|144.44|P1']);
  });
});

describe('planImport: sidh-export formula prefix', () => {
  it('strips the quote the export puts before = + - @ with the sidh-export preset only', async () => {
    const headers = ['body', 'text_en'];
    const rows = [['CAT', "'=1+1"], ['CAT', "'- Ratify"], ['CAT', "'Quote"]];
    const exp = await plan(table(headers, rows), mapping({ preset: 'sidh-export' }));
    expect(exp.recommendations.map((r) => r.texts.en)).toEqual(['=1+1', '- Ratify', "'Quote"]);
    const custom = await plan(table(headers, rows), mapping({ fields: { body: { column: 'body' }, 'text.en': { column: 'text_en' } } }));
    expect(custom.recommendations.map((r) => r.texts.en)).toEqual(["'=1+1", "'- Ratify", "'Quote"]);
  });
});

// --------------------------------------------------------------------------------- properties

describe('planImport (properties)', () => {
  const m = mapping({
    fields: {
      body: { column: 'body' },
      documentSymbol: { column: 'symbol' },
      paragraph: { column: 'para' },
      externalCode: { column: 'code' },
      'text.fr': { column: 'fr' },
      'text.ar': { column: 'ar' },
      response: { column: 'resp' },
      status: { column: 'status' },
      stateUnderReview: { column: 'state' },
      cycle: { column: 'cycle' },
      themes: { column: 'themes', separator: ';' },
      institutions: { column: 'inst', separator: ' | ' },
    },
    createUnknown: ['institutions'],
  });
  const HEADERS = ['body', 'symbol', 'para', 'code', 'fr', 'ar', 'resp', 'status', 'state', 'cycle', 'themes', 'inst'];
  const row = fc.tuple(
    fc.constantFrom('UPR', 'CAT', '- Comité contre la torture', 'XYZ', ''),
    fc.constantFrom('A/HRC/36/6', 'a/hrc/36/6', 'CAT/C/MAR/CO/5', ''),
    fc.constantFrom('144.110', 'R144.110 P2', 'P1R 144.111', '١٢', 'annex', ''),
    fc.constantFrom('R1', 'r 1', 'R144.110 P2', ''),
    fc.constantFrom('Ratifier la convention', 'ratifier la convention', 'Garantir, "l’accès"\nà la justice', ''),
    fc.constantFrom('التصديق على الاتفاقية', ''),
    fc.constantFrom('Accepted', 'noted', 'maybe', ''),
    fc.constantFrom('in progress', 'implemented', 'done', ''),
    fc.constantFrom('Maroc', 'TUR', 'Atlantis', ''),
    fc.constantFrom('3', '4ème cycle', ''),
    fc.constantFrom('Torture;Femmes', 'المرأة', 'Water', ''),
    fc.constantFrom('MJ | Ministère de la Santé', 'Nouvelle instance', ''),
  );
  const tables = fc.array(row, { minLength: 1, maxLength: 25 }).map((rows) => table(HEADERS, rows));
  const policies = fc.constantFrom('reject', 'merge', 'keep') as fc.Arbitrary<'reject' | 'merge' | 'keep'>;

  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

  /** The identity keys of the plan, new reviews named by their code instead of their random id. */
  const stableKeys = (p: Plan) => {
    const code = new Map(p.newReviews.map((r) => [r.id, r.code]));
    return p.recommendations.map((r) => r.key.replace(UUID, (id) => code.get(id) ?? id)).sort();
  };

  /** The plan with its random ids (new reviews, created institutions) replaced by their order of appearance. */
  function canonical(p: Plan): string {
    const ids = new Map<string, string>();
    return JSON.stringify(p).replace(UUID, (id) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`);
      return ids.get(id)!;
    });
  }

  it('gives the same plan when the same rows are planned twice (ids aside), without touching the lookups', async () => {
    const lookups = JSON.stringify(LOOKUPS);
    await fc.assert(
      fc.asyncProperty(tables, policies, async (t, duplicates) => {
        const mm = { ...m, duplicates };
        expect(canonical(await plan(t, mm))).toBe(canonical(await plan(t, mm)));
        expect(JSON.stringify(LOOKUPS)).toBe(lookups);
      }),
      { numRuns: 60 },
    );
  });

  it('accounts for every row exactly once: in one recommendation or among the rejections', async () => {
    await fc.assert(
      fc.asyncProperty(tables, policies, async (t, duplicates) => {
        const p = await plan(t, { ...m, duplicates });
        const planned = p.recommendations.flatMap((r) => r.rows);
        const rejected = [...new Set(p.rejections.map((r) => r.row))];
        expect([...planned, ...rejected].sort((a, b) => a - b)).toEqual(t.records.map((r) => r.row));
        expect(p.totalRows).toBe(t.records.length);
        expect(p.merged).toBe(planned.length - p.recommendations.length);
        if (duplicates !== 'merge') expect(p.merged).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('lists rejections by row, with a known reason code', async () => {
    const known = new Set<string>(Object.values(ImportRowError));
    await fc.assert(
      fc.asyncProperty(tables, async (t) => {
        const p = await plan(t, m);
        const rows = p.rejections.map((r) => r.row);
        expect(rows).toEqual([...rows].sort((a, b) => a - b));
        for (const r of p.rejections) expect(known.has(r.code)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('plans recommendations with distinct identities under the reject policy, each with a text and its key', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (t) => {
        const p = await plan(t, { ...m, duplicates: 'reject' });
        const keys = p.recommendations.map((r) => r.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const r of p.recommendations) {
          expect(r.texts.fr || r.texts.ar || r.texts.en).toBeTruthy();
          expect(r.key).toBe(identityKeys(r).primary);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same plan whether it lets the event loop run after every row or never (clock stopped), and lets it run', async () => {
    /** Plans with a clock that moves `step` ms at each reading (0: a slice never ends), counting the turns of the event loop meanwhile. */
    const planWithClock = async (t: SourceTable, mm: ResolvedMapping, step: number) => {
      let now = 0;
      const clock = jest.spyOn(performance, 'now').mockImplementation(() => (now += step));
      let turns = 0;
      let counting = true;
      const count = () => {
        turns++;
        if (counting) setImmediate(count);
      };
      setImmediate(count);
      try {
        return { plan: await plan(t, mm), turns };
      } finally {
        counting = false;
        clock.mockRestore();
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 2, maxLength: 25 }), policies, async (rows, duplicates) => {
        const t = table(HEADERS, rows);
        const mm = { ...m, duplicates };
        const sliced = await planWithClock(t, mm, 60_000);
        const whole = await planWithClock(t, mm, 0);
        expect(canonical(sliced.plan)).toBe(canonical(whole.plan));
        expect(whole.turns).toBe(0);
        expect(sliced.turns).toBeGreaterThanOrEqual(rows.length - 1);
      }),
      { numRuns: 30 },
    );
  });

  it('gives the same recommendations whatever the row order under the keep policy (same key multiset)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 15 }), async (rows) => {
        const forward = await plan(table(HEADERS, rows), { ...m, duplicates: 'keep' });
        const backward = await plan(table(HEADERS, [...rows].reverse()), { ...m, duplicates: 'keep' });
        expect(stableKeys(forward)).toEqual(stableKeys(backward));
        expect(forward.rejections.length).toBe(backward.rejections.length);
      }),
      { numRuns: 50 },
    );
  });
});
