/**
 * Cross-language recall: how many recommendations the same concept finds when typed in Arabic, French or
 * English, without and with the trilingual vocabulary (`searchVocabulary`).
 *
 *   npm run bench:search-recall      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * The catalogue is Morocco's real UPR recommendations read from ../shared/data (skipped with a message
 * when the folder is absent): cycles 1 and 2 in English only (A/HRC/8/22, A/HRC/21/3, parsed from the
 * Working Group reports), cycle 3 in French and Arabic only (A/HRC/36/6, the DIDH database). It is loaded
 * into a fresh database `sidh_bench_recall` (migrations and reference data applied, dropped at the end),
 * and every query goes through RecommendationsRepository.search, as the API runs it.
 *
 * Prints, per concept, the counts in ar / fr / en without and with expansion, the min/max ratio of each,
 * and their medians. Figures only, no assertion.
 */
import 'reflect-metadata';
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { ALL } from '../access/index.js';
import { appendAuditEvent, SYSTEM_ACTOR } from '../audit/audit.writer.js';
import { buildDataSourceOptions } from '../database/data-source.js';
import { prepareDatabase } from '../database/prepare.js';
import { RecommendationsRepository } from '../modules/recommendations/recommendations.repository.js';
import { adminQuery } from './bench-db.js';

