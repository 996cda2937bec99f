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
         [--field <field>=<column>[,<column>…]]… [--set <field>=<value>]… [--map <field>:<value>=<code>]…
  Imports recommendations from a CSV, XLSX or UHRI JSON file into DATABASE_URL (else the embedded
  database in PGLITE_DATA_DIR), printing a progress bar and the report. The mapping is the JSON
  object of POST /api/v1/imports (or just a preset name: didh, upr-info, un-report-csv, uhri, sidh-export).
  --field  reads a field from a column, or from the first non-empty of several columns:
           --field body=treaty_body,special_procedure_mandate_fr
  --set    gives a value the file does not say (mapping.defaults): --set documentSymbol=A/HRC/36/6
  --map    maps a value the dry run could not match to a code (mapping.valueMappings):
           --map "body:la Rapporteuse spéciale sur le logement=SP-HOUSING"`;

/** The values of every `--name <value>` in the arguments. */
function optionValues(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]!] : []));
}

/** Splits `left<sep>right` at the first separator; refuses an argument without it. */
function pair(arg: string, sep: string, option: string): [string, string] {
  const i = arg.indexOf(sep);
  if (i <= 0) throw new ConfigError(`${option} ${arg}: expected <name>${sep}<value>\n\n${USAGE}`);
  return [arg.slice(0, i).trim(), arg.slice(i + 1).trim()];
}

/** The mapping of the command line: the --mapping file or preset, with the --field, --set and --map options over it. */
export function cliMapping(args: string[]): Record<string, unknown> {
  const mappingArg = args[args.indexOf('--mapping') + 1]!;
  const base = (/^[a-z-]+$/.test(mappingArg) ? { preset: mappingArg } : JSON.parse(readFileSync(mappingArg, 'utf8'))) as Record<string, unknown>;
  const fields = { ...((base['fields'] as Record<string, unknown> | undefined) ?? {}) };
  for (const arg of optionValues(args, '--field')) {
    const [field, list] = pair(arg, '=', '--field');
    const columns = list.split(',').map((c) => c.trim()).filter(Boolean);
    fields[field] = { ...((fields[field] as Record<string, unknown> | undefined) ?? {}), ...(columns.length > 1 ? { columns, column: undefined } : { column: columns[0], columns: undefined }) };
    for (const key of ['column', 'columns']) if ((fields[field] as Record<string, unknown>)[key] === undefined) delete (fields[field] as Record<string, unknown>)[key];
  }
  const defaults = { ...((base['defaults'] as Record<string, string> | undefined) ?? {}) };
  for (const arg of optionValues(args, '--set')) {
    const [field, value] = pair(arg, '=', '--set');
    defaults[field] = value;
  }
  const valueMappings = { ...((base['valueMappings'] as Record<string, Record<string, string>> | undefined) ?? {}) };
  for (const arg of optionValues(args, '--map')) {
    const [field, rest] = pair(arg, ':', '--map');
    const eq = rest.lastIndexOf('=');
    if (eq <= 0) throw new ConfigError(`--map ${arg}: expected <field>:<value>=<code>\n\n${USAGE}`);
    valueMappings[field] = { ...(valueMappings[field] ?? {}), [rest.slice(0, eq).trim()]: rest.slice(eq + 1).trim() };
  }
  return {
    ...base,
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(Object.keys(defaults).length ? { defaults } : {}),
    ...(Object.keys(valueMappings).length ? { valueMappings } : {}),
  };
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && !['--mapping', '--field', '--set', '--map'].includes(args[i - 1] ?? ''));
  const mappingArg = args[args.indexOf('--mapping') + 1];
  if (!file || args.indexOf('--mapping') < 0 || !mappingArg) throw new ConfigError(USAGE);
  const dryRun = args.includes('--dry-run');
  const mapping = cliMapping(args);
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
    printUnmatched(job.report);
    printParameters(job.report);
    if (job.status !== 'succeeded') process.exitCode = 1;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

type Report = { unknownLabels?: Array<{ field: string; label: string; rows: number; candidates?: Array<{ code: string; name: string; score: number }> }>; unknownLabelsMore?: number; parameters?: Array<{ field: string; value: string | null; rowsWithout: number; suggestions: Array<{ value: string; rows: number }> }> };

/** Each unmatched value with its candidates, as `--map` options to copy. */
function printUnmatched(report: Report): void {
  const unknown = report.unknownLabels ?? [];
  if (!unknown.length) return;
  process.stdout.write(`Unmatched values (map one with --map "<field>:<value>=<code>"):\n`);
  for (const u of unknown.slice(0, 50)) {
    const best = (u.candidates ?? []).map((c) => `${c.code} (${c.score.toFixed(2)})`).join(', ');
    process.stdout.write(`  ${u.field}: "${u.label}" — ${u.rows} row(s)${best ? `; closest: ${best}` : ''}\n`);
  }
  const more = unknown.length - Math.min(50, unknown.length) + (report.unknownLabelsMore ?? 0);
  if (more > 0) process.stdout.write(`  … ${more} more\n`);
}

/** What the file does not say for every row, with its own values (give one with --set <field>=<value>). */
function printParameters(report: Report): void {
  for (const p of report.parameters ?? []) {
    if (!p.rowsWithout || p.value) continue;
    const hints = p.suggestions.map((s) => `${s.value} (${s.rows})`).join(', ');
    process.stdout.write(`Not in the file for ${p.rowsWithout} row(s): ${p.field}${hints ? `; the file suggests ${hints}` : ''} (--set ${p.field}=…)\n`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof AppException) {
    const report = (error.details?.['report'] as { rejections?: Array<{ row: number; column: string | null; code: string; message: string }> } | undefined)?.rejections ?? [];
    process.stderr.write(`\nRefused (${error.code}): ${error.message}\n`);
    for (const r of report.slice(0, 50)) process.stderr.write(`  row ${r.row}${r.column ? ` [${r.column}]` : ''}: ${r.code} — ${r.message}\n`);
    if (error.details?.['report']) printUnmatched(error.details['report'] as Report);
  } else process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Failed: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}\n`);
  process.exit(1);
});
