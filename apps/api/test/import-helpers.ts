import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { one } from '../src/database/sql.js';
import type { ImportJobDetailDto } from '../src/modules/imports/dto/import.dto.js';
import type { Role } from '@sidh/domain';
import { userFactory } from './factories/user.factory.js';
import { DEMO_PASSWORD, type TestContext } from './harness.js';

export const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
/** ../shared/data is beside the repository in CI, not in a clone of the product alone: tests on its files skip with the reason. */
export const SHARED_AVAILABLE = existsSync(SHARED_DATA);
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/imports');

export const REAL = {
  didh: path.join(SHARED_DATA, 'didh_morocco/didh_upr_cycle3_recommendations_fr_ar.csv'),
  cycle1: path.join(SHARED_DATA, 'morocco_upr_docs/morocco_upr_cycle1_A-HRC-8-22_recommendations.csv'),
  cycle2: path.join(SHARED_DATA, 'morocco_upr_docs/morocco_upr_cycle2_A-HRC-21-3_recommendations.csv'),
  uprInfoMorocco: path.join(SHARED_DATA, 'upr_info/upr_info_recommendations_morocco.csv'),
};

export interface UploadOptions {
  mapping?: unknown;
  dryRun?: boolean;
  fileName?: string;
}

/** POST /imports as multipart. */
export function upload(ctx: TestContext, token: string, content: Buffer | string, options: UploadOptions = {}) {
  const buffer = typeof content === 'string' ? readFileSync(content) : content;
  const fileName = options.fileName ?? (typeof content === 'string' ? path.basename(content) : 'upload.csv');
  let req = request(ctx.http).post('/api/v1/imports').set('Authorization', `Bearer ${token}`).attach('file', buffer, fileName);
  if (options.mapping !== undefined) req = req.field('mapping', typeof options.mapping === 'string' ? options.mapping : JSON.stringify(options.mapping));
  if (options.dryRun !== undefined) req = req.field('dryRun', String(options.dryRun));
  return req;
}

/** Polls GET /imports/:id until the job leaves `running`. */
export async function waitForImport(ctx: TestContext, token: string, id: string, timeoutMs = 120_000): Promise<ImportJobDetailDto> {
  const started = Date.now();
  for (;;) {
    const res = await request(ctx.http).get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`GET /imports/${id}: ${res.status}`);
    const job = res.body as ImportJobDetailDto;
    if (job.status !== 'running') return job;
    if (Date.now() - started > timeoutMs) throw new Error(`import ${id} still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Upload + commit, waiting for the end. */
export async function importAndWait(ctx: TestContext, token: string, content: Buffer | string, options: UploadOptions = {}): Promise<ImportJobDetailDto> {
  const res = await upload(ctx, token, content, { ...options, dryRun: false });
  if (res.status !== 202) throw new Error(`import refused: ${res.status} ${JSON.stringify(res.body).slice(0, 2000)}`);
  return waitForImport(ctx, token, res.body.id);
}

export interface RowCounts {
  recs: number;
  events: number;
  links: number;
  assignments: number;
  reviews: number;
}

/** How many recommendations, audit events, import links, assignments and reviews there are. */
export async function counts(ctx: TestContext): Promise<RowCounts> {
  return one<RowCounts>(
    ctx.dataSource,
    `SELECT (SELECT count(*) FROM recommendation)::int AS recs, (SELECT count(*) FROM audit_event)::int AS events,
            (SELECT count(*) FROM import_recommendation)::int AS links, (SELECT count(*) FROM assignment)::int AS assignments,
            (SELECT count(*) FROM review)::int AS reviews`,
  );
}

/**
 * An account on a database seeded without the demo dataset, signing in with the demo password
 * (through the user factory: the real repository, audited like any write).
 */
export async function addUser(ctx: TestContext, email: string, role: Role): Promise<void> {
  await userFactory(ctx).newUser({ email, role, password: DEMO_PASSWORD, institutionId: null });
}
