import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { TestContext } from './harness.js';

export const SHARED_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
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
export async function waitForImport(ctx: TestContext, token: string, id: string, timeoutMs = 120_000): Promise<Record<string, any>> {
  const started = Date.now();
  for (;;) {
    const res = await request(ctx.http).get(`/api/v1/imports/${id}`).set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`GET /imports/${id}: ${res.status}`);
    if (res.body.status !== 'running') return res.body;
    if (Date.now() - started > timeoutMs) throw new Error(`import ${id} still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Upload + commit, waiting for the end. */
export async function importAndWait(ctx: TestContext, token: string, content: Buffer | string, options: UploadOptions = {}) {
  const res = await upload(ctx, token, content, { ...options, dryRun: false });
  if (res.status !== 202) throw new Error(`import refused: ${res.status} ${JSON.stringify(res.body).slice(0, 2000)}`);
  return waitForImport(ctx, token, res.body.id);
}

export async function counts(ctx: TestContext): Promise<{ recs: number; events: number; links: number; assignments: number; reviews: number }> {
  const [row] = await ctx.dataSource.query(
    `SELECT (SELECT count(*) FROM recommendation)::int AS recs, (SELECT count(*) FROM audit_event)::int AS events,
            (SELECT count(*) FROM import_recommendation)::int AS links, (SELECT count(*) FROM assignment)::int AS assignments,
            (SELECT count(*) FROM review)::int AS reviews`,
  );
  return row;
}

/** A coordinator account on a database seeded without the demo dataset (audited like any write). */
export async function addUser(ctx: TestContext, email: string, role: string, institutionCode: string | null = null): Promise<void> {
  const { hashPassword } = await import('../src/auth/password.js');
  const { appendAuditEvent, SYSTEM_ACTOR } = await import('../src/audit/audit.writer.js');
  const hash = await hashPassword('demo-password');
  await ctx.dataSource.transaction(async (m) => {
    await m.query(
      `INSERT INTO app_user (email, name, role, institution_id, password_hash) VALUES ($1, $2, $3, (SELECT id FROM institution WHERE code = $4), $5)`,
      [email, email.split('@')[0], role, institutionCode, hash],
    );
    await appendAuditEvent(m, SYSTEM_ACTOR, { action: 'user.create', entityType: 'app_user', entityId: email });
  });
}
