import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres } from '../database/embedded-postgres.js';
import { many } from '../database/sql.js';
import type { ChainEventRow } from './chain.js';
import { CHAIN_COPY_COLUMNS, ChainSegment, CopySegmenter } from './chain-copy.js';
import type { AuditEventRow } from './dto/audit.dto.js';

/** The audit log's filters (AuditEventsFilterDto), each backed by an index (migration 1763900012000). */
export interface AuditEventFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  actorRole?: string;
  institutionId?: string;
  action?: string;
  from?: string;
  to?: string;
  importId?: string;
  q?: string;
}

function filterSql(filter: AuditEventFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.entityType) where.push(`e.entity_type = $${params.push(filter.entityType)}`);
  if (filter.entityId) where.push(`e.entity_id = $${params.push(filter.entityId)}`);
  if (filter.actorId) where.push(`e.actor_id = $${params.push(filter.actorId)}::uuid`);
  if (filter.actorRole) where.push(`e.actor_role = $${params.push(filter.actorRole)}`);
  // An institution's events include those of the institutions merged into it (recorded under their own id: events are immutable).
  if (filter.institutionId)
    where.push(
      `e.actor_institution_id IN (WITH RECURSIVE merged(id) AS (SELECT $${params.push(filter.institutionId)}::uuid UNION SELECT i.id FROM institution i JOIN merged ON i.merged_into_id = merged.id) SELECT id FROM merged)`,
    );
  if (filter.action) where.push(`e.action = $${params.push(filter.action)}`);
  if (filter.from) where.push(`e.occurred_at >= $${params.push(filter.from)}::timestamptz`);
  if (filter.to) where.push(`e.occurred_at < $${params.push(filter.to)}::timestamptz`);
  if (filter.importId) {
    const p = params.push(filter.importId);
    where.push(`e.changes ? 'importId' AND (e.changes #>> '{importId,after}' = $${p} OR e.changes ->> 'importId' = $${p})`);
  }
  if (filter.q?.trim()) where.push(`jsonb_to_tsvector('simple'::regconfig, e.changes, '["string"]') @@ plainto_tsquery('simple'::regconfig, $${params.push(filter.q.trim())})`);
  return { where, params };
}

/**
 * `chainBatch`'s statement, its columns unnamed (read as arrays, in the order of `chainRowOf`).
 * Builtins are schema-qualified so that no function of the database's owner is called.
 */
const CHAIN_SQL = `SELECT e.id::text, pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
              e.actor_id::text, e.actor_role, e.actor_institution_id::text, e.action, e.entity_type, e.entity_id,
              e.changes::text, e.request_id, e.ip, e.tx_id::text, e.prev_hash, e.hash, e.event_key::text, e.mac
         FROM audit_event e WHERE e.id > $1::bigint AND ($3::bigint IS NULL OR e.id <= $3::bigint) ORDER BY e.id LIMIT $2`;

/** A row of CHAIN_SQL (an array) as the verifier's row: the same fields as `chainBatch`. */
const chainRowOf = (r: (string | null)[]): ChainEventRow =>
  ({
    id: r[0],
    occurredAt: r[1],
    actorId: r[2],
    actorRole: r[3],
    actorInstitutionId: r[4],
    action: r[5],
    entityType: r[6],
    entityId: r[7],
    changes: r[8],
    requestId: r[9],
    ip: r[10],
    txId: r[11],
    prevHash: r[12],
    hash: r[13],
    eventKey: r[14],
    mac: r[15],
  }) as ChainEventRow;

/** How the chain is read (`AuditRepository.chainReader`). */
export type ChainReader = 'copy' | 'rows';
export { ChainSegment };

