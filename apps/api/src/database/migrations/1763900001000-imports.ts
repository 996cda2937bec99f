import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import jobs (who, when, which file, mapping, progress, report) and the link from each import to
 * the recommendations it created or changed. `import_job` is an operational record (a dry run
 * writes it, progress updates it) and is not audited; the link table is business data, written
 * only in the commit transaction together with the recommendations' audit events.
 */
export class Imports1763900001000 implements MigrationInterface {
  name = 'Imports1763900001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "import_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "file_name" character varying(255) NOT NULL, "stored_name" character varying(64) NOT NULL, "sha256" character varying(64) NOT NULL, "size_bytes" integer NOT NULL, "format" character varying(8) NOT NULL, "encoding" character varying(32), "delimiter" character varying(4), "mapping" jsonb NOT NULL, "dry_run" boolean NOT NULL, "status" character varying(16) NOT NULL, "total_rows" integer NOT NULL DEFAULT '0', "processed_rows" integer NOT NULL DEFAULT '0', "counts" jsonb NOT NULL DEFAULT '{}', "report" jsonb NOT NULL DEFAULT '{}', "error" jsonb, CONSTRAINT "PK_65b4c7eccb8120972a7b8da7682" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_import_job_created_at" ON "import_job"  ("created_at") `);
    await queryRunner.query(`CREATE TABLE "import_recommendation" ("import_id" uuid NOT NULL, "recommendation_id" uuid NOT NULL, "action" character varying(16) NOT NULL, CONSTRAINT "PK_5f1194995c11dfddd1a14c85d09" PRIMARY KEY ("import_id", "recommendation_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_import_recommendation_recommendation" ON "import_recommendation"  ("recommendation_id") `);
    await queryRunner.query(`ALTER TABLE "import_job" ADD CONSTRAINT "FK_403eaf3ba5ffffba1e3393c8ca6" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "import_recommendation" ADD CONSTRAINT "FK_bdc50afed882c1f34013192d2ba" FOREIGN KEY ("import_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "import_recommendation" ADD CONSTRAINT "FK_c6c56e2fde66be5ea3b9914a17d" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER import_recommendation_audited AFTER INSERT OR UPDATE OR DELETE ON import_recommendation
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_audited()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER import_recommendation_audited ON import_recommendation`);
    await queryRunner.query(`ALTER TABLE "import_recommendation" DROP CONSTRAINT "FK_c6c56e2fde66be5ea3b9914a17d"`);
    await queryRunner.query(`ALTER TABLE "import_recommendation" DROP CONSTRAINT "FK_bdc50afed882c1f34013192d2ba"`);
    await queryRunner.query(`ALTER TABLE "import_job" DROP CONSTRAINT "FK_403eaf3ba5ffffba1e3393c8ca6"`);
    await queryRunner.query(`DROP INDEX "ix_import_recommendation_recommendation"`);
    await queryRunner.query(`DROP TABLE "import_recommendation"`);
    await queryRunner.query(`DROP INDEX "ix_import_job_created_at"`);
    await queryRunner.query(`DROP TABLE "import_job"`);
  }
}
