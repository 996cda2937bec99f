import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { many } from '../database/sql.js';
import type { AsOfAssignmentLinkRow, AsOfCurrentRecommendationRow, AsOfEventRow, AsOfInstitutionRow } from './dto/audit-as-of.dto.js';

/** A record's id as the audit events name it, and the expression that ties an assignment event to its recommendation (migration 1763900015000). */
const ASSIGNMENT_RECOMMENDATION = `coalesce(e.changes #>> '{recommendationId,after}', e.changes #>> '{recommendationId,before}')`;

/**
 * The recommendation list at an instant, read from the audit trail (issue 12). The page is chosen
 * in SQL on the events alone: per recommendation, its last event at or before the instant (chain
 * order), kept when it is not a deletion; only the page's records are then rebuilt, from all their
 * events, in the service (`rebuildAt`, the per-record point in time's own rebuild).
 */
@Injectable()
export class AuditAsOfRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Ids of the recommendations that existed at `at`, after `cursor`, in id order, at most `limit`.
   * With `q`, only those with an event whose text values hold the words (the log's word index; any
   * event, also a later one: a value held at `at` and changed since is the `before` of the later
   * change); the service then checks the words against the state rebuilt at `at`. The walk follows
   * ix_audit_event_entity_seq (entity_type, entity_id, id DESC) INCLUDE (occurred_at, action): it reads
   * the index only, and stops once the page is full.
   */
  async existingIds(at: string, cursor: string | null, limit: number, q: string | null): Promise<string[]> {
    const rows = await many<{ id: string }>(
      this.dataSource,
      `SELECT l.entity_id AS id FROM (
         SELECT DISTINCT ON (e.entity_id) e.entity_id, e.action
           FROM audit_event e
          WHERE e.entity_type = 'recommendation' AND e.entity_id IS NOT NULL AND e.occurred_at <= $1::timestamptz
            AND ($2::text IS NULL OR e.entity_id > $2::text)
            AND ($4::text IS NULL OR e.entity_id IN (
                  SELECT w.entity_id FROM audit_event w
                   WHERE w.entity_type = 'recommendation'
                     AND pg_catalog.jsonb_to_tsvector('simple'::regconfig, w.changes, '["string"]') @@ pg_catalog.plainto_tsquery('simple'::regconfig, $4::text)))
          ORDER BY e.entity_id, e.id DESC) l
        WHERE l.action <> 'recommendation.delete'
        ORDER BY l.entity_id
        LIMIT $3`,
      [at, cursor, limit, q],
    );
    return rows.map((r) => r.id);
  }

  /** Every event of the records (past and later: a value changed only later had, at the instant, its first later `before`), in chain order. */
  eventsOf(entityType: 'recommendation' | 'assignment', ids: readonly string[]): Promise<AsOfEventRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return many<AsOfEventRow>(
      this.dataSource,
      `SELECT e.entity_id, e.id::text AS id, pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at, e.action, e.changes
         FROM audit_event e WHERE e.entity_type = $1 AND e.entity_id = ANY($2::text[]) ORDER BY e.entity_id, e.id`,
      [entityType, ids],
    );
  }

  /** Today's rows of the records still present (fields no event recorded never changed). */
  currentRecommendations(ids: readonly string[]): Promise<AsOfCurrentRecommendationRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return many<AsOfCurrentRecommendationRow>(
      this.dataSource,
      `SELECT r.id::text AS id, r.kind, r.body_id::text AS body_id, r.document_symbol, r.paragraph, r.external_code, r.text_ar, r.text_fr, r.text_en, r.status, r.response
         FROM recommendation r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * The assignments ever tied to the recommendations: the rows of today, and those named by an
   * assignment event (a creation names its recommendation, a deletion the one it had). An
   * assignment may come twice (its row, and its events): the service keeps the row.
   *
   * `created_by_then`, for a row written without an event of its own (an import, the seed): the row
   * is dated at its transaction's start, but nobody saw it before that transaction committed — a
   * ten-second import would otherwise show its assignments beside recommendations still as they
   * were. Every such row is written beside an event naming its recommendation or itself (the
   * database's "no unaudited change" check), dated at commit: the row counts from the first such
   * event at or after its date.
   */
  assignmentsOf(recommendationIds: readonly string[], at: string): Promise<AsOfAssignmentLinkRow[]> {
    if (!recommendationIds.length) return Promise.resolve([]);
    return many<AsOfAssignmentLinkRow>(
      this.dataSource,
      `SELECT a.id::text AS id, a.recommendation_id::text AS recommendation_id, a.institution_id::text AS institution_id, a.role,
              a.created_at <= $3::timestamptz AND EXISTS (
                SELECT 1 FROM audit_event w
                 WHERE ((w.entity_type = 'recommendation' AND w.entity_id = a.recommendation_id::text) OR (w.entity_type = 'assignment' AND w.entity_id = a.id::text))
                   AND w.occurred_at >= a.created_at AND w.occurred_at <= $3::timestamptz) AS created_by_then
         FROM assignment a WHERE a.recommendation_id = ANY($1::uuid[])
       UNION
       SELECT DISTINCT e.entity_id, ${ASSIGNMENT_RECOMMENDATION}, NULL, NULL, NULL::boolean
         FROM audit_event e
        WHERE e.entity_type = 'assignment' AND e.entity_id IS NOT NULL AND ${ASSIGNMENT_RECOMMENDATION} = ANY($2::text[])`,
      [recommendationIds, recommendationIds, at],
    );
  }

  institutions(ids: readonly string[]): Promise<AsOfInstitutionRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return many<AsOfInstitutionRow>(
      this.dataSource,
      `SELECT i.id::text AS id, i.code, i.name_ar, i.name_fr, i.name_en FROM institution i WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  bodyCodes(ids: readonly string[]): Promise<Array<{ id: string; code: string }>> {
    if (!ids.length) return Promise.resolve([]);
    return many(this.dataSource, `SELECT b.id::text AS id, b.code FROM body b WHERE b.id = ANY($1::uuid[])`, [ids]);
  }
}
