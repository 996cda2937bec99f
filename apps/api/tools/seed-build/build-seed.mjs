#!/usr/bin/env node
// Builds the product's seed files (apps/api/src/database/seeds/data/*.json) from the public
// sources in ../shared/data (relative to the repository root). Plain Node, no dependencies.
//
//   node apps/api/tools/seed-build/build-seed.mjs [sharedDataDir]
//
// The output is committed; re-run this script only when the sources or the curated tables in
// ./translations.mjs change. It is deterministic (same input → byte-identical output).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AFFECTED_PERSONS,
  AXES_EN,
  COUNTRY_ALIASES_EN,
  INSTITUTIONS,
  ISSUE_TO_AFFECTED,
  SOURCE_CORRECTIONS,
  SPECIAL_PROCEDURES,
  SUB_AXES_EN,
  SUB_AXIS_TO_AFFECTED,
  THEMES,
} from './translations.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const SRC = resolve(process.argv[2] ?? process.env.SIDH_SHARED_DATA ?? join(repoRoot, '../shared/data'));
const OUT = join(repoRoot, 'apps/api/src/database/seeds/data');

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF)

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const csv = (path) => parseCsv(readFileSync(join(SRC, path), 'utf8'));
const clean = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const capitalize = (s) => (s ? s[0].toLocaleUpperCase('fr') + s.slice(1) : s);
const slug = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
/** Lower-case, no accents, no punctuation: for matching names and texts. */
const norm = (s) =>
  clean(s)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function assert(cond, message) {
  if (!cond) throw new Error(`build-seed: ${message}`);
}

/** The source's slips corrected (SOURCE_CORRECTIONS); each correction must be used, or the build fails. */
const correctionsUsed = new Set();
const fixed = (s) => {
  let out = s;
  for (const [wrong, right] of Object.entries(SOURCE_CORRECTIONS)) {
    if (out.includes(wrong)) {
      out = out.split(wrong).join(right);
      correctionsUsed.add(wrong);
    }
  }
  return out;
};

/**
 * A recommendation's text in its one normal form: the same steps as `normalizeRecommendationText`
 * of @sidh/domain (libs/shared/domain/src/recommendation-text.ts), which the seeder and the importer
 * apply; this plain-Node script cannot import TypeScript, and seed-data.spec.ts checks that every
 * seeded text is already in that form.
 */
const recommendationText = (s) =>
  fixed(
    (s ?? '')
      .normalize('NFC')
      .replace(/\r\n?|[\u2028\u2029]/g, '\n')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/[\s;؛]+$/u, '')
      .trim(),
  );

const files = {};
function write(name, data, source) {
  mkdirSync(OUT, { recursive: true });
  const json = JSON.stringify(data, null, 1) + '\n';
  assert(Buffer.byteLength(json) < 1_000_000, `${name} is over 1 MB`);
  writeFileSync(join(OUT, name), json);
  files[name] = { bytes: Buffer.byteLength(json), rows: Array.isArray(data) ? data.length : undefined, source };
}

// ---------------------------------------------------------------------------------------------
// Countries

