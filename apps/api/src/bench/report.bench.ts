/**
 * Report benchmark: generating a report to the UN and exporting it as .docx, on server PostgreSQL in
 * a fresh database.
 *
 *   npm run bench:report   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres;
 *                           BENCH_REPORT_SIZES=300,3000, BENCH_RUNS=5)
 *
 * 1. Applies the migrations and the reference + demo seed, then for each size N adds, set-based in
 *    one transaction with one `dataset` audit event: a UPR review, N recommendations of it (themes,
 *    one lead assignment each across the 52 institutions), a campaign and one validated contribution
 *    per assignment (measures of ~80 words, one in five in Arabic, one indicator).
 * 2. Times, BENCH_RUNS times each, through ReportsService as the demo coordinator:
 *      - build: `create` of a UPR mid-term report (one section per recommendation) and of a UPR
 *        national report (the items in section III, the annex matrix) — load, plan, insert, audit;
 *      - export: `docx` of each (sections parsed, annex recomputed, Word file rendered), then the
 *        same in its two steps apart: the model (`model`) and the rendering (`renderReportDocx`).
 * 3. Prints the median and the spread of each figure, the size of the files, and the process's peak
 *    RSS. Figures only, no assertion; the target is ≤ 1 s for 300 items.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { ReportType } from '@sidh/domain';
import { appendAuditEvent, SYSTEM_ACTOR, type AuditActor } from '../audit/audit.writer.js';
import { createApp } from '../bootstrap.js';
import type { AuthUser } from '../common/auth-user.js';
import { loadConfig } from '../config/app-config.js';
import { prepareDatabase } from '../database/prepare.js';
import { many, one } from '../database/sql.js';
import { renderReportDocx } from '../modules/reports/docx/report-docx.js';
import { ReportsService } from '../modules/reports/reports.service.js';

const SERVER = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = (process.env['BENCH_REPORT_SIZES'] ?? '300,3000').split(',').map(Number);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const out = (line: string) => process.stdout.write(line + '\n');

const MEASURES_FR = [
  'Le ministère a adopté en **2023** un plan d’action national qui prévoit la révision du cadre juridique, la formation de 1 200 agents',
  'et la mise en place d’un dispositif de suivi. Une circulaire a été adressée aux services déconcentrés afin de préciser les procédures,',
  'et un budget de 35 millions de dirhams a été alloué pour la période 2023-2026. Des sessions de sensibilisation ont été organisées dans',
  'les douze régions du Royaume, en partenariat avec la société civile et les institutions nationales concernées.',
].join(' ');
const MEASURES_AR =
  'اعتمدت الوزارة سنة 2023 خطة عمل وطنية تنص على مراجعة الإطار القانوني وتكوين 1200 موظف وإرساء آلية للتتبع، ووجهت دورية إلى المصالح اللاممركزة لتوضيح المساطر، ورصدت ميزانية قدرها 35 مليون درهم للفترة 2023-2026، ونظمت دورات تحسيسية في جهات المملكة الاثنتي عشرة بشراكة مع المجتمع المدني والمؤسسات الوطنية المعنية.';

/** One review of N recommendations, each assigned and with one validated contribution; returns the review id. */
async function seedReview(dataSource: DataSource, n: number): Promise<string> {
  return dataSource.transaction(async (manager) => {
    const [{ id: bodyId }] = await manager.query(`SELECT id FROM body WHERE code = 'UPR'`);
    const symbol = `A/HRC/BENCH/${n}`;
    const { id: reviewId } = await one<{ id: string }>(
      manager,
      `INSERT INTO review (body_id, code, title_ar, title_fr, title_en, cycle, year, document_symbol)
       VALUES ($1, $2, 'استعراض ' || $3, 'Examen de banc d''essai ' || $3, 'Benchmark review ' || $3, 9, 2030, $4) RETURNING id`,
      [bodyId, `bench-${n}`, String(n), symbol],
    );
    await manager.query(
      `CREATE TEMP TABLE bench_item ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, g FROM generate_series(1, $1::int) g`,
      [n],
    );
    const count = async (sql: string, params: unknown[] = []): Promise<number> => (await manager.query(`WITH ins AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM ins`, params))[0].n;
    const counts: Record<string, number> = {};
    counts['recommendation'] = await count(
      `INSERT INTO recommendation (id, mechanism, body_id, review_id, document_symbol, paragraph, text_ar, text_fr, text_en, response, status)
       SELECT i.id, 'UPR', $1, $2, $3, (100 + i.g / 1000) || '.' || (i.g % 1000 + 1),
              'توصية اختبار الأداء رقم ' || i.g, 'Recommandation de banc d''essai numéro ' || i.g || ' : renforcer les garanties.', 'Benchmark recommendation ' || i.g,
              (ARRAY['supported', 'supported_in_part', 'noted'])[1 + i.g % 3], 'in_progress'
         FROM bench_item i`,
      [bodyId, reviewId, symbol],
    );
    counts['recommendation_theme'] = await count(
      `INSERT INTO recommendation_theme (recommendation_id, theme_code)
       SELECT i.id, t.codes[1 + i.g % cardinality(t.codes)] FROM bench_item i CROSS JOIN (SELECT array_agg(code ORDER BY code) AS codes FROM (SELECT code FROM theme ORDER BY code LIMIT 12) x) t`,
    );
    counts['assignment'] = await count(
      `INSERT INTO assignment (recommendation_id, institution_id, role)
       SELECT i.id, s.ids[1 + i.g % cardinality(s.ids)], 'lead' FROM bench_item i CROSS JOIN (SELECT array_agg(id ORDER BY code) AS ids FROM institution) s`,
    );
    const { id: campaignId } = await one<{ id: string }>(
      manager,
      `INSERT INTO campaign (title, deadline, scope) VALUES ($1, current_date, $2::jsonb) RETURNING id`,
      [`Benchmark campaign ${n}`, JSON.stringify({ filter: { reviewId } })],
    );
    await manager.query(`INSERT INTO campaign_institution (campaign_id, institution_id) SELECT $1, id FROM institution`, [campaignId]);
    counts['contribution'] = await count(
      `INSERT INTO contribution (campaign_id, assignment_id, institution_id, recommendation_id, status, implementation_status, measures, indicators, submitted_at, validated_at)
       SELECT $1, a.id, a.institution_id, a.recommendation_id, 'validated', 'in_progress', CASE WHEN i.g % 5 = 0 THEN $3 ELSE $2 END,
              jsonb_build_array(jsonb_build_object('name', 'Agents formés', 'type', 'process', 'unit', '%', 'baseline', null, 'target', 100, 'value', i.g % 100, 'date', '2024-12-31')),
              now(), now()
         FROM bench_item i JOIN assignment a ON a.recommendation_id = i.id`,
      [campaignId, MEASURES_FR, MEASURES_AR],
    );
    await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'bench.seed', entityType: 'dataset', entityId: `report-bench-${n}`, changes: { counts } });
    return reviewId;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function main(): Promise<void> {
  const name = `sidh_bench_report_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('hex'), JOBS_ENABLED: 'false' });
  const app = await createApp({ config, databaseUrl: url.toString(), poolSize: 10, bufferLogs: false });
  await app.init();
  const dataSource = app.get(DataSource);
  try {
    await prepareDatabase(dataSource, { seedReference: true, seedDemo: true });
    const [row] = await many<Omit<AuthUser, 'sessionId'>>(dataSource.manager, `SELECT id, email, name, role, institution_id, locale FROM app_user WHERE email = 'coordinator@demo.sidh'`);
    const user: AuthUser = { ...row!, sessionId: 'bench' };
    const actor: AuditActor = { userId: user.id, role: user.role, institutionId: null, requestId: null, ip: null };
    const reports = app.get(ReportsService);
    const [{ bodyId }] = await dataSource.query(`SELECT id AS "bodyId" FROM body WHERE code = 'UPR'`);

    out(`report generation and .docx export: server PostgreSQL (fresh database ${name}), median of ${RUNS} runs`);
    for (const n of SIZES) {
      const seeded = performance.now();
      const reviewId = await seedReview(dataSource, n);
      await dataSource.query('ANALYZE');
      out(`\n${n} recommendations, one validated contribution each (seeded in ${fmt(performance.now() - seeded)})`);
      for (const type of ['upr_mid_term', 'upr_national'] as ReportType[]) {
        const build: number[] = [];
        const exportMs: number[] = [];
        const modelMs: number[] = [];
        const renderMs: number[] = [];
        let words = 0;
        let sections = 0;
        let bytes = 0;
        for (let run = 0; run < RUNS; run += 1) {
          let t0 = performance.now();
          const report = await reports.create({ type, bodyId, reviewId, language: 'fr', title: `Benchmark ${type} ${n}`, filter: { reviewId } }, user, actor);
          build.push(performance.now() - t0);
          t0 = performance.now();
          const file = await reports.docx(report.id, user);
          exportMs.push(performance.now() - t0);
          // The same export in its two steps: the model (read, parse, annex) and the rendering (report-docx.ts).
          t0 = performance.now();
          const model = await reports.model(report.id, user);
          modelMs.push(performance.now() - t0);
          t0 = performance.now();
          await renderReportDocx(model);
          renderMs.push(performance.now() - t0);
          words = report.words;
          sections = report.sections.length;
          bytes = file.buffer.length;
        }
        out(
          `  ${type.padEnd(13)} build ${fmt(median(build)).padStart(8)} (min ${fmt(Math.min(...build))}, max ${fmt(Math.max(...build))})` +
            `   .docx ${fmt(median(exportMs)).padStart(8)} (min ${fmt(Math.min(...exportMs))}, max ${fmt(Math.max(...exportMs))})` +
            `   ${sections} sections, ${words.toLocaleString('en')} words, ${(bytes / 1024).toFixed(0)} KiB`,
        );
        out(`  ${''.padEnd(13)} .docx = model ${fmt(median(modelMs))} + rendering ${fmt(median(renderMs))} (medians, measured apart)`);
      }
    }
    out(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    await app.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