const ADMIN_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sidh_bench_recall';
const DATA_DIR = process.env['BENCH_SHARED_DATA'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
const FILES = {
  cycle1: 'morocco_upr_docs/morocco_upr_cycle1_A-HRC-8-22_recommendations.csv',
  cycle2: 'morocco_upr_docs/morocco_upr_cycle2_A-HRC-21-3_recommendations.csv',
  cycle3: 'didh_morocco/didh_upr_cycle3_recommendations_fr_ar.csv',
};

/** The fixed list: one concept, typed as a user would in Arabic, French and English. */
export const RECALL_QUERIES: ReadonlyArray<readonly [concept: string, ar: string, fr: string, en: string]> = [
  ['torture', 'التعذيب', 'torture', 'torture'],
  ['death penalty', 'عقوبة الإعدام', 'peine de mort', 'death penalty'],
  ['women', 'المرأة', 'femmes', 'women'],
  ['children', 'الأطفال', 'enfants', 'children'],
  ['migrants', 'المهاجرين', 'migrants', 'migrants'],
  ['disability', 'الإعاقة', 'handicapées', 'disabilities'],
  ['freedom of expression', 'حرية التعبير', "liberté d'expression", 'freedom of expression'],
  ['refugees', 'اللاجئين', 'réfugiés', 'refugees'],
  ['trafficking', 'الاتجار', 'traite', 'trafficking'],
  ['violence against women', 'العنف ضد المرأة', 'violence à l’égard des femmes', 'violence against women'],
  ['discrimination', 'التمييز', 'discrimination', 'discrimination'],
  ['gender equality', 'المساواة بين الجنسين', 'égalité entre les sexes', 'gender equality'],
  ['education', 'التعليم', 'éducation', 'education'],
  ['health', 'الصحة', 'santé', 'health'],
  ['human rights defenders', 'المدافعين عن حقوق الإنسان', 'défenseurs des droits de l’homme', 'human rights defenders'],
  ['journalists', 'الصحفيين', 'journalistes', 'journalists'],
  ['freedom of association', 'حرية تكوين الجمعيات', "liberté d'association", 'freedom of association'],
  ['enforced disappearance', 'الاختفاء القسري', 'disparition forcée', 'enforced disappearance'],
  ['detention', 'الاحتجاز', 'détention', 'detention'],
  ['corruption', 'الفساد', 'corruption', 'corruption'],
  ['poverty', 'الفقر', 'pauvreté', 'poverty'],
  ['racial discrimination', 'التمييز العنصري', 'discrimination raciale', 'racial discrimination'],
  ['optional protocol', 'البروتوكول الاختياري', 'protocole facultatif', 'optional protocol'],
  ['national human rights institution', 'المؤسسة الوطنية لحقوق الإنسان', 'institution nationale des droits de l’homme', 'national human rights institution'],
  ['civil society', 'المجتمع المدني', 'société civile', 'civil society'],
  ['terrorism', 'الإرهاب', 'terrorisme', 'terrorism'],
  ['family code', 'مدونة الأسرة', 'code de la famille', 'family code'],
  ['fair trial', 'المحاكمة العادلة', 'procès équitable', 'fair trial'],
  ['special procedures', 'الإجراءات الخاصة', 'procédures spéciales', 'special procedures'],
  ['human rights education', 'التربية على حقوق الإنسان', 'éducation aux droits de l’homme', 'human rights education'],
];

const log = (line: string) => process.stdout.write(`${line}\n`);

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

interface CatalogueRow {
  symbol: string;
  paragraph: string;
  externalCode: string | null;
  textAr: string | null;
  textFr: string | null;
  textEn: string | null;
}

function readCsv(file: string): Array<Record<string, string>> {
  return parse(readFileSync(path.join(DATA_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

/** Cycles 1–2 in English, cycle 3 in French and Arabic, as the sources hold them. */
function readCatalogue(): CatalogueRow[] {
  const english = [...readCsv(FILES.cycle1), ...readCsv(FILES.cycle2)].map((r) => ({
    symbol: r['document_symbol']!,
    paragraph: r['recommendation_id']!,
    externalCode: null,
    textAr: null,
    textFr: null,
    textEn: r['text']!.trim(),
  }));
  const didh = readCsv(FILES.cycle3)
    .filter((r) => r['mechanism'] === 'UPR')
    .map((r) => ({
      symbol: 'A/HRC/36/6',
      paragraph: /144\.\d+/.exec(r['code'] ?? '')?.[0] ?? r['code']!,
      externalCode: r['code'] ?? null,
      textAr: r['text_ar']?.trim() || null,
      textFr: r['text_fr']?.trim() || null,
      textEn: null,
    }));
  return [...english, ...didh];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const ratio = (counts: number[]) => (Math.max(...counts) === 0 ? 1 : Math.min(...counts) / Math.max(...counts));
const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main(): Promise<void> {
  const missing = Object.values(FILES).filter((f) => !existsSync(path.join(DATA_DIR, f)));
  if (missing.length) {
    process.stderr.write(`search recall benchmark skipped: ${missing.map((f) => path.join(DATA_DIR, f)).join(', ')} not found (../shared/data is not beside the repository; set BENCH_SHARED_DATA)\n`);
    return;
  }
  const catalogue = readCatalogue();
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const url = Object.assign(new URL(ADMIN_URL), { pathname: `/${DB_NAME}` }).toString();
  const dataSource = new DataSource(buildDataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 600_000, applicationName: 'sidh-bench-recall' }));
  try {
    await dataSource.initialize();
    await prepareDatabase(dataSource, { seedReference: true, seedDemo: false });
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO recommendation (mechanism, body_id, document_symbol, paragraph, external_code, text_ar, text_fr, text_en)
         SELECT 'UPR', (SELECT id FROM body WHERE code = 'UPR'), x.symbol, x.paragraph, x.external_code, x.text_ar, x.text_fr, x.text_en
           FROM jsonb_to_recordset($1::jsonb) AS x(symbol text, paragraph text, external_code text, text_ar text, text_fr text, text_en text)`,
        [JSON.stringify(catalogue.map((r) => ({ symbol: r.symbol, paragraph: r.paragraph, external_code: r.externalCode, text_ar: r.textAr, text_fr: r.textFr, text_en: r.textEn })))],
      );
      await appendAuditEvent(manager, SYSTEM_ACTOR, { action: 'bench.seed', entityType: 'dataset', entityId: 'bench-recall', changes: { recommendations: catalogue.length } });
    });
    const repository = new RecommendationsRepository(dataSource);
    const count = async (q: string, expand: boolean) => (await repository.search({ q }, ALL, undefined, 1, 1, { expand })).total;

    const english = catalogue.filter((r) => r.textEn).length;
    log(`Cross-language recall on ${catalogue.length} real UPR recommendations of Morocco (${english} in English only, ${catalogue.length - english} in French and Arabic only)`);
    log('');
    log(`${'concept'.padEnd(34)} | ${'as typed: ar'.padStart(12)} ${pad('fr', 4)} ${pad('en', 4)} ${pad('min/max', 7)} | ${'expanded: ar'.padStart(12)} ${pad('fr', 4)} ${pad('en', 4)} ${pad('min/max', 7)}`);
    log('-'.repeat(34) + '-+-' + '-'.repeat(31) + '-+-' + '-'.repeat(31));
    const before: number[] = [];
    const after: number[] = [];
    const gains: number[] = [];
    for (const [concept, ar, fr, en] of RECALL_QUERIES) {
      const plain = [await count(ar, false), await count(fr, false), await count(en, false)];
      const expanded = [await count(ar, true), await count(fr, true), await count(en, true)];
      before.push(ratio(plain));
      after.push(ratio(expanded));
      gains.push(Math.min(...expanded) - Math.min(...plain));
      log(
        `${concept.padEnd(34)} | ${pad(plain[0]!, 12)} ${pad(plain[1]!, 4)} ${pad(plain[2]!, 4)} ${pad(ratio(plain).toFixed(2), 7)} | ${pad(expanded[0]!, 12)} ${pad(expanded[1]!, 4)} ${pad(expanded[2]!, 4)} ${pad(ratio(expanded).toFixed(2), 7)}`,
      );
    }
    log('');
    log(`median min/max ratio of the three counts: as typed ${median(before).toFixed(2)}, expanded ${median(after).toFixed(2)}`);
    log(`concepts whose three counts are within 20% of each other: as typed ${before.filter((r) => r >= 0.8).length}/30, expanded ${after.filter((r) => r >= 0.8).length}/30`);
    log(`median gain of the smallest count: +${median(gains)}`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
