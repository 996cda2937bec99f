import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search by reference at 300,000 recommendations (issues 10 and 14). A query that is a reference
 * (`A/HRC/36/6 para 144.97`, `R144.97`, `CAT/C/MAR/CO/4`: `parseReferenceQuery`) filters on
 * `upper(document_symbol)` and on the paragraph (`= p OR LIKE p || '(%'`, or `lower(paragraph) = p`),
 * and no index served either: each such search read the whole table (0.50–0.63 s alone at 300,386
 * rows; 6.5–6.9 ms with these, same totals). The pattern indexes serve the equality and the prefix
 * alike, whatever the database's collation. Each insert now maintains three more small btrees.
 */
export class ReferenceIndexes1763900025000 implements MigrationInterface {
  name = 'ReferenceIndexes1763900025000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX ix_recommendation_symbol_paragraph ON recommendation (upper(document_symbol), paragraph text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX ix_recommendation_paragraph ON recommendation (paragraph text_pattern_ops)`);
    await queryRunner.query(`CREATE INDEX ix_recommendation_paragraph_lower ON recommendation (lower(paragraph))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_recommendation_paragraph_lower`);
    await queryRunner.query(`DROP INDEX ix_recommendation_paragraph`);
    await queryRunner.query(`DROP INDEX ix_recommendation_symbol_paragraph`);
  }
}
