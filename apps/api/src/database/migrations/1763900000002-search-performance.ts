import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose changes alter search results or facet counts: each bumps the catalogue stamp. */
export const CATALOGUE_TABLES = [
  'recommendation',
  'recommendation_state',
  'recommendation_theme',
  'recommendation_affected_person',
  'recommendation_sdg_target',
  'recommendation_axis',
  'recommendation_sub_axis',
  'assignment',
  // The SDG goal facet groups targets by goal.
  'sdg_target',
] as const;

/**
 * Search performance: the catalogue stamp that keys the facet cache, and the index of the default
 * order. See docs/performance.md.
 *
 * The stamp is one row bumped by STATEMENT-level triggers (one UPDATE per writing statement, not per
 * row) inside the writing transaction: it becomes visible exactly when the change commits, to every
 * API instance. Writers of the catalogue serialise on that row from their first write to their
 * commit; they already serialise on the audit chain's lock at the end of the transaction.
 */
export class SearchPerformance1763900000002 implements MigrationInterface {
  name = 'SearchPerformance1763900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "catalogue_stamp" ("id" smallint NOT NULL, "stamp" bigint NOT NULL DEFAULT '0', "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c3bfd3f6eb0680bd277e290bea5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO catalogue_stamp (id, stamp) VALUES (1, 1)`);
    await queryRunner.query(`
      CREATE FUNCTION catalogue_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE catalogue_stamp SET stamp = stamp + 1, changed_at = now() WHERE id = 1;
        RETURN NULL;
      END $fn$`);
    for (const table of CATALOGUE_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION catalogue_stamp_bump()`,
      );
    }
    // The default order without free text (most recently updated first, id as tie-breaker).
    await queryRunner.query(`CREATE INDEX "ix_recommendation_updated" ON "recommendation" ("updated_at" DESC, "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_recommendation_updated"`);
    for (const table of CATALOGUE_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_stamp ON ${table}`);
    await queryRunner.query(`DROP FUNCTION catalogue_stamp_bump()`);
    await queryRunner.query(`DROP TABLE "catalogue_stamp"`);
  }
}
