import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ENTITY_TIES, entityAuditFunction, entityAuditFunctionName } from './1763900006000-audit-entity-tie.js';

/** The report tables' ties (migration 1763900008000, where the list is not exported). */
const REPORT_TIES: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['report', [['report', 'id']]],
  ['report_section', [['report', 'report_id']]],
  ['report_version', [['report', 'report_id']]],
];

/** Every table whose rows are checked by an `assert_<table>_audited()` of its own. */
const TIED_TABLES = [...ENTITY_TIES, ...REPORT_TIES];

/** The content columns an application writes; id, occurred_at, tx_id, prev_hash and hash are the chain's. */
const CONTENT_COLUMNS = 'actor_id, actor_role, actor_institution_id, action, entity_type, entity_id, changes, request_id, ip, event_key, mac';

/**
 * Audit events get their chain position at COMMIT (issue 14, docs/decisions/0012-audit-commit-order.md).
 *
 * Before this, the BEFORE INSERT trigger on `audit_event` took the chain's advisory lock at a
 * transaction's first event and kept it until the transaction ended: every audited transaction was
 * serialised from its event to its commit (the save's later reads and its COMMIT round trip
 * included). Now:
 * - the application writes its events into `audit_event_pending` (same content columns, in write
 *   order `seq`, `tx_id` set by the database), without any lock;
 * - a DEFERRABLE INITIALLY DEFERRED constraint trigger on it moves the transaction's pending rows
 *   into `audit_event` when the transaction commits: the first firing moves them all, in `seq`
 *   order (the other firings find their row gone and do nothing). The insert goes through the
 *   unchanged `audit_event_chain()` trigger, which takes the lock and assigns id, prev_hash,
 *   occurred_at, tx_id and hash exactly as before, so `audit_event`'s format, verification, the
 *   export bundle and the offline verifier are unchanged. The lock is held from the move to the end
 *   of the commit only;
 * - the move runs as the function's owner (SECURITY DEFINER): the API role may insert pending
 *   events but neither update nor delete them (roles.ts); nobody may update or truncate them.
 *   After every commit the table is empty; a rolled-back transaction leaves nothing;
 * - the deferred "no unaudited change" checks fire in the order the changes were queued, before or
 *   after the move, so they look for the event among the transaction's pending rows, then in
 *   `audit_event` (`assert_audited()` and every `assert_<table>_audited()` are replaced). A check
 *   written later must do the same: `entityAuditFunctionAtCommit` below.
 * Writing into `audit_event` directly (seeds of old, tools, tamper tests) still works: the event is
 * chained at once under the lock, as before.
 */
