import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Questions in the catalogue (docs/decisions/0005-questions-in-the-catalogue.md): a committee's list
 * of issues (prior to reporting) is answered question by question exactly like recommendations, so a
 * question is a catalogue item of kind `question` — assignments, campaigns, contributions, search,
 * import and export work unchanged. Every existing row is a recommendation.
 */
export class ItemKind1763900007000 implements MigrationInterface {
  name = 'ItemKind1763900007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recommendation" ADD "kind" character varying(16) NOT NULL DEFAULT 'recommendation'`);
    await queryRunner.query(`ALTER TABLE "recommendation" ADD CONSTRAINT "ck_recommendation_kind" CHECK ("kind" IN ('recommendation', 'question'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recommendation" DROP CONSTRAINT "ck_recommendation_kind"`);
    await queryRunner.query(`ALTER TABLE "recommendation" DROP COLUMN "kind"`);
  }
}
