import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { normalizeRecommendationText } from '@sidh/domain';
import { appendAuditEvent, SYSTEM_ACTOR } from '../../audit/audit.writer.js';
import { loadDemoDataset, loadReferenceDataset, type NamedRow } from './seed-data.js';

export { SEED_DATA_DIR } from './seed-data.js';

const text = (t: string | null): string | null => (t === null ? null : normalizeRecommendationText(t));

/** Rows inserted per table (rows that existed already are not counted). */
export type SeedCounts = Record<string, number>;

export interface SeedDemoOptions {
  /** Hash (argon2) of the demo accounts' password, computed by the caller. */
  passwordHash: string;
}

type SqlValue = string | number | boolean | null;

const BATCH_SIZE = 500;
const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`seeder: invalid SQL identifier ${name}`);
  return `"${name}"`;
}

/**
 * Multi-row parameterised `INSERT … ON CONFLICT DO NOTHING`, in batches of ≤ 500 rows. Only
 * identifiers (checked against a strict pattern) are written into the SQL; every value is a
 * parameter. `conflict` is the conflict target, e.g. `(code)`; omitted → any conflict.
 * Returns the number of rows actually inserted.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  conflict: readonly string[] = [],
): Promise<number> {
  let inserted = 0;
  const cols = columns.map(ident).join(', ');
  const target = conflict.length ? ` (${conflict.map(ident).join(', ')})` : '';
  // Rows whose key (a one-column conflict target) is stored already are left out first: a restart
  // that seeds again sends one SELECT per table instead of an INSERT that looks up every row (and
  // fires the table's statement triggers), about a second of every embedded start otherwise.
  const key = conflict.length === 1 ? columns.indexOf(conflict[0]!) : -1;
  if (key >= 0 && rows.length) {
    const column = ident(conflict[0]!);
    const stored = (await manager.query(`SELECT ${column}::text AS v FROM ${ident(table)} WHERE ${column}::text = ANY($1::text[])`, [
      rows.map((row) => (row[key] === null ? null : String(row[key]))),
    ])) as Array<{ v: string }>;
    const present = new Set(stored.map((r) => r.v));
    rows = rows.filter((row) => row[key] === null || !present.has(String(row[key])));
  }
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    const params: SqlValue[] = [];
    const tuples = batch.map((row) => {
      if (row.length !== columns.length) throw new Error(`seeder: ${table} row has ${row.length} values for ${columns.length} columns`);
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const result: unknown = await manager.query(
      `INSERT INTO ${ident(table)} (${cols}) VALUES ${tuples.join(', ')} ON CONFLICT${target} DO NOTHING RETURNING 1 AS inserted`,
      params,
    );
    inserted += Array.isArray(result) ? result.length : 0;
  }
  return inserted;
}

/** code → id of a table with a unique `code` (institution, body). */
async function idsByCode(manager: EntityManager, table: 'institution' | 'body'): Promise<Map<string, string>> {
  const rows = (await manager.query(`SELECT id, code FROM ${ident(table)}`)) as { id: string; code: string }[];
  return new Map(rows.map((r) => [r.code, r.id]));
}

