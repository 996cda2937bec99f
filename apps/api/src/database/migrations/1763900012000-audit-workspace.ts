import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auditor's workspace (issue 12): the audit log filtered by actor, institution, action, date,
 * import and words in the changes, paginated by keyset on the chain's sequence (`id`, the primary
 * key), stays fast at millions of events. Indexes only: the append-only triggers are untouched.
 */
export class AuditWorkspace1763900012000 implements MigrationInterface {
  name = 'AuditWorkspace1763900012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_audit_event_occurred" ON "audit_event" ("occurred_at", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_actor" ON "audit_event" ("actor_id", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_institution" ON "audit_event" ("actor_institution_id", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_action" ON "audit_event" ("action", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_import" ON "audit_event" ((changes #>> '{importId,after}'), "id") WHERE changes ? 'importId'`);
    // Full-text search in the string values of the changes (word search, any language: the 'simple' configuration).
    await queryRunner.query(`CREATE INDEX "ix_audit_event_changes_text" ON "audit_event" USING gin (jsonb_to_tsvector('simple'::regconfig, changes, '["string"]'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['ix_audit_event_changes_text', 'ix_audit_event_import', 'ix_audit_event_action', 'ix_audit_event_institution', 'ix_audit_event_actor', 'ix_audit_event_occurred']) {
      await queryRunner.query(`DROP INDEX "${name}"`);
    }
  }
}
