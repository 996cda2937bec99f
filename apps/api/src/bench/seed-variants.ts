import type { EntityManager } from 'typeorm';
import { IMPLEMENTATION_STATUSES } from '@sidh/domain';
import { appendAuditEvent, SYSTEM_ACTOR } from '../audit/audit.writer.js';

/**
 * `rows` recommendations derived from the demo ones in set-based statements: another review of the
 * same body (and its symbol), another paragraph, response, status, follow-up, recommending
 * states, and a variant number appended to each text. Themes, affected persons, SDG targets,
 * axes, sub-axes and assignments are those of the source recommendation.
 */
export async function seedVariants(manager: EntityManager, rows: number): Promise<Record<string, number>> {
  const insert = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await manager.query(`WITH ins AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM ins`, params))[0].n;
  // Numbered by content (byte order, whatever the database's collation), not by id (random per
  // database): two databases seeded alike hold the same catalogue (embedded-search.bench.ts compares
  // their totals). The demo's few identical texts differ by their axes; only identical records are
  // left to the id.
  await manager.query(
    `CREATE TEMP TABLE bench_src ON COMMIT DROP AS
       SELECT (row_number() OVER (ORDER BY (r.document_symbol, r.paragraph, r.external_code, r.text_en, r.text_fr, r.text_ar, r.status::text, r.response::text,
                                                (SELECT string_agg(a.axis_code, ',' ORDER BY a.axis_code) FROM recommendation_axis a WHERE a.recommendation_id = r.id),
                                                (SELECT string_agg(a.sub_axis_code, ',' ORDER BY a.sub_axis_code) FROM recommendation_sub_axis a WHERE a.recommendation_id = r.id))::text COLLATE "C",
                                           r.id))::int AS n, r.*
         FROM recommendation r`,
  );
  const [{ sources }] = await manager.query(`SELECT count(*)::int AS sources FROM bench_src`);
  await manager.query(
    `CREATE TEMP TABLE bench_map ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, s.id AS src_id, g FROM generate_series(1, $1::int) g JOIN bench_src s ON s.n = (g - 1) % $2::int + 1`,
    [rows, sources],
  );
  await manager.query(
    `CREATE TEMP TABLE bench_review ON COMMIT DROP AS
       SELECT id, body_id, document_symbol, (row_number() OVER (PARTITION BY body_id ORDER BY code COLLATE "C") - 1)::int AS k, (count(*) OVER (PARTITION BY body_id))::int AS cnt FROM review`,
  );
  const inserted = await insert(
    `INSERT INTO recommendation (id, mechanism, body_id, review_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en,
                                 response, follow_up, follow_up_due_date, status, created_at, updated_at)
     SELECT m.id, s.mechanism, s.body_id, coalesce(v.id, s.review_id), coalesce(v.document_symbol, s.document_symbol),
            (100 + m.g % 60) || '.' || (1 + (m.g / 7) % 300),
            'R' || (100 + m.g % 60) || '.' || (1 + (m.g / 7) % 300) || ' V' || m.g,
            s.text_ar || ' (البديل ' || m.g || ')',
            s.text_fr || ' (variante ' || m.g || ')',
            s.text_en || ' (variant ' || m.g || ')',
            CASE WHEN m.g % 9 = 0 THEN NULL ELSE (ARRAY['supported', 'supported_in_part', 'noted'])[1 + (m.g * 7) % 3] END,
            m.g % 10 = 0,
            CASE WHEN m.g % 10 = 0 THEN date '2026-01-01' + (m.g % 700) END,
            ($1::text[])[1 + (m.g * 13) % cardinality($1::text[])],
            now() - make_interval(mins => m.g), now() - make_interval(mins => m.g)
       FROM bench_map m
       JOIN bench_src s ON s.id = m.src_id
       LEFT JOIN bench_review v ON v.body_id = s.body_id AND v.k = m.g % v.cnt`,
    [IMPLEMENTATION_STATUSES],
  );
  const counts: Record<string, number> = { recommendation: inserted };
  const states = await insert(
    `INSERT INTO recommendation_state (recommendation_id, country_code)
     SELECT m.id, c.codes[1 + (m.g * 31 + j * 17) % cardinality(c.codes)]
       FROM bench_map m CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM country) c CROSS JOIN LATERAL generate_series(0, m.g % 3) j
     ON CONFLICT DO NOTHING`,
  );
  counts['recommendation_state'] = states;
  for (const [table, column] of [
    ['recommendation_theme', 'theme_code'],
    ['recommendation_affected_person', 'affected_person_code'],
    ['recommendation_sdg_target', 'sdg_target_code'],
    ['recommendation_axis', 'axis_code'],
    ['recommendation_sub_axis', 'sub_axis_code'],
  ] as const) {
    const n = await insert(`INSERT INTO ${table} (recommendation_id, ${column}) SELECT m.id, t.${column} FROM bench_map m JOIN ${table} t ON t.recommendation_id = m.src_id`);
    counts[table] = n;
  }
  const assignments = await insert(
    `INSERT INTO assignment (recommendation_id, institution_id, role, due_date) SELECT m.id, a.institution_id, a.role, a.due_date FROM bench_map m JOIN assignment a ON a.recommendation_id = m.src_id`,
  );
  counts['assignment'] = assignments;
  await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'bench.seed', entityType: 'dataset', entityId: 'bench', changes: { counts } });
  return counts;
}
