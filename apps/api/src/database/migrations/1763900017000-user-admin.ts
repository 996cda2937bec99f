import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User administration (issue 13): each account's last successful sign-in (`app_user.last_sign_in_at`,
 * set by the login's own audited transaction; filtered and sorted in the users list), and revoked
 * invitations (`invitation.revoked_at`: a revoked invitation also has its `expires_at` brought to the
 * revocation time, so every check of an open invitation refuses it).
 */
export class UserAdmin1763900017000 implements MigrationInterface {
  name = 'UserAdmin1763900017000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "app_user" ADD "last_sign_in_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "invitation" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitation" DROP COLUMN "revoked_at"`);
    await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "last_sign_in_at"`);
  }
}
