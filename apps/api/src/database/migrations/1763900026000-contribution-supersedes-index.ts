import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contributions that supersede others (issue 14, writes at scale). A contribution's detail names the
 * one that superseded it (`superseded_by_id`, the latest `supersedes_id = c.id`), and the work queues
 * leave out drafts a later campaign superseded (`EXISTS … supersedes_id = c.id`); the foreign key's
 * ON DELETE SET NULL looks the same rows up. No index served any of them. At 53,066 contributions
 * (121 campaigns), EXPLAIN ANALYZE: a detail read — two per saved draft — read the whole table,
 * 40–47 ms, 3.1–3.9 ms with this index; an institution's work queue 414–610 ms, 57–61 ms with it.
 * Partial: most contributions supersede nothing.
 */
export class ContributionSupersedesIndex1763900026000 implements MigrationInterface {
  name = 'ContributionSupersedesIndex1763900026000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX ix_contribution_supersedes ON contribution (supersedes_id, created_at DESC) WHERE supersedes_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_contribution_supersedes`);
  }
}
