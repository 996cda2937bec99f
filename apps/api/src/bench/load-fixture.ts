/**
 * A stand-in for the UPR Info file (upr_info_recommendations_sessions_01-20.csv) when the shared data folder
 * is not beside the repository: the same columns, 41,066 rows of about the same size (≈ 11 MB), one
 * row per recommending state, about 40,000 distinct recommendations after the `upr-info` preset's
 * merge, sessions 1–20, Accepted/Noted ≈ 3:1, and issue labels the preset knows.
 */

const HEADER = ['To', 'To-Rgrp', 'To-Org', 'Text', 'From', 'From-Rgrp', 'From-Org', 'Response', 'Action', 'Issue', 'Session', 'source_file'];
const ISSUES = ["Women's rights", 'Justice', 'NHRI', "Rights of the Child,Women's rights", 'Death penalty', 'Torture and other CID treatment', 'Trafficking', 'Disabilities'];
const VERBS = ['Adopt', 'Strengthen', 'Ensure', 'Take measures to', 'Continue efforts to', 'Consider', 'Establish', 'Ratify'];
const OBJECTS = [
  'a comprehensive national plan of action on the rights of women and girls',
  'the independence of the judiciary and access to justice for all',
  'effective investigations into all allegations of torture and ill-treatment',
  'the protection of human rights defenders and journalists against intimidation',
  'inclusive education for children with disabilities in every region',
  'the national human rights institution in line with the Paris Principles',
];

const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** A deterministic generator (mulberry32): the same file on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `countries`: English names the catalogue recognises (states under review and recommending states). */
export function generateUprInfoCsv(countries: readonly string[], rows = 41_066): Buffer {
  const next = random(20_260_101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const lines = [HEADER.join(',')];
  let n = 0;
  while (lines.length - 1 < rows) {
    n += 1;
    const session = 1 + (n % 20);
    const to = countries[n % countries.length]!;
    const text = `${pick(VERBS)} ${pick(OBJECTS)}, including through adequate resources and regular reporting (recommendation ${n} of session ${session} to ${to}).`;
    const response = next() < 0.74 ? 'Accepted' : 'Noted';
    const issue = pick(ISSUES);
    // About 2.5 % of recommendations are made by several states: one row each, merged on import.
    const from = next() < 0.025 ? 2 + Math.floor(next() * 3) : 1;
    for (let k = 0; k < from && lines.length - 1 < rows; k += 1) {
      let state = countries[(n * 7 + k * 13 + 1) % countries.length]!;
      if (state === to) state = countries[(n * 7 + k * 13 + 2) % countries.length]!;
      lines.push([to, 'Asia', 'OIC', text, state, 'WEOG', 'EU', response, String(1 + (n % 5)), issue, String(session), `v.2/Data/CSVs/${session}.csv`].map(cell).join(','));
    }
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}
