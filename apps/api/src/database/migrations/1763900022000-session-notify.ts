import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-request session cache (issue 14, ADR 0013): every committed change of what the guard reads of
 * a user (AuthRepository.findSession: app_user's identity, role, institution, locale, activation and
 * tokens_valid_after; whether a refresh-token family is still open; whether TOTP is on) sends
 * `NOTIFY sidh_session, '<user id>'` from the writing transaction. PostgreSQL delivers it at commit
 * (never for a rolled-back write), once per distinct payload per transaction, to every API
 * instance's listening connection, which forgets that user's cached session rows. A TRUNCATE names
 * no row: it sends `*` (forget everything).
 *
 * app_user's UPDATE trigger fires only for the columns the guard reads: a sign-in
 * (last_sign_in_at), a password or focal-point-kind change leaves the cache alone.
 */
export class SessionNotify1763900022000 implements MigrationInterface {
  name = 'SessionNotify1763900022000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION sidh_session_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('sidh_session', '*');
        ELSIF TG_TABLE_NAME = 'app_user' THEN
          PERFORM pg_notify('sidh_session', COALESCE(NEW.id, OLD.id)::text);
        ELSE
          -- refresh_token and user_totp: their user; an UPDATE that moves a row to another user names both.
          PERFORM pg_notify('sidh_session', COALESCE(NEW.user_id, OLD.user_id)::text);
          IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id THEN
            PERFORM pg_notify('sidh_session', OLD.user_id::text);
          END IF;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER app_user_session_notify
      AFTER INSERT OR DELETE OR UPDATE OF id, email, name, role, institution_id, locale, active, tokens_valid_after ON app_user
      FOR EACH ROW EXECUTE FUNCTION sidh_session_notify()`);
    await queryRunner.query(`
      CREATE TRIGGER refresh_token_session_notify
      AFTER INSERT OR DELETE OR UPDATE OF user_id, family_id, revoked_at ON refresh_token
      FOR EACH ROW EXECUTE FUNCTION sidh_session_notify()`);
    await queryRunner.query(`
      CREATE TRIGGER user_totp_session_notify
      AFTER INSERT OR DELETE OR UPDATE OF user_id, enabled_at ON user_totp
      FOR EACH ROW EXECUTE FUNCTION sidh_session_notify()`);
    for (const table of ['app_user', 'refresh_token', 'user_totp']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_session_notify_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION sidh_session_notify()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['app_user', 'refresh_token', 'user_totp']) {
      await queryRunner.query(`DROP TRIGGER ${table}_session_notify_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_session_notify ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION sidh_session_notify()`);
  }
}
