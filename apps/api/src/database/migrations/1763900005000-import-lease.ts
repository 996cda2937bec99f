import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lease of a running import: the process running the commit renews `heartbeat_at` every few
 * seconds (and names itself in `lease_owner`); at start-up, an instance marks failed only the
 * `running` jobs whose heartbeat is older than IMPORT_LEASE_SECONDS, not those another live
 * instance is running. Jobs from before this migration have no heartbeat: expired.
 */
export class ImportLease1763900005000 implements MigrationInterface {
  name = 'ImportLease1763900005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_job" ADD "heartbeat_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "import_job" ADD "lease_owner" character varying(64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "import_job" DROP COLUMN "lease_owner"`);
    await queryRunner.query(`ALTER TABLE "import_job" DROP COLUMN "heartbeat_at"`);
  }
}
