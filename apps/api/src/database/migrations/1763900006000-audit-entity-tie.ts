import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each changed row of a business table must be named by an audit event of its own transaction
 * (docs/audit-threat-model.md, "unaudited change"): before this, any event in the transaction let
 * any change commit, so `UPDATE contribution SET status = 'validated'` beside an unrelated event
 * went through. The deferred check now looks for an event naming the row's entity — the row
 * itself, or the parent whose event the application writes for it:
 *
 * | table | an event naming |
 * |---|---|
 * | app_user | the user |
 * | recommendation | the recommendation |
 * | recommendation_state, _theme, _affected_person, _sdg_target, _axis, _sub_axis, import_recommendation | its recommendation |
 * | assignment | the assignment, or its recommendation (assignments created or removed with it) |
 * | campaign | the campaign |
 * | campaign_institution | its campaign |
 * | contribution | the contribution, or its campaign (the drafts a campaign opens) |
 * | contribution_comment, evidence | their contribution |
 * | invitation | the invitation, or the user who accepted it |
 *
 * A bulk load by the application itself (the seed, the benchmarks) writes one event on the
 * `dataset` it loads; that event covers its transaction's rows. Like every event it carries the
 * application's MAC, so one written by anyone else is reported by verification.
 * Catalogue tables (institution, body, review, reference lists) keep the transaction-level check.
 *
 * The lookups use a new index on (tx_id, entity_type, entity_id), which also serves the old
 * tx_id-only lookups and replaces their index.
 *
 * Each table has its own check function, `assert_<table>_audited()` (`entityAuditFunction`), that
 * reads its tie columns by name: the check runs once per written row at COMMIT (≈160,000 times for
 * a 41,000-row import), and a generic function taking the columns as trigger arguments had to turn
 * the whole row into JSON to read them (to_jsonb, with its texts and search vector).
 */
export class AuditEntityTie1763900006000 implements MigrationInterface {
  name = 'AuditEntityTie1763900006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_audit_event_tx_entity" ON "audit_event" ("tx_id", "entity_type", "entity_id")`);
    await queryRunner.query(`DROP INDEX "ix_audit_event_tx"`);
    for (const [table, ties] of ENTITY_TIES) {
      await queryRunner.query(entityAuditFunction(table, ties));
      await queryRunner.query(`DROP TRIGGER ${table}_audited ON ${table}`);
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER ${table}_audited AFTER INSERT OR UPDATE OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${entityAuditFunctionName(table)}()`,
      );
    }
    // Subsumed: every change of app_user now needs an event naming the user.
    await queryRunner.query(`DROP TRIGGER app_user_change_audited ON app_user`);
    await queryRunner.query(`DROP FUNCTION assert_user_change_audited()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION assert_user_change_audited() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current() AND entity_type = 'user' AND entity_id = NEW.id::text) THEN
          RAISE EXCEPTION 'change to the privileges or credentials of user % without an audit event naming that user', NEW.id
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $fn$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER app_user_change_audited AFTER UPDATE OF role, institution_id, active, email, password_hash ON app_user
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.institution_id IS DISTINCT FROM NEW.institution_id OR OLD.active IS DISTINCT FROM NEW.active
            OR OLD.email IS DISTINCT FROM NEW.email OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
      EXECUTE FUNCTION assert_user_change_audited()`);
    for (const [table] of ENTITY_TIES) {
      await queryRunner.query(`DROP TRIGGER ${table}_audited ON ${table}`);
      await queryRunner.query(`DROP FUNCTION ${entityAuditFunctionName(table)}()`);
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER ${table}_audited AFTER INSERT OR UPDATE OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_audited()`,
      );
    }
    await queryRunner.query(`CREATE INDEX "ix_audit_event_tx" ON "audit_event" ("tx_id")`);
    await queryRunner.query(`DROP INDEX "ix_audit_event_tx_entity"`);
  }
}

/** Table → the (entity type, id column) pairs whose event may cover a change of its rows. */
export const ENTITY_TIES: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['app_user', [['user', 'id']]],
  ['recommendation', [['recommendation', 'id']]],
  ...['recommendation_state', 'recommendation_theme', 'recommendation_affected_person', 'recommendation_sdg_target', 'recommendation_axis', 'recommendation_sub_axis', 'import_recommendation'].map(
    (table) => [table, [['recommendation', 'recommendation_id']]] as const,
  ),
  ['assignment', [['assignment', 'id'], ['recommendation', 'recommendation_id']]],
  ['campaign', [['campaign', 'id']]],
  ['campaign_institution', [['campaign', 'campaign_id']]],
  ['contribution', [['contribution', 'id'], ['campaign', 'campaign_id']]],
  ['contribution_comment', [['contribution', 'contribution_id']]],
  ['evidence', [['contribution', 'contribution_id']]],
  ['invitation', [['invitation', 'id'], ['user', 'user_id']]],
];

/** The check function of a table's rows (at most 63 characters: the longest table names stay well within). */
export const entityAuditFunctionName = (table: string): string => `assert_${table}_audited`;

/**
 * The deferred check of one table's rows, as a `CREATE FUNCTION` statement: the row commits when
 * an audit event of its transaction names the entity of one of its ties, tried in order (a tie
 * whose column is null names nothing), or names the `dataset` being loaded; else the transaction
 * fails with `unaudited change to <table> <value of the first tie>: …`. `ties`: (entity type, id
 * column) pairs, identifiers and types written by this code, never taken from input.
 */
export function entityAuditFunction(table: string, ties: ReadonlyArray<readonly [string, string]>): string {
  const tie = (i: number) => `tie_${i + 1}`;
  const declarations = ties.map(([, column], i) => `${tie(i)} text := (CASE WHEN TG_OP = 'DELETE' THEN OLD.${column} ELSE NEW.${column} END)::text;`);
  const named = ties.map(
    ([entityType], i) => `
        IF ${tie(i)} IS NOT NULL AND EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current() AND entity_type = '${entityType}' AND entity_id = ${tie(i)}) THEN
          RETURN NULL;
        END IF;`,
  );
  return `
      CREATE FUNCTION ${entityAuditFunctionName(table)}() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        ${declarations.join('\n        ')}
      BEGIN${named.join('')}
        IF EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current() AND entity_type = 'dataset') THEN
          RETURN NULL;
        END IF;
        RAISE EXCEPTION 'unaudited change to % %: no audit event of this transaction names it', TG_TABLE_NAME, ${tie(0)}
          USING ERRCODE = 'integrity_constraint_violation';
      END $fn$`;
}