// Recommending states: the 193 UN member states and the two observer states (Holy See, State of
// Palestine). Dependent territories and entities without a UN seat make no recommendations.
const UN_OBSERVER_STATES = new Set(['VA', 'PS']);
const NOT_UN_MEMBERS = new Set(['TW']);
const countryRows = csv('reference/country-codes_datasets.csv').filter(
  (r) =>
    /^[A-Z]{2}$/.test(r['ISO3166-1-Alpha-2']) &&
    !NOT_UN_MEMBERS.has(r['ISO3166-1-Alpha-2']) &&
    (r.is_independent === 'Yes' || UN_OBSERVER_STATES.has(r['ISO3166-1-Alpha-2'])),
);
const unterm = (s) => clean(s.replace(/\s*\*$/, '').replace(/\s*\((the|le|la|les|l')\)\s*\*?$/i, ''));
const countries = countryRows
  .map((r) => ({
    code: r['ISO3166-1-Alpha-2'],
    iso3: r['ISO3166-1-Alpha-3'] || null,
    nameEn: r['ISO3166-1-Alpha-2'] === 'CI' ? "Côte d'Ivoire" : unterm(r['UNTERM English Short']) || clean(r.official_name_en),
    nameFr: clean(r.official_name_fr) || unterm(r['UNTERM French Short']),
    nameAr: clean(r.official_name_ar) || unterm(r['UNTERM Arabic Short']),
  }))
  .sort((a, b) => a.code.localeCompare(b.code));
assert(countries.every((c) => c.nameEn && c.nameFr && c.nameAr), 'country without a name');
write('countries.json', countries, 'reference/country-codes_datasets.csv');

const byEnglish = new Map();
const byFrench = new Map();
for (const r of countryRows) {
  const code = r['ISO3166-1-Alpha-2'];
  for (const k of ['UNTERM English Short', 'UNTERM English Formal', 'official_name_en', 'CLDR display name']) {
    if (r[k]) byEnglish.set(norm(unterm(r[k])), code);
  }
  for (const k of ['UNTERM French Short', 'official_name_fr']) if (r[k]) byFrench.set(norm(unterm(r[k])), code);
}
for (const [k, v] of Object.entries(COUNTRY_ALIASES_EN)) byEnglish.set(norm(k), v);
const countryFromEnglish = (name) => byEnglish.get(norm(name.replace(/\s*\(the\)$/, ''))) ?? null;
const countryFromFrench = (name) => byFrench.get(norm(name)) ?? null;

// ---------------------------------------------------------------------------------------------
// SDGs

const sdgGoals = csv('reference/sdg_goals_en_fr_ar.csv').map((r) => ({
  code: String(Number(r.goal)),
  nameEn: clean(r.short_en),
  nameFr: clean(r.short_fr),
  nameAr: clean(r.short_ar),
  titleEn: clean(r.title_en),
  titleFr: clean(r.title_fr),
  titleAr: clean(r.title_ar),
}));
const sdgTargets = csv('reference/sdg_targets_en_fr_ar.csv').map((r) => ({
  code: clean(r.target),
  goalCode: String(Number(r.goal)),
  nameEn: clean(r.title_en),
  nameFr: clean(r.title_fr),
  nameAr: clean(r.title_ar),
}));
assert(sdgGoals.length === 17 && sdgTargets.length === 169, 'SDG counts');
write('sdg-goals.json', sdgGoals, 'reference/sdg_goals_en_fr_ar.csv');
write('sdg-targets.json', sdgTargets, 'reference/sdg_targets_en_fr_ar.csv');

// ---------------------------------------------------------------------------------------------
// Bodies: UPR, treaty bodies, special procedures

const FOLLOW_UP = { CCPR: 12, CAT: 12, CERD: 12, CED: 12, CEDAW: 24, CMW: 24 };
// The compiled file has no French or Arabic name for CED (not in the DIDH database): ours.
const CED_NAMES = { fr: 'Le Comité des disparitions forcées (CED)', ar: 'اللجنة المعنية بحالات الاختفاء القسري (CED)' };
const bodies = [
  {
    code: 'UPR',
    mechanism: 'UPR',
    nameEn: 'Universal Periodic Review (Human Rights Council)',
    nameFr: 'Examen périodique universel (Conseil des droits de l’homme)',
    nameAr: 'الاستعراض الدوري الشامل (مجلس حقوق الإنسان)',
    followUpMonths: null,
  },
];
for (const r of csv('reference/un_treaty_bodies_compiled.csv')) {
  const code = r.body_abbr;
  bodies.push({
    code,
    mechanism: 'TREATY_BODY',
    nameEn: `${clean(r.body_name_en)} (${code})`,
    nameFr: clean(r.body_name_fr_didh) || CED_NAMES.fr,
    nameAr: clean(r.body_name_ar_didh) || CED_NAMES.ar,
    followUpMonths: FOLLOW_UP[code] ?? null,
    treaty: r.treaty_abbr,
  });
}
assert(bodies.length === 11, 'expected 10 treaty bodies');
const neutralAr = (s) =>
  clean(s)
    .replace(/^لفريق/, 'الفريق')
    .replace(/^العامل المعني/, 'الفريق العامل المعني')
    .replace(/^المقررة الخاصة/, 'المقرر الخاص')
    .replace(/^الخبيرة المستقلة/, 'الخبير المستقل')
    .replace(/^(المقرر الخاص|الخبير المستقل) المعنية/, '$1 المعني');
for (const r of csv('didh_morocco/didh_special_procedure_mandates_fr_ar.csv')) {
  const sp = SPECIAL_PROCEDURES[r.id];
  assert(sp, `special procedure ${r.id} has no code`);
  bodies.push({
    code: sp.code,
    mechanism: 'SPECIAL_PROCEDURE',
    nameEn: sp.en,
    nameFr: sp.fr,
    nameAr: sp.ar ?? neutralAr(r.mandate_ar),
    followUpMonths: null,
  });
}
const didhMandates = bodies.length - 11;
// Every other current mandate of the Human Rights Council's special procedures, from our curated
// `special-procedures.json` (official names; where no official Arabic name was found, the French one
// stands in until it is translated: `arabicMissing`).
const curated = JSON.parse(readFileSync(join(OUT, 'special-procedures.json'), 'utf8'));
const curatedWithoutArabic = curated.filter((m) => !bodies.some((b) => b.code === m.code) && m.arabicMissing).length;
for (const m of curated) {
  if (bodies.some((b) => b.code === m.code)) continue;
  bodies.push({ code: m.code, mechanism: 'SPECIAL_PROCEDURE', nameEn: m.nameEn, nameFr: m.nameFr, nameAr: m.nameAr ?? m.nameFr, followUpMonths: null });
}
write('bodies.json', bodies, 'reference/un_treaty_bodies_compiled.csv, didh_morocco/didh_special_procedure_mandates_fr_ar.csv, special-procedures.json');

// ---------------------------------------------------------------------------------------------
// Institutions

const institutionById = new Map();
const institutions = csv('didh_morocco/didh_responsible_entities.csv').map((r) => {
  const meta = INSTITUTIONS[r.id];
  assert(meta, `institution ${r.id} (${r.label_fr}) has no code`);
  institutionById.set(r.id, meta.code);
  return { code: meta.code, type: meta.type, nameFr: fixed(clean(r.label_fr)), nameAr: fixed(clean(r.label_ar)), nameEn: meta.en, sourceId: Number(r.id) };
});
assert(institutions.length === 52, 'expected 52 institutions');
assert(new Set(institutions.map((i) => i.code)).size === 52, 'institution codes not unique');
write('institutions.json', institutions, 'didh_morocco/didh_responsible_entities.csv');

// ---------------------------------------------------------------------------------------------
// Axes and sub-axes

const axisCode = (id) => `AX${id}`;
const axes = csv('didh_morocco/didh_axes.csv').map((r) => ({
  code: axisCode(r.id),
  nameFr: fixed(capitalize(clean(r.label_fr))),
  nameAr: fixed(clean(r.label_ar)),
  nameEn: AXES_EN[r.id][0],
  shortFr: fixed(clean(r.short_fr)),
  shortAr: fixed(clean(r.short_ar)),
  shortEn: AXES_EN[r.id][1],
  sourceId: Number(r.id),
}));
const subAxisCodeById = new Map();
const perAxis = new Map();
const subAxes = csv('didh_morocco/didh_sub_axes.csv').map((r) => {
  const n = (perAxis.get(r.axis_id) ?? 0) + 1;
  perAxis.set(r.axis_id, n);
  const code = `${axisCode(r.axis_id)}.${n}`;
  subAxisCodeById.set(r.id, code);
  assert(SUB_AXES_EN[r.id], `sub-axis ${r.id} has no English name`);
  return { code, axisCode: axisCode(r.axis_id), nameFr: fixed(capitalize(clean(r.label_fr))), nameAr: fixed(clean(r.label_ar)), nameEn: SUB_AXES_EN[r.id], sourceId: Number(r.id) };
});
write('axes.json', axes, 'didh_morocco/didh_axes.csv');
write('sub-axes.json', subAxes, 'didh_morocco/didh_sub_axes.csv');

// ---------------------------------------------------------------------------------------------
// Themes and affected persons

const issues = csv('reference/upr_info_issues_observed.csv');
const themeByLabel = new Map();
const themes = issues.map((r) => {
  const label = clean(r.issue);
  const names = THEMES[label];
  assert(names, `no translation for UPR Info issue "${label}"`);
  const code = slug(label);
  themeByLabel.set(label, code);
  return { code, nameEn: names[0], nameFr: names[1], nameAr: names[2], sourceLabel: label };
});
assert(themes.length === 54 && new Set(themes.map((t) => t.code)).size === 54, 'expected 54 unique themes');
write('themes.json', themes, 'reference/upr_info_issues_observed.csv (labels); names: project translation');

const affectedPersons = AFFECTED_PERSONS.map(([code, en, fr, ar, labels]) => ({ code, nameEn: en, nameFr: fr, nameAr: ar, ohchrLabels: labels }));
write('affected-persons.json', affectedPersons, 'OHCHR Universal Human Rights Index vocabulary; project translation');

// ---------------------------------------------------------------------------------------------
// Demo dataset: Morocco's UPR cycles 1–3

const reviews = [
  { code: 'MAR-UPR-1', bodyCode: 'UPR', titleAr: 'الاستعراض الدوري الشامل للمغرب – الجولة الأولى', titleFr: 'Examen périodique universel du Maroc – 1er cycle', titleEn: 'Universal Periodic Review of Morocco – 1st cycle', cycle: 1, session: '1', year: 2008, reviewDate: '2008-04-08', documentSymbol: 'A/HRC/8/22' },
  { code: 'MAR-UPR-2', bodyCode: 'UPR', titleAr: 'الاستعراض الدوري الشامل للمغرب – الجولة الثانية', titleFr: 'Examen périodique universel du Maroc – 2e cycle', titleEn: 'Universal Periodic Review of Morocco – 2nd cycle', cycle: 2, session: '13', year: 2012, reviewDate: '2012-05-22', documentSymbol: 'A/HRC/21/3' },
  { code: 'MAR-UPR-3', bodyCode: 'UPR', titleAr: 'الاستعراض الدوري الشامل للمغرب – الجولة الثالثة', titleFr: 'Examen périodique universel du Maroc – 3e cycle', titleEn: 'Universal Periodic Review of Morocco – 3rd cycle', cycle: 3, session: '27', year: 2017, reviewDate: '2017-05-02', documentSymbol: 'A/HRC/36/6' },
];

/**
 * Recommendation text → comparable form: no leading "To", and for the reports' texts
 * (`withStates`) no trailing "(State, …);".
 */
const textKey = (t, withStates = false) => {
  let s = clean(t).replace(/[;.\s]+$/, '');
  if (withStates) s = s.replace(/\s*\(([^()]|\([^()]*\))*\)$/, '');
  return norm(s.replace(/^to\s+/i, ''));
};
const tokens = (k) => new Set(k.split(' ').filter((w) => w.length > 2));
function jaccard(a, b) {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

// UPR Info: one row per recommending state; group by session and text.
const uprInfo = new Map(); // session → Map(key → { from:Set, issues:Set, tokens })
for (const r of csv('upr_info/upr_info_recommendations_morocco.csv')) {
  const session = clean(r.Session);
  if (!uprInfo.has(session)) uprInfo.set(session, new Map());
  const key = textKey(r.Text);
  const group = uprInfo.get(session);
  if (!group.has(key)) group.set(key, { from: new Set(), issues: new Set(), tokens: tokens(key), response: r.Response });
  const g = group.get(key);
  g.from.add(clean(r.From));
  for (const i of r.Issue.split(',').map(clean).filter(Boolean)) g.issues.add(i);
}
function matchUprInfo(session, text) {
  const group = uprInfo.get(session);
  const key = textKey(text, true);
  if (group.has(key)) return { how: 'exact', g: group.get(key) };
  const t = tokens(key);
  let best = null;
  let bestScore = 0;
  for (const g of group.values()) {
    const s = jaccard(t, g.tokens);
    if (s > bestScore) [best, bestScore] = [g, s];
  }
  return bestScore >= 0.7 ? { how: 'fuzzy', g: best, score: bestScore } : null;
}

const stats = { cycle1: {}, cycle2: {}, cycle3: {} };
const recommendations = [];
const unmatchedStates = new Set();

function uprCycle(file, cycle, session, responseOf) {
  const s = { recommendations: 0, matchedExact: 0, matchedFuzzy: 0, unmatched: 0, withStates: 0, withThemes: 0, statesFromReport: 0, statesFromUprInfo: 0 };
  for (const r of csv(file)) {
    // The UN report's text as published; only the list's ";" goes (normal form): a re-import finds it unchanged.
    const text = recommendationText(r.text);
    const m = matchUprInfo(session, r.text);
    if (m?.how === 'exact') s.matchedExact++;
    else if (m) s.matchedFuzzy++;
    else s.unmatched++;
    let states = [];
    for (const name of r.recommending_states.split(';').map(clean).filter(Boolean)) {
      const code = countryFromEnglish(name);
      if (code) states.push(code);
      else unmatchedStates.add(name);
    }
    if (states.length) s.statesFromReport++;
    else if (m) {
      states = [...m.g.from].map(countryFromEnglish).filter(Boolean);
      if (states.length) s.statesFromUprInfo++;
    }
    const issueLabels = m ? [...m.g.issues] : [];
    const themeCodes = issueLabels.map((i) => themeByLabel.get(i)).filter(Boolean);
    const affected = issueLabels.flatMap((i) => ISSUE_TO_AFFECTED[i] ?? []);
    if (states.length) s.withStates++;
    if (themeCodes.length) s.withThemes++;
    s.recommendations++;
    recommendations.push({
      reviewCode: `MAR-UPR-${cycle}`,
      bodyCode: 'UPR',
      mechanism: 'UPR',
      documentSymbol: r.document_symbol,
      paragraph: clean(r.recommendation_id),
      externalCode: null,
      textEn: text,
      textFr: null,
      textAr: null,
      response: responseOf(r),
      status: 'not_started',
      states: [...new Set(states)].sort(),
      themes: [...new Set(themeCodes)].sort(),
      affectedPersons: [...new Set(affected)].sort(),
      sdgTargets: [],
      axes: [],
      subAxes: [],
      institutions: [],
    });
  }
  return s;
}

stats.cycle1 = uprCycle('morocco_upr_docs/morocco_upr_cycle1_A-HRC-8-22_recommendations.csv', 1, '1', (r) => {
  assert(r.response_in_report === 'Supported', `cycle 1 response ${r.response_in_report}`);
  return 'supported';
});
stats.cycle2 = uprCycle('morocco_upr_docs/morocco_upr_cycle2_A-HRC-21-3_recommendations.csv', 2, '13', (r) => {
  const p = clean(r.paragraph);
  if (p === '129' || p === '130') return 'supported';
  if (p === '131' || p === '132') return 'noted';
  throw new Error(`cycle 2 paragraph ${p}`);
});

// Cycle 3: the DIDH database (French and Arabic)
const STATUS = { Réalisé: 'implemented', 'En cours': 'in_progress', 'Non réalisé': 'not_started', RC: 'continuous', 'Recommendation continue': 'continuous' };
const didhCountries = new Map(csv('didh_morocco/didh_countries_fr_ar.csv').map((r) => [clean(r.name_fr), r]));
const DIDH_FR_ALIASES = { 'Sri Lanka': 'LK', Suisse: 'CH', 'Côte d’Ivoire': 'CI', 'République islamique d’Iran': 'IR', Turquie: 'TR' };
const links = new Map();
const linkRows = csv('didh_morocco/didh_upr_cycle3_responsible_entities_links.csv');
for (const l of linkRows) {
  const code = institutionById.get(l.entity_id);
  assert(code, `link to unknown entity ${l.entity_id}`);
  if (!links.has(l.recommendation_id)) links.set(l.recommendation_id, []);
  links.get(l.recommendation_id).push(code);
}
const s3 = { recommendations: 0, withStates: 0, institutionLinks: 0, withSubAxes: 0, status: {} };
const didhRows = csv('didh_morocco/didh_upr_cycle3_recommendations_fr_ar.csv');
for (const r of didhRows) {
  const code = clean(r.code);
  const para = code.match(/144\s*\.\s*(\d+)/);
  assert(para, `cycle 3 code ${code}`);
  const status = STATUS[clean(r.status_fr)];
  assert(status, `status ${r.status_fr}`);
  const states = [];
  const stateFr = clean(r.recommending_state_fr);
  if (stateFr) {
    assert(didhCountries.has(stateFr), `state ${stateFr} not in didh_countries_fr_ar.csv`);
    const iso = DIDH_FR_ALIASES[stateFr] ?? countryFromFrench(stateFr);
    if (iso) states.push(iso);
    else unmatchedStates.add(stateFr);
  }
  const axisIds = r.axis_ids.split(';').map(clean).filter(Boolean);
  const subAxisIds = r.sub_axis_ids.split(';').map(clean).filter(Boolean);
  const inst = [...new Set(links.get(r.id) ?? [])];
  s3.recommendations++;
  s3.institutionLinks += (links.get(r.id) ?? []).length;
  if (states.length) s3.withStates++;
  if (subAxisIds.length) s3.withSubAxes++;
  s3.status[status] = (s3.status[status] ?? 0) + 1;
  recommendations.push({
    reviewCode: 'MAR-UPR-3',
    bodyCode: 'UPR',
    mechanism: 'UPR',
    documentSymbol: 'A/HRC/36/6',
    paragraph: `144.${para[1]}`,
    externalCode: code,
    textEn: null,
    textFr: recommendationText(r.text_fr),
    textAr: recommendationText(r.text_ar),
    response: null,
    status,
    states,
    themes: [],
    affectedPersons: [...new Set(subAxisIds.flatMap((id) => SUB_AXIS_TO_AFFECTED[id] ?? []))].sort(),
    sdgTargets: [],
    axes: axisIds.map(axisCode),
    subAxes: subAxisIds.map((id) => {
      assert(subAxisCodeById.has(id), `sub-axis ${id}`);
      return subAxisCodeById.get(id);
    }),
    institutions: inst,
    sourceId: Number(r.id),
  });
}
stats.cycle3 = s3;
assert(s3.recommendations === 227, 'expected 227 cycle-3 recommendations');
assert(s3.institutionLinks === 439 && linkRows.length === 439, 'expected 439 links');
assert(unmatchedStates.size === 0, `unmatched states: ${[...unmatchedStates].join(', ')}`);

const unusedCorrections = Object.keys(SOURCE_CORRECTIONS).filter((k) => !correctionsUsed.has(k));
assert(unusedCorrections.length === 0, `corrections no longer found in the sources: ${unusedCorrections.join(' / ')}`);

write('demo-recommendations.json', { reviews, recommendations }, 'morocco_upr_docs (cycles 1–2), upr_info (states, issues), didh_morocco (cycle 3)');

// ---------------------------------------------------------------------------------------------
// SOURCES.md

const count = (name) => files[name].rows;
const cyc = (n) => recommendations.filter((r) => r.reviewCode === `MAR-UPR-${n}`).length;
const sources = `# Seed data: sources, licences, counts

Generated by \`apps/api/tools/seed-build/build-seed.mjs\` from \`../shared/data\` (see its README);
do not edit by hand (except \`demo-achievements.json\`, curated by hand: see its section). Curated codes and translations live in \`apps/api/tools/seed-build/translations.mjs\`.
Loaded into PostgreSQL by \`../seeder.ts\`.

| File | Rows | Source | Licence |
|---|---|---|---|
| countries.json | ${count('countries.json')} | ISO 3166-1 codes and UN names (UNTERM / official_name_en, official_name_fr, official_name_ar) from datasets/country-codes, \`reference/country-codes_datasets.csv\` | ODC-PDDL-1.0 |
| sdg-goals.json | ${count('sdg-goals.json')} | open-sdg/sdg-translations, \`reference/sdg_goals_en_fr_ar.csv\` (name = short name, title kept) | MIT |
| sdg-targets.json | ${count('sdg-targets.json')} | open-sdg/sdg-translations, \`reference/sdg_targets_en_fr_ar.csv\` | MIT |
| bodies.json | ${count('bodies.json')} | UPR (1); the 10 treaty bodies of \`reference/un_treaty_bodies_compiled.csv\` (OHCHR names; CED French/Arabic names are ours); ${didhMandates} special-procedure mandates of the DIDH database (djm2x/didh, \`didh_special_procedure_mandates_fr_ar.csv\`; French/Arabic from \`mandate_fr\`/\`mandate_ar\`, made gender-neutral and typo-fixed; the unreliable \`short_ar\` column is not used; English = OHCHR mandate titles); the ${bodies.length - 11 - didhMandates} other current thematic and country mandates from \`special-procedures.json\` (curated from OHCHR's pages and HRC resolutions in the three languages, with feminine French titles, former names and document-symbol patterns; ${curatedWithoutArabic} without an official Arabic name found, shown with their French name until translated; \`treaty-body-symbols.json\` and \`country-aliases.json\` likewise curated). Follow-up delay: CCPR, CAT, CERD, CED 12 months; CEDAW, CMW 24 | UN public information; DIDH: no licence stated (names only) |
| institutions.json | ${count('institutions.json')} | DIDH database (djm2x/didh), \`didh_responsible_entities.csv\`: French and Arabic labels as in the source, \`sourceId\` = DIDH id; codes, types and English names are the project's | no licence stated (public institution names) |
| axes.json / sub-axes.json | ${count('axes.json')} / ${count('sub-axes.json')} | Morocco's national thematic axes, DIDH database (\`didh_axes.csv\`, \`didh_sub_axes.csv\`); English is the project's translation; codes \`AXn\` / \`AXn.m\` | no licence stated (public policy framework) |
| themes.json | ${count('themes.json')} | the 54 issue labels of the UPR Info database (\`reference/upr_info_issues_observed.csv\`), kept verbatim in \`sourceLabel\`; code = slug of that label; English/French/Arabic names are the project's | labels only |
| affected-persons.json | ${count('affected-persons.json')} | groups of OHCHR's Universal Human Rights Index; \`ohchrLabels\` = labels as printed in OHCHR UPR matrices (\`reference/ohchr_uhri_labels_observed_in_upr_matrices.csv\`); names are the project's | labels only |
| demo-recommendations.json | ${recommendations.length} (+ ${reviews.length} reviews) | see below | UN documents (public); DIDH: no licence stated |
| demo-achievements.json | 14 contributions (5 sources) | measures reported by Moroccan institutions, \`achievements/*_ar.txt\`: see below | public texts of public bodies and the press (quoted, not licensed) |

## demo-recommendations.json

Morocco's Universal Periodic Review, cited by document symbol and paragraph:

- **Cycle 1**, A/HRC/8/22 (session 1, reviewed 8 April 2008), paragraph 75: ${cyc(1)} recommendations, English text as in the
  report (parsed by rochelleterman/uprs, \`morocco_upr_docs/…cycle1…csv\`), all supported.
- **Cycle 2**, A/HRC/21/3 (session 13, reviewed 22 May 2012), paragraphs 129–132: ${cyc(2)} recommendations, English text as
  in the report. Response: 129 and 130 → supported, 131 and 132 → noted.
- **Cycles 1–2, states and themes**: recommending states from the report (ISO 3166 codes); themes = UPR Info \`Issue\`
  labels of the matching UPR Info record (rochelleterman/uprs export), matched on normalised text, exact or token
  similarity ≥ 0.7. Cycle 1: ${stats.cycle1.matchedExact} exact + ${stats.cycle1.matchedFuzzy} approximate of ${stats.cycle1.recommendations}, ${stats.cycle1.withThemes} with themes.
  Cycle 2: ${stats.cycle2.matchedExact} exact + ${stats.cycle2.matchedFuzzy} approximate of ${stats.cycle2.recommendations} (${stats.cycle2.unmatched} unmatched), ${stats.cycle2.withThemes} with themes.
  Affected persons are derived from the issues (e.g. "Women's rights" → women); status is \`not_started\` (no assessment in the sources).
- **Cycle 3**, A/HRC/36/6 (session 27, reviewed 2 May 2017), paragraph 144: ${cyc(3)} recommendations in French and Arabic
  from the DIDH database (djm2x/didh, \`didh_upr_cycle3_recommendations_fr_ar.csv\`). \`externalCode\` = DIDH code as
  written (e.g. \`R144.110 P2\`), \`paragraph\` = \`144.n\`. Recommending state mapped to ISO 3166 (${s3.withStates} of ${s3.recommendations}; 2 rows
  have none). Axes and sub-axes as in DIDH. Status mapped Réalisé → implemented, En cours → in_progress,
  Non réalisé → not_started, RC → continuous (${Object.entries(s3.status).map(([k, v]) => `${k} ${v}`).join(', ')}); these may be
  development placeholders in the source, not official assessments. Responsible institutions from
  \`didh_upr_cycle3_responsible_entities_links.csv\` (${s3.institutionLinks} links → \`institutions\`). Response unknown (null): A/HRC/36/6
  left all paragraph-144 recommendations for later response. Some DIDH codes repeat (sub-parts of one paragraph, or the
  same recommendation entered twice): kept as in the source.
- No treaty-body or special-procedure recommendation is included: no such text for Morocco is in the sources.
- Texts are in the one normal form of \`normalizeRecommendationText\` (@sidh/domain), which the importer also
  applies: white space collapsed, no trailing list separator (\`;\`). A few slips of the DIDH files (French
  capitals without their accent, a misspelt acronym, \`de la de la\`) are corrected in names and texts by
  \`SOURCE_CORRECTIONS\` of \`translations.mjs\` (${Object.keys(SOURCE_CORRECTIONS).length} corrections).

## demo-achievements.json

The content of the demo campaign's validated contributions (\`../demo-contributions.ts\`): what Moroccan
institutions reported they did, each entry on the UPR cycle 3 recommendation (A/HRC/36/6, paragraph 144)
it answers. Curated by hand from the Arabic texts of the coordinating body's collection
(\`../shared/data/achievements/\`, not shipped with the repository): long texts split into the measures they
list, facts, figures, dates and names kept as written. Changes: list items reworded as measures (a verb
turned into its noun, a sentence start dropped); two evident slips of the sources corrected (\`زيادة أماكن
الاحتجاز\` → \`زيارة\`, "visit places of detention"; \`ووجدة، 2\` → \`ووجدة 2،\`); the government record's
items carry its period as a heading. Four entries also have a faithful French version (\`measuresFr\`),
which becomes the contribution's text; the others stay Arabic only. Indicators repeat figures of the
text (no date unless the text gives one).

| Source file | Institution (code) | What it is | Contributions |
|---|---|---|---|
| \`prisons_rights_and_reintegration_ar.txt\` | Prison administration (DGAPR) | Head of Government's portal (cg.gov.ma), government record, "Strengthening prisoners' rights and reintegration", figures for 2020 | 144.104 (overcrowding: 4,400 beds), 144.105 (food, health care: 12 doctors, 1 doctor per 825 prisoners), 144.102 (education, training), 144.106 (draft law 23-98), 144.64 (13 training sessions on human rights and torture prevention) |
| \`prisons_moussalaha_programme_ar.txt\` | DGAPR | press article on a DGAPR statement at the close of the 13th session of the "Moussalaha" programme | 144.102 (217 released of 301 participants since 2017) |
| \`government_record_torture_prevention_ar.txt\` | Justice (MJ); Communication (MCOM) for the press items | press article on the human-rights record of the Benkirane government (2012–2016), quoting the PJD website | MJ: 144.123 (147 medical examinations, 35 officers prosecuted), 144.107 (lawyer, audiovisual recording in police custody), 144.125 (military justice), 144.44 (plea of unconstitutionality, visits to places of detention, CED and OP-CAT); MCOM: 144.117 (press code) |
| \`cndh_police_open_days_2023_ar.txt\` | National human-rights council (CNDH) | CNDH news item: joint CNDH–DGSN stand at the police open days, Fès, 17–21 May 2023; partnership agreement of 14 September 2022 | 144.64 (human-rights training of the police), 144.38 (awareness, children) |
| \`delegation_un_mechanisms_2021_ar.txt\` | Human rights (MDH: the interministerial delegation) | follow-up sheet of the government programme, measure 4 "cooperation with international human-rights mechanisms", status April 2021 | 144.38 (the SIDH platform and its focal-point network), 144.20 (special procedures: joint questionnaire of 13 mandates, about 48 UN questionnaires) |

The recommendations are cited by symbol, paragraph and DIDH code (\`externalCode\`, which tells apart rows
sharing a paragraph). The demo has no treaty-body recommendation, so none of these answers CAT.
`;
writeFileSync(join(OUT, 'SOURCES.md'), sources);

console.log(JSON.stringify({ out: OUT, files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { rows: v.rows, kb: Math.round(v.bytes / 1024) }])), stats }, null, 1));
