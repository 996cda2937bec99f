import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from './audit/audit.writer.js';
import { createApp } from './bootstrap.js';
import { AppException } from './common/app-exception.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { EmbeddedPostgres } from './database/embedded-postgres.js';
import { prepareDatabase } from './database/prepare.js';
import { ImportsService } from './modules/imports/imports.service.js';

loadDotenv({ quiet: true });

const USAGE = `Usage: npm run import -- <file> --mapping <mapping.json | preset name> [--dry-run]
  Imports recommendations from a CSV, XLSX or UHRI JSON file into DATABASE_URL (else the embedded
  database in PGLITE_DATA_DIR), printing a progress bar and the report. The mapping is the JSON
  object of POST /api/v1/imports (or just a preset name: didh, upr-info, un-report-csv, uhri, sidh-export).`;

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--mapping');
  const mappingArg = args[args.indexOf('--mapping') + 1];
  if (!file || args.indexOf('--mapping') < 0 || !mappingArg) throw new ConfigError(USAGE);
  const dryRun = args.includes('--dry-run');
  const mapping = /^[a-z-]+$/.test(mappingArg) ? { preset: mappingArg } : readFileSync(mappingArg, 'utf8');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const embedded = config.DATABASE_URL ? null : await EmbeddedPostgres.start(config.PGLITE_DATA_DIR);
  const app = await createApp({ config, databaseUrl: config.DATABASE_URL ?? embedded!.url, poolSize: embedded ? 1 : 4, bufferLogs: false });
  try {
    await app.init();
    await prepareDatabase(app.get(DataSource), { seedReference: true, seedDemo: false });
    const started = Date.now();
    const { job } = await app.get(ImportsService).upload({
      buffer: readFileSync(file),
      fileName: path.basename(file),
      mapping,
      dryRun,
      actor: { ...SYSTEM_ACTOR, role: 'cli' },
      wait: true,
      onProgress: (done, total) => process.stdout.write(`\r${bar(done, total)}`),
    });
    process.stdout.write(`\n${dryRun ? 'Dry run' : 'Import'} ${job.status} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(job.counts)}\n`);
    for (const r of job.report.rejections.slice(0, 50)) process.stdout.write(`  row ${r.row}${r.column ? ` [${r.column}]` : ''}: ${r.code} — ${r.message}\n`);
    if (job.report.rejections.length > 50) process.stdout.write(`  … ${job.report.rejections.length - 50} more\n`);
    if (job.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppException) {
    const report = (error.details?.['report'] as { rejections?: Array<{ row: number; column: string | null; code: string; message: string }> } | undefined)?.rejections ?? [];
    process.stderr.write(`\nRefused (${error.code}): ${error.message}\n`);
    for (const r of report.slice(0, 50)) process.stderr.write(`  row ${r.row}${r.column ? ` [${r.column}]` : ''}: ${r.code} — ${r.message}\n`);
  } else process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Failed: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}\n`);
  process.exit(1);
});
