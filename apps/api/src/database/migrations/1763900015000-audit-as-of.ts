import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recommendation list "as of" a date (issue 12): per record, its last event at or before the
 * instant, in chain order, walked in record order and stopped once a page is full. The index holds
 * the chain order within a record and the two columns the walk reads (INCLUDE), so it is read
 * without the table (`ix_audit_event_entity` has neither `id` nor them). A second, partial index
 * ties assignment events to their recommendation (a creation names it after, a deletion before),
 * to find the assignments a page's recommendations held, deleted ones included.
 * Indexes only: the append-only triggers are untouched.
 */
export class AuditAsOf1763900015000 implements MigrationInterface {
  name = 'AuditAsOf1763900015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_audit_event_entity_seq" ON "audit_event" ("entity_type", "entity_id", "id" DESC) INCLUDE ("occurred_at", "action")`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_event_assignment_recommendation" ON "audit_event" ((coalesce(changes #>> '{recommendationId,after}', changes #>> '{recommendationId,before}')))
        WHERE entity_type = 'assignment' AND entity_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_event_assignment_recommendation"`);
    await queryRunner.query(`DROP INDEX "ix_audit_event_entity_seq"`);
  }
}
