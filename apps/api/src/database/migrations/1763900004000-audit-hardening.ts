import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose changes must be audited (their `*_audited` constraint triggers). */
const AUDITED_TABLES = [
  'institution', 'app_user', 'body', 'review', 'recommendation', 'recommendation_state', 'recommendation_theme',
  'recommendation_affected_person', 'recommendation_sdg_target', 'recommendation_axis', 'recommendation_sub_axis',
  'assignment', 'country', 'theme', 'affected_person', 'sdg_goal', 'sdg_target', 'axis', 'sub_axis',
  'import_recommendation', 'campaign', 'campaign_institution', 'contribution', 'contribution_comment', 'evidence', 'invitation',
];

/**
 * Audit hardening (docs/audit-threat-model.md):
 * - each event carries a random key and a MAC of its content computed by the application with a
 *   key the database never holds (`event_key`, `mac`; null on events written before this);
 * - `TRUNCATE` of an audited table is refused by a statement-level trigger: row-level triggers
 *   (and so the "no unaudited change" check) never see a TRUNCATE;
 * - a change to a user's role, institution, status, e-mail or password commits only with an
 *   event naming that user in the same transaction (an unrelated event is not enough).
 */
export class AuditHardening1763900004000 implements MigrationInterface {
  name = 'AuditHardening1763900004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "event_key" uuid`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "mac" character varying(64)`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'TRUNCATE of audited table % is not allowed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $fn$`);
    for (const table of AUDITED_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()`);
    }
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER app_user_change_audited ON app_user`);
    await queryRunner.query(`DROP FUNCTION assert_user_change_audited()`);
    for (const table of AUDITED_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    await queryRunner.query(`DROP FUNCTION refuse_truncate()`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "mac"`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "event_key"`);
  }
}
