import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Upload once (issue 11): `POST /imports/preview` keeps the original file here, so that the dry runs
 * and the commit that follow name it by id (`uploadId`) instead of sending it again. Its bytes, their
 * SHA-256 (checked again each time they are read back), size, uploader and creation time; it expires
 * (`expires_at`, 24 h after the preview) and is removed then, and each user keeps a few at most.
 * Operational, like `import_job`: written and removed without audit events; the import job that uses
 * an upload keeps its own copy of the file. No TypeORM entity: only the imports repository reads it,
 * in SQL.
 */
export class ImportUploads1763900013000 implements MigrationInterface {
  name = 'ImportUploads1763900013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "import_upload" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid(),
         "created_by_id" uuid NOT NULL,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "file_name" character varying(255) NOT NULL,
         "format" character varying(8) NOT NULL,
         "sha256" character varying(64) NOT NULL,
         "size_bytes" integer NOT NULL,
         "content" bytea NOT NULL,
         CONSTRAINT "pk_import_upload" PRIMARY KEY ("id"),
         CONSTRAINT "ck_import_upload_size" CHECK ("size_bytes" = octet_length("content")),
         CONSTRAINT "fk_import_upload_created_by" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE CASCADE
       )`,
    );
    await queryRunner.query(`CREATE INDEX "ix_import_upload_owner" ON "import_upload" ("created_by_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "ix_import_upload_expires" ON "import_upload" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "import_upload"`);
  }
}
