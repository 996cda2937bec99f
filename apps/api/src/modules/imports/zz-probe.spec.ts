import { planImport } from './planner.js';
import { parseMapping } from './mapping.js';
import { PRESETS } from './presets.js';

const show = async (name: string, f: () => unknown) => { try { const r = await f(); console.log(name, JSON.stringify(r, (_k, v) => v instanceof Map ? Object.fromEntries(v) : typeof v === 'function' ? `FN:${v.name}` : v)); } catch (e: any) { console.log(name, 'THROW', e.code, e.message, JSON.stringify(e.details)); } };
const tbl = (headers: string[], rows: string[][]) => ({ format: 'csv' as const, encoding: 'utf-8', delimiter: ',', headers, records: rows.map((r, i) => ({ row: i + 2, values: new Map(headers.map((h, j) => [h, r[j] ?? ''])), issues: [] })) });
const lookups = { bodies: [{ id: 'b-upr', code: 'UPR', mechanism: 'UPR' as const, nameEn: 'Universal Periodic Review' }, { id: 'b1', code: 'CAT', mechanism: 'TREATY_BODY' as const, nameEn: 'Committee against Torture' }], reviews: [], countries: [{ code: 'MA', iso3: 'MAR', nameEn: 'Morocco', nameFr: 'Maroc', nameAr: 'المغرب' }, { code: 'TR', iso3: 'TUR', nameEn: 'Türkiye' }], themes: [], affectedPersons: [], sdgTargets: [], axes: [], subAxes: [], institutions: [{ id: 'i1', code: 'MJ', nameFr: 'Ministère de la Justice' }] };
it('probe', async () => {
  const m = parseMapping({ preset: 'custom', fields: { 'text.fr': { column: 't' }, body: { column: 'b' }, response: { column: 'r' }, themes: { column: 'th', separator: ';' }, institutions: { column: 'in', separator: ';' } }, createUnknown: ['themes', 'institutions'] }, PRESETS);
  await show('proto', () => planImport(tbl(['t', 'b', 'r', 'th', 'in'], [['x', 'CAT', '__proto__', 'Droits, enfant;Droits enfant;Droits: enfant', 'Ministère de la Santé;Ministere  de la sante;MJ']]), m, lookups));
  await show('dup fr', () => planImport(tbl(['t', 'b', 'r', 'th', 'in'], [['x', 'CAT', '', '', ''], ['X', 'CAT', '', '', '']]), m, lookups));
  const d = parseMapping({ preset: 'didh' }, PRESETS);
  await show('didh', () => planImport(tbl(['code', 'text_fr', 'recommending_state_fr', 'status_fr', 'upr_cycle_fr'], [['R144.110 P2', 'Texte', 'Turquie', 'Réalisé', '3ème cycle (2017-2022)'], ['R144.110 P1', 'Texte', '', 'realise', ''], ['P1R 144.110', 'Texte b', '', 'RC', '']]), d, lookups));
});
