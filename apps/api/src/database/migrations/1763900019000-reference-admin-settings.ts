import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference tables the administration edits: each gets `active` (deactivation, never deletion) and `version` (If-Match). */
export const ADMINISTERED_REFERENCE_TABLES = ['body', 'review', 'theme', 'affected_person', 'axis', 'sub_axis'] as const;

/**
 * Reference data administration and organisation settings (issue 13):
 * - `active` and `version` on the administered reference tables; rows are deactivated, never deleted
 *   (recommendations, reports and the audit trail keep naming them);
 * - the catalogue stamp (migration 1763900000002) also moves with every write of those tables, so the
 *   caches keyed by it (facet counts, dashboards, which carry body names and follow-up delays) are
 *   emptied the moment a reference change commits, on every API instance;
 * - `setting`: one row per key with a JSON value and a version, audited like every business table.
 */
export class ReferenceAdminSettings1763900019000 implements MigrationInterface {
  name = 'ReferenceAdminSettings1763900019000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ADMINISTERED_REFERENCE_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "active" boolean NOT NULL DEFAULT true`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "version" integer NOT NULL DEFAULT '1'`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION catalogue_stamp_bump()`,
      );
    }
    await queryRunner.query(
      `CREATE TABLE "setting" ("key" character varying(64) NOT NULL, "value" jsonb NOT NULL, "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1c4c95d773004250c157a744d6e" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER setting_audited AFTER INSERT OR UPDATE OR DELETE ON setting
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_audited()`,
    );
    await queryRunner.query(`CREATE TRIGGER setting_no_truncate BEFORE TRUNCATE ON setting FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER setting_no_truncate ON setting`);
    await queryRunner.query(`DROP TRIGGER setting_audited ON setting`);
    await queryRunner.query(`DROP TABLE "setting"`);
    for (const table of ADMINISTERED_REFERENCE_TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_stamp ON ${table}`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "version"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "active"`);
    }
  }
}
