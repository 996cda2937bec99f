import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One append-only, hash-chained audit event. `id` and both hashes are assigned by a database
 * trigger under a transaction-scoped advisory lock, so the chain order is the commit order. The
 * application's events reach this table when their transaction commits, from `audit_event_pending`
 * (migration 1763900021000, no entity: the application only inserts there, in raw SQL).
 */
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityType', 'entityId'])
@Index('ix_audit_event_tx_entity', ['txId', 'entityType', 'entityId'])
// The audit log's filters and keyset pages (migration 1763900012000): made by hand, kept out of synchronisation.
@Index('ix_audit_event_occurred', { synchronize: false })
@Index('ix_audit_event_actor', { synchronize: false })
@Index('ix_audit_event_institution', { synchronize: false })
@Index('ix_audit_event_action', { synchronize: false })
@Index('ix_audit_event_import', { synchronize: false })
@Index('ix_audit_event_changes_text', { synchronize: false })
// The recommendation list as of a date (migration 1763900015000): INCLUDE and expression keys, made by hand.
@Index('ix_audit_event_entity_seq', { synchronize: false })
@Index('ix_audit_event_assignment_recommendation', { synchronize: false })
export class AuditEvent {
  @PrimaryColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  actorRole: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorInstitutionId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  /** `{ field: { before, after } }` for updates; the created or deleted state otherwise. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'bigint', default: () => 'txid_current()' })
  txId: string;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** Random, written by the application; part of the MAC, so a copied event is detected. Null before MACs existed. */
  @Column({ type: 'uuid', nullable: true })
  eventKey: string | null;

  /** HMAC-SHA256 of the content under a key the database never holds (audit/chain.ts). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  mac: string | null;
}