export class AuditCommitOrder1763900021000 implements MigrationInterface {
  name = 'AuditCommitOrder1763900021000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_event_pending" (
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "tx_id" bigint NOT NULL,
        "actor_id" uuid, "actor_role" character varying(16), "actor_institution_id" uuid,
        "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64),
        "changes" jsonb NOT NULL DEFAULT '{}', "request_id" character varying(64), "ip" character varying(64),
        "event_key" uuid, "mac" character varying(64),
        CONSTRAINT "pk_audit_event_pending" PRIMARY KEY ("seq"))`);
    // The checks' lookups and the move (by tx_id).
    await queryRunner.query(`CREATE INDEX "ix_audit_event_pending_tx_entity" ON "audit_event_pending" ("tx_id", "entity_type", "entity_id")`);
    // The transaction is the database's to name: an event can only wait for its own commit.
    await queryRunner.query(`
      CREATE FUNCTION audit_event_pending_tx() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.tx_id := txid_current();
        RETURN NEW;
      END $fn$`);
    await queryRunner.query(`CREATE TRIGGER audit_event_pending_tx BEFORE INSERT ON audit_event_pending FOR EACH ROW EXECUTE FUNCTION audit_event_pending_tx()`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_pending_frozen() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'a pending audit event is never changed' USING ERRCODE = 'insufficient_privilege';
      END $fn$`);
    await queryRunner.query(`CREATE TRIGGER audit_event_pending_no_change BEFORE UPDATE ON audit_event_pending FOR EACH ROW EXECUTE FUNCTION audit_event_pending_frozen()`);
    await queryRunner.query(`CREATE TRIGGER audit_event_pending_no_truncate BEFORE TRUNCATE ON audit_event_pending FOR EACH STATEMENT EXECUTE FUNCTION audit_event_pending_frozen()`);
    // At COMMIT: the first firing moves the whole transaction's pending events, in write order; the
    // chain trigger on audit_event takes the lock then. A later firing finds its row moved (a primary
    // key probe), and returns. The owner's rights: the API role cannot delete pending rows itself.
    await queryRunner.query(`
      CREATE FUNCTION audit_event_pending_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM audit_event_pending WHERE seq = NEW.seq) THEN
          RETURN NULL;
        END IF;
        WITH moved AS (DELETE FROM audit_event_pending WHERE tx_id = txid_current() RETURNING *)
        INSERT INTO audit_event (${CONTENT_COLUMNS})
        SELECT ${CONTENT_COLUMNS} FROM moved ORDER BY seq;
        RETURN NULL;
      END $fn$`);
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER audit_event_pending_chain AFTER INSERT ON audit_event_pending
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_event_pending_chain()`,
    );
    // The checks see the transaction's events wherever they are at that moment.
    await queryRunner.query(assertAuditedFunction(true));
    for (const [table, ties] of TIED_TABLES) await queryRunner.query(entityAuditFunctionAtCommit(table, ties));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, ties] of TIED_TABLES) await queryRunner.query(entityAuditFunction(table, ties).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
    await queryRunner.query(assertAuditedFunction(false));
    await queryRunner.query(`DROP TABLE "audit_event_pending"`);
    await queryRunner.query(`DROP FUNCTION audit_event_pending_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_pending_frozen()`);
    await queryRunner.query(`DROP FUNCTION audit_event_pending_tx()`);
  }
}

/** `EXISTS` an event of this transaction matching `condition`, pending (not yet moved) or chained. */
function eventOfThisTransaction(condition: string, withPending: boolean): string {
  const chained = `EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current()${condition})`;
  return withPending ? `(EXISTS (SELECT 1 FROM audit_event_pending WHERE tx_id = txid_current()${condition}) OR ${chained})` : chained;
}

/** The transaction-level check of the catalogue tables (migration 1763900000001), as CREATE OR REPLACE. */
function assertAuditedFunction(withPending: boolean): string {
  return `
      CREATE OR REPLACE FUNCTION assert_audited() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NOT ${eventOfThisTransaction('', withPending)} THEN
          RAISE EXCEPTION 'unaudited change to %', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $fn$`;
}

/**
 * `entityAuditFunction` (migration 1763900006000) for events chained at commit, as CREATE OR
 * REPLACE: the same ties, tried in the same order, each looked up among the transaction's pending
 * events and then among its chained ones. A table audited by a later migration uses this one.
 */
export function entityAuditFunctionAtCommit(table: string, ties: ReadonlyArray<readonly [string, string]>): string {
  const tie = (i: number) => `tie_${i + 1}`;
  const declarations = ties.map(([, column], i) => `${tie(i)} text := (CASE WHEN TG_OP = 'DELETE' THEN OLD.${column} ELSE NEW.${column} END)::text;`);
  const named = ties.map(
    ([entityType], i) => `
        IF ${tie(i)} IS NOT NULL AND ${eventOfThisTransaction(` AND entity_type = '${entityType}' AND entity_id = ${tie(i)}`, true)} THEN
          RETURN NULL;
        END IF;`,
  );
  return `
      CREATE OR REPLACE FUNCTION ${entityAuditFunctionName(table)}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        ${declarations.join('\n        ')}
      BEGIN${named.join('')}
        IF ${eventOfThisTransaction(` AND entity_type = 'dataset'`, true)} THEN
          RETURN NULL;
        END IF;
        RAISE EXCEPTION 'unaudited change to % %: no audit event of this transaction names it', TG_TABLE_NAME, ${tie(0)}
          USING ERRCODE = 'integrity_constraint_violation';
      END $fn$`;
}