function required<T>(map: Map<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seeder: unknown ${what} ${key} (run seedReferenceData first)`);
  return value;
}

const named = (r: NamedRow): SqlValue[] => [r.code, r.nameEn, r.nameFr, r.nameAr];
const NAMED = ['code', 'name_en', 'name_fr', 'name_ar'] as const;

/**
 * Reference data: countries, SDG goals and targets, themes, affected persons, national axes and
 * sub-axes, UN bodies, institutions. Idempotent: rows whose key exists are left as they are.
 * Runs in the caller's transaction (`manager`) and appends one audit event.
 */
export async function seedReferenceData(manager: EntityManager): Promise<SeedCounts> {
  const data = loadReferenceDataset();
  const counts: SeedCounts = {};
  counts['countries'] = await insertRows(manager, 'country', [...NAMED, 'iso3'], data.countries.map((c) => [...named(c), c.iso3]), ['code']);
  counts['sdgGoals'] = await insertRows(manager, 'sdg_goal', NAMED, data.sdgGoals.map(named), ['code']);
  counts['sdgTargets'] = await insertRows(manager, 'sdg_target', [...NAMED, 'goal_code'], data.sdgTargets.map((t) => [...named(t), t.goalCode]), ['code']);
  counts['themes'] = await insertRows(manager, 'theme', NAMED, data.themes.map(named), ['code']);
  counts['affectedPersons'] = await insertRows(manager, 'affected_person', NAMED, data.affectedPersons.map(named), ['code']);
  counts['axes'] = await insertRows(manager, 'axis', NAMED, data.axes.map(named), ['code']);
  counts['subAxes'] = await insertRows(manager, 'sub_axis', [...NAMED, 'axis_code'], data.subAxes.map((s) => [...named(s), s.axisCode]), ['code']);
  counts['bodies'] = await insertRows(
    manager,
    'body',
    [...NAMED, 'mechanism', 'follow_up_months'],
    data.bodies.map((b) => [...named(b), b.mechanism, b.followUpMonths]),
    ['code'],
  );
  counts['institutions'] = await insertRows(
    manager,
    'institution',
    [...NAMED, 'type'],
    data.institutions.map((i) => [...named(i), i.type]),
    ['code'],
  );
  // Only what changed is recorded: a restart that inserts nothing writes no event.
  if (Object.values(counts).some((n) => n > 0)) await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'seed', entityType: 'dataset', entityId: 'reference', changes: { counts } });
  return counts;
}

/** The demo accounts (all share `options.passwordHash`). */
export const DEMO_USERS: readonly {
  email: string;
  name: string;
  role: 'admin' | 'coordinator' | 'validator' | 'focal_point' | 'auditor';
  institutionCode: string | null;
  locale: 'ar' | 'fr' | 'en';
}[] = [
  { email: 'admin@demo.sidh', name: 'Youssef El Amrani', role: 'admin', institutionCode: null, locale: 'fr' },
  { email: 'coordinator@demo.sidh', name: 'Nadia Bennani', role: 'coordinator', institutionCode: null, locale: 'ar' },
  { email: 'auditor@demo.sidh', name: 'Karim Tazi', role: 'auditor', institutionCode: null, locale: 'fr' },
  { email: 'validator.justice@demo.sidh', name: 'Samira Alaoui', role: 'validator', institutionCode: 'MJ', locale: 'fr' },
  { email: 'focal.justice@demo.sidh', name: 'Omar Berrada', role: 'focal_point', institutionCode: 'MJ', locale: 'fr' },
  { email: 'focal.interior@demo.sidh', name: 'Fatima Zahra Idrissi', role: 'focal_point', institutionCode: 'MI', locale: 'fr' },
];

export const DEMO_MARKER_EMAIL = 'admin@demo.sidh';

/**
 * Demo data: Morocco's UPR reviews (cycles 1–3) and their recommendations with recommending
 * states, themes, affected persons, axes, sub-axes and lead assignments, plus the demo accounts.
 * Needs the reference data. Skipped (all counts 0, `skipped` in the audit event) when
 * `admin@demo.sidh` exists already. Runs in the caller's transaction and appends one audit event.
 */
export async function seedDemoData(manager: EntityManager, options: SeedDemoOptions): Promise<SeedCounts> {
  const counts: SeedCounts = {
    reviews: 0,
    recommendations: 0,
    recommendationStates: 0,
    recommendationThemes: 0,
    recommendationAffectedPersons: 0,
    recommendationSdgTargets: 0,
    recommendationAxes: 0,
    recommendationSubAxes: 0,
    assignments: 0,
    users: 0,
  };
  const existing = (await manager.query('SELECT 1 FROM app_user WHERE email = $1', [DEMO_MARKER_EMAIL])) as unknown[];
  if (existing.length > 0) return counts;

  const data = loadDemoDataset();
  const bodyIds = await idsByCode(manager, 'body');
  const institutionIds = await idsByCode(manager, 'institution');

  counts['reviews'] = await insertRows(
    manager,
    'review',
    ['body_id', 'code', 'title_ar', 'title_fr', 'title_en', 'cycle', 'session', 'year', 'review_date', 'document_symbol'],
    data.reviews.map((r) => [required(bodyIds, r.bodyCode, 'body'), r.code, r.titleAr, r.titleFr, r.titleEn, r.cycle, r.session, r.year, r.reviewDate, r.documentSymbol]),
    ['body_id', 'code'],
  );
  const reviewRows = (await manager.query('SELECT r.id, r.code, b.code AS body_code FROM review r JOIN body b ON b.id = r.body_id')) as {
    id: string;
    code: string;
    body_code: string;
  }[];
  const reviewIds = new Map(reviewRows.map((r) => [`${r.body_code}/${r.code}`, r.id]));

  const recRows: SqlValue[][] = [];
  const links = {
    recommendation_state: [] as SqlValue[][],
    recommendation_theme: [] as SqlValue[][],
    recommendation_affected_person: [] as SqlValue[][],
    recommendation_sdg_target: [] as SqlValue[][],
    recommendation_axis: [] as SqlValue[][],
    recommendation_sub_axis: [] as SqlValue[][],
  };
  const assignments: SqlValue[][] = [];
  for (const rec of data.recommendations) {
    const id = randomUUID();
    recRows.push([
      id,
      rec.mechanism,
      required(bodyIds, rec.bodyCode, 'body'),
      required(reviewIds, `${rec.bodyCode}/${rec.reviewCode}`, 'review'),
      rec.documentSymbol,
      rec.paragraph,
      rec.externalCode,
      // The one normal form the importer writes and compares with: re-importing a source is a no-op.
      text(rec.textAr),
      text(rec.textFr),
      text(rec.textEn),
      rec.response,
      false,
      null,
      rec.status,
    ]);
    for (const c of new Set(rec.states)) links.recommendation_state.push([id, c]);
    for (const c of new Set(rec.themes)) links.recommendation_theme.push([id, c]);
    for (const c of new Set(rec.affectedPersons)) links.recommendation_affected_person.push([id, c]);
    for (const c of new Set(rec.sdgTargets)) links.recommendation_sdg_target.push([id, c]);
    for (const c of new Set(rec.axes)) links.recommendation_axis.push([id, c]);
    for (const c of new Set(rec.subAxes)) links.recommendation_sub_axis.push([id, c]);
    for (const code of new Set(rec.institutions)) assignments.push([id, required(institutionIds, code, 'institution'), 'lead', null]);
  }

  counts['recommendations'] = await insertRows(
    manager,
    'recommendation',
    ['id', 'mechanism', 'body_id', 'review_id', 'document_symbol', 'paragraph', 'external_code', 'text_ar', 'text_fr', 'text_en', 'response', 'follow_up', 'follow_up_due_date', 'status'],
    recRows,
    ['id'],
  );
  counts['recommendationStates'] = await insertRows(manager, 'recommendation_state', ['recommendation_id', 'country_code'], links.recommendation_state);
  counts['recommendationThemes'] = await insertRows(manager, 'recommendation_theme', ['recommendation_id', 'theme_code'], links.recommendation_theme);
  counts['recommendationAffectedPersons'] = await insertRows(
    manager,
    'recommendation_affected_person',
    ['recommendation_id', 'affected_person_code'],
    links.recommendation_affected_person,
  );
  counts['recommendationSdgTargets'] = await insertRows(manager, 'recommendation_sdg_target', ['recommendation_id', 'sdg_target_code'], links.recommendation_sdg_target);
  counts['recommendationAxes'] = await insertRows(manager, 'recommendation_axis', ['recommendation_id', 'axis_code'], links.recommendation_axis);
  counts['recommendationSubAxes'] = await insertRows(manager, 'recommendation_sub_axis', ['recommendation_id', 'sub_axis_code'], links.recommendation_sub_axis);
  counts['assignments'] = await insertRows(manager, 'assignment', ['recommendation_id', 'institution_id', 'role', 'due_date'], assignments);

  counts['users'] = await insertRows(
    manager,
    'app_user',
    // Each demo institution's focal point is its designated main focal point (reminders go to it first).
    ['email', 'name', 'role', 'institution_id', 'locale', 'active', 'password_hash', 'focal_point_kind'],
    DEMO_USERS.map((u) => [
      u.email.toLowerCase(),
      u.name,
      u.role,
      u.institutionCode ? required(institutionIds, u.institutionCode, 'institution') : null,
      u.locale,
      true,
      options.passwordHash,
      u.role === 'focal_point' ? 'main' : null,
    ]),
  );

  await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'seed', entityType: 'dataset', entityId: 'demo', changes: { counts } });
  return counts;
}
