import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import speed (issue 14, docs/decisions/0016-import-speed.md): an import's new recommendations
 * carry their search document, computed beforehand by the same `sidh_search_vector` on the same
 * texts, on another connection of the server, while the import's transaction writes the previous
 * batch (the document is most of the insert's cost: ~4 s of the 41,066-row file on one core).
 *
 * The trigger keeps the document it is given only on INSERT, only when the row has one, and only
 * in a transaction that says so (`set_config('sidh.search_vectors_given', 'on', true)`, the
 * import's commit alone); everything else — every UPDATE of a text, every other insert — is
 * computed here as before.
 */
export class ImportSearchVectors1763900023000 implements MigrationInterface {
  name = 'ImportSearchVectors1763900023000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION recommendation_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL AND current_setting('sidh.search_vectors_given', true) = 'on' THEN
          RETURN NEW;
        END IF;
        NEW.search_vector := sidh_search_vector(NEW.text_en, NEW.text_fr, NEW.text_ar);
        RETURN NEW;
      END $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION recommendation_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.search_vector := sidh_search_vector(NEW.text_en, NEW.text_fr, NEW.text_ar);
        RETURN NEW;
      END $fn$`);
  }
}
