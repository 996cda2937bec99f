import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts (issue 13): password-reset tokens, TOTP two-factor sign-in and the sign-in history.
 * No TypeORM entity: only the auth repositories read these tables, in SQL.
 *
 * - `password_reset_token`: only the SHA-256 of the token (the token exists only in the mail),
 *   one hour, single use (`used_at`, claimed by a conditional UPDATE).
 * - `user_totp`: the TOTP secret encrypted (AES-256-GCM, `secret_enc`), `enabled_at` once a code
 *   confirmed it, and `last_used_step`, the last accepted time step: a code is accepted only for a
 *   later step (a conditional UPDATE), so never twice.
 * - `user_totp_recovery_code`: SHA-256 of each of the ten recovery codes, `used_at` once used.
 * - `sign_in_event`: every sign-in attempt (operational, like login_throttle: the audit trail keeps
 *   its own auth.login/auth.login_failed events). Kept: the last 200 per user, 30 days without one.
 */
export class Accounts1763900016000 implements MigrationInterface {
  name = 'Accounts1763900016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_reset_token" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "user_id" uuid NOT NULL,
         "token_hash" character varying(64) NOT NULL,
         "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "used_at" TIMESTAMP WITH TIME ZONE,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "pk_password_reset_token" PRIMARY KEY ("id"),
         CONSTRAINT "uq_password_reset_token_hash" UNIQUE ("token_hash"),
         CONSTRAINT "fk_password_reset_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_password_reset_token_user" ON "password_reset_token" ("user_id")`);
    await queryRunner.query(
      `CREATE TABLE "user_totp" (
         "user_id" uuid NOT NULL,
         "secret_enc" character varying(200) NOT NULL,
         "enabled_at" TIMESTAMP WITH TIME ZONE,
         "last_used_step" bigint,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "pk_user_totp" PRIMARY KEY ("user_id"),
         CONSTRAINT "fk_user_totp_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_totp_recovery_code" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "user_id" uuid NOT NULL,
         "code_hash" character varying(64) NOT NULL,
         "used_at" TIMESTAMP WITH TIME ZONE,
         CONSTRAINT "pk_user_totp_recovery_code" PRIMARY KEY ("id"),
         CONSTRAINT "uq_user_totp_recovery_code" UNIQUE ("user_id", "code_hash"),
         CONSTRAINT "fk_user_totp_recovery_code_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(
      `CREATE TABLE "sign_in_event" (
         "id" bigserial NOT NULL,
         "user_id" uuid,
         "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "ip" character varying(64),
         "user_agent" character varying(300),
         "outcome" character varying(20) NOT NULL,
         CONSTRAINT "pk_sign_in_event" PRIMARY KEY ("id"),
         CONSTRAINT "ck_sign_in_event_outcome" CHECK ("outcome" IN ('success', 'bad_password', 'bad_totp', 'locked', 'rate_limited', 'inactive')),
         CONSTRAINT "fk_sign_in_event_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sign_in_event_user" ON "sign_in_event" ("user_id", "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "ix_sign_in_event_at" ON "sign_in_event" ("at") WHERE "user_id" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sign_in_event"`);
    await queryRunner.query(`DROP TABLE "user_totp_recovery_code"`);
    await queryRunner.query(`DROP TABLE "user_totp"`);
    await queryRunner.query(`DROP TABLE "password_reset_token"`);
  }
}
