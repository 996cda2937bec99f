import { SYSTEM_ACTOR, type AuditActor } from '../../src/audit/audit.writer.js';
import type { ImportJobDetailDto } from '../../src/modules/imports/dto/import.dto.js';
import { ImportsService, type UploadInput } from '../../src/modules/imports/imports.service.js';
import type { TestContext } from '../harness.js';

/** One row of the factory's CSV (the `custom` mapping below: UPR recommendations identified by their code). */
export interface ImportRow {
  code: string;
  textFr: string;
  textAr?: string;
  response?: string;
}

export interface NewImport {
  rows: ImportRow[];
  dryRun: boolean;
  fileName: string;
  actor: AuditActor;
  /** Forwarded to the service: with it, a failed commit rejects instead of only marking the job failed. */
  onProgress?: UploadInput['onProgress'];
}

/** The mapping of the factory's CSV files. */
export const FACTORY_MAPPING = {
  preset: 'custom',
  fields: {
    externalCode: { column: 'code' },
    'text.fr': { column: 'text_fr' },
    'text.ar': { column: 'text_ar', optional: true },
    response: { column: 'response', optional: true },
  },
  defaults: { mechanism: 'UPR' },
} as const;

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The CSV the factory uploads. */
export function importCsv(rows: readonly ImportRow[]): Buffer {
  const lines = [['code', 'text_fr', 'text_ar', 'response'], ...rows.map((r) => [r.code, r.textFr, r.textAr ?? '', r.response ?? ''])];
  return Buffer.from(lines.map((cells) => cells.map(quote).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/**
 * Imports through the real service (parse, plan, compare, one audited transaction), waiting for
 * the commit. Each call without `rows` imports two new recommendations with unique codes.
 */
export function importFactory(ctx: TestContext) {
  const service = ctx.app.get(ImportsService);
  let sequence = 0;
  return {
    /** Rows with fresh codes (`F-<n>`), French texts and an Arabic text. */
    rows(count = 2): ImportRow[] {
      return Array.from({ length: count }, () => {
        const n = ++sequence;
        return { code: `F-${n}`, textFr: `Recommandation de test numéro ${n}`, textAr: `توصية اختبار رقم ${n}`, response: 'Accepted' };
      });
    },

    async newImport(overrides: Partial<NewImport> = {}): Promise<ImportJobDetailDto> {
      const input: NewImport = { rows: overrides.rows ?? this.rows(), dryRun: false, fileName: 'factory.csv', actor: SYSTEM_ACTOR, ...overrides };
      const { job } = await service.upload({
        buffer: importCsv(input.rows),
        fileName: input.fileName,
        mapping: FACTORY_MAPPING,
        dryRun: input.dryRun,
        actor: input.actor,
        wait: true,
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      });
      return job;
    },
  };
}