const DECIMAL = /^(0|[1-9][0-9]{0,18})$/;
/** Events per COPY statement; bytes per segment handed over (about 1,700 events of a few hundred bytes); bytes buffered ahead per COPY. */
const COPY_LIMIT = 200_000;
const SEGMENT_BYTES = 1 << 20;
const COPY_BUFFER = 8 << 20;

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest first, by keyset on the chain's sequence (`id` < cursor) so a page costs the same at
   * any depth; without a cursor, `page` counts from the newest (offset). One row more than asked
   * tells whether a next page exists.
   */
  async findPage(filter: AuditEventFilter, page: { cursor?: string; page: number; pageSize: number }): Promise<{ rows: AuditEventRow[]; nextCursor: string | null }> {
    const { where, params } = filterSql(filter);
    if (page.cursor) where.push(`e.id < $${params.push(page.cursor)}::bigint`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const offset = page.cursor ? 0 : (page.page - 1) * page.pageSize;
    const rows: AuditEventRow[] = await this.dataSource.query(
      `SELECT e.*, u.name AS actor_name FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        ${clause} ORDER BY e.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize + 1, offset],
    );
    const more = rows.length > page.pageSize;
    if (more) rows.pop();
    return { rows, nextCursor: more ? String(rows[rows.length - 1]!.id) : null };
  }

  /** Every event matching the filter, newest first, in keyset batches (the CSV and JSON Lines exports). */
  async *findAll(filter: AuditEventFilter, batch = 2000): AsyncGenerator<AuditEventRow[]> {
    let cursor: string | undefined;
    for (;;) {
      const { rows, nextCursor } = await this.findPage(filter, { cursor, page: 1, pageSize: batch });
      if (rows.length) yield rows;
      if (!nextCursor) return;
      cursor = nextCursor;
    }
  }

  /** One event with its actor's name and institution. */
  async findOne(id: string): Promise<(AuditEventRow & { institution_name_fr: string | null; institution_name_ar: string | null; institution_name_en: string | null }) | null> {
    const [row] = await this.dataSource.query(
      `SELECT e.*, u.name AS actor_name, i.name_fr AS institution_name_fr, i.name_ar AS institution_name_ar, i.name_en AS institution_name_en FROM audit_event e
         LEFT JOIN app_user u ON u.id = e.actor_id LEFT JOIN institution i ON i.id = e.actor_institution_id
        WHERE e.id = $1::bigint`,
      [id],
    );
    return row ?? null;
  }

  /** A record's own events in chain order, each with its time to the microsecond (the point-in-time rebuild). */
  async entityHistory(entityType: string, entityId: string, limit = 20000): Promise<Array<{ id: string; occurredAt: string; action: string; changes: Record<string, unknown> }>> {
    return many(
      this.dataSource.manager,
      `SELECT e.id::text AS id, pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at, e.action, e.changes
         FROM audit_event e WHERE e.entity_type = $1 AND e.entity_id = $2 ORDER BY e.id LIMIT $3`,
      [entityType, entityId, limit],
    );
  }

  async findForEntity(entityType: string, entityId: string): Promise<AuditEventRow[]> {
    return this.dataSource.query(
      `SELECT e.*, u.name AS actor_name FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
        WHERE e.entity_type = $1 AND e.entity_id = $2 ORDER BY e.id DESC LIMIT 500`,
      [entityType, entityId],
    );
  }

  /**
   * One batch of the chain, in id order after `afterId`, as text: exactly the bytes the verifier
   * hashes (audit/chain.ts). Builtins are schema-qualified so that no function of the database's
   * owner is called.
   */
  chainBatch(afterId: string, limit: number, upTo?: string): Promise<ChainEventRow[]> {
    return many<ChainEventRow>(
      this.dataSource.manager,
      `SELECT e.id::text AS id, pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
              e.actor_id::text AS actor_id, e.actor_role, e.actor_institution_id::text AS actor_institution_id, e.action, e.entity_type, e.entity_id,
              e.changes::text AS changes, e.request_id, e.ip, e.tx_id::text AS tx_id, e.prev_hash, e.hash, e.event_key::text AS event_key, e.mac
         FROM audit_event e WHERE e.id > $1::bigint AND ($3::bigint IS NULL OR e.id <= $3::bigint) ORDER BY e.id LIMIT $2`,
      [afterId, limit, upTo ?? null],
    );
  }

  /**
   * The whole chain (up to `upTo`, else to the head when the walk starts), in id order, segment
   * after segment (`ChainSegment`: links, rows with `chainBatch`'s fields, and, when read with
   * COPY, the text's bytes for the verdict workers). One connection of its own. On a PostgreSQL
   * server: `COPY (SELECT …) TO STDOUT`, lines split here (`chain-copy.ts`), PostgreSQL writing
   * ahead into the socket and the stream's buffer while the caller verifies. On the embedded engine (PGlite through its socket, one session):
   * batches of rows as arrays, the next asked for before the current one is handed over.
   */
  async *chainSegments(options: { upTo?: string; batch?: number; reader?: ChainReader } = {}): AsyncGenerator<ChainSegment> {
    // The head first, from the pool: the walk's own connection is taken only then (a pool of one never waits on itself).
    const upTo = options.upTo ?? (await this.headId());
    const reader = options.reader ?? this.chainReader();
    if (reader === 'copy') yield* this.chainCopy(upTo, options.batch ?? COPY_LIMIT);
    else for await (const rows of this.chainRowBatches(upTo, options.batch ?? 10_000)) yield ChainSegment.ofRows(rows);
  }

  /** The chain's rows, as `chainSegments` reads them (the export bundle). */
  async *chainRows(options: { upTo?: string; batch?: number; reader?: ChainReader } = {}): AsyncGenerator<ChainEventRow[]> {
    for await (const segment of this.chainSegments(options)) yield segment.rows();
  }

  /** `copy` on a PostgreSQL server; `rows` on the embedded engine, whose socket serves one session and no COPY out. */
  chainReader(): ChainReader {
    return EmbeddedPostgres.serves((this.dataSource.options as { url?: string }).url) ? 'rows' : 'copy';
  }

  /** Batches of rows as arrays (pg's row parser), the next asked for before the current one is handed over. */
  private async *chainRowBatches(upTo: string, batch: number): AsyncGenerator<ChainEventRow[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    type Batch = Promise<{ rows: (string | null)[][] }>;
    let pending: Batch | null = null;
    try {
      const client = (runner as unknown as { databaseConnection: { query: (q: { text: string; values: unknown[]; rowMode: 'array' }) => Batch } }).databaseConnection;
      const read = (after: string): Batch => client.query({ text: CHAIN_SQL, values: [after, batch, upTo], rowMode: 'array' });
      let next: Batch = read('0');
      pending = next;
      for (;;) {
        const { rows } = await next;
        pending = null;
        if (!rows.length) return;
        const last = rows[rows.length - 1]![0]!;
        const more = rows.length === batch && last !== upTo;
        if (more) pending = next = read(last);
        yield rows.map(chainRowOf);
        if (!more) return;
      }
    } finally {
      // A walk stopped early: the batch asked for ahead is awaited (its error included) before the connection goes back.
      await pending?.catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * `COPY (SELECT …) TO STDOUT` by keyset runs of `limit` events (each statement short, whatever
   * the statement timeout), cut into segments of whole lines. COPY takes no parameters: the ids are
   * checked to be decimals before they are written into the statement.
   */
  private async *chainCopy(upTo: string, limit: number): AsyncGenerator<ChainSegment> {
    if (!DECIMAL.test(upTo)) throw new Error('audit chain: the head is not an id');
    const pool = (this.dataSource.driver as unknown as { master: pg.Pool }).master;
    const client = await pool.connect();
    let clean = false;
    try {
      let after = '0';
      for (;;) {
        if (upTo === '0') break;
        if (!DECIMAL.test(after)) throw new Error('audit chain: an event id that is not a decimal');
        const stream: CopyToStreamQuery = client.query(
          copyTo(`COPY (SELECT ${CHAIN_COPY_COLUMNS} FROM audit_event e WHERE e.id > ${after}::bigint AND e.id <= ${upTo}::bigint ORDER BY e.id LIMIT ${limit}) TO STDOUT`, { highWaterMark: COPY_BUFFER }),
        );
        // Its error comes through the iteration below; this listener only keeps an error after an early stop from being unhandled.
        stream.on('error', () => undefined);
        const segmenter = new CopySegmenter(SEGMENT_BYTES);
        const read = { count: 0, last: null as string | null };
        const segment = (bytes: Uint8Array): ChainSegment => {
          const s = ChainSegment.ofCopy(bytes);
          read.count += s.links.length;
          if (s.links.length) read.last = s.links[s.links.length - 1]!.id;
          return s;
        };
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          const bytes = segmenter.push(chunk);
          if (bytes) yield segment(bytes);
        }
        const rest = segmenter.end();
        if (rest) yield segment(rest);
        if (read.count < limit || read.last === null || read.last === upTo) break;
        after = read.last;
      }
      clean = true;
    } finally {
      // Stopped early or failed mid-COPY: the connection may still be in COPY mode, so it is closed rather than reused.
      client.release(clean ? undefined : true);
    }
  }

  /** The id of the chain's last event ('0' when there is none). */
  async headId(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_event`);
    return row.id;
  }

  /** The stored hash of one event, or null when there is no such event. */
  async hashOf(id: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT hash FROM audit_event WHERE id = $1`, [id]);
    return row?.hash ?? null;
  }
}
