import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { User } from '../users/user.entity.js';

export const IMPORT_STATUSES = ['running', 'succeeded', 'failed', 'rejected'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One upload: who, when, which file (original name, SHA-256, server-generated stored name), the
 * mapping, progress and the report. Operational record (like a log line), not a business table:
 * a dry run writes only this row, and progress updates need no audit event.
 */
@Entity('import_job')
@Index('ix_import_job_created_at', ['createdAt'])
export class ImportJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The name the user gave the file, for display only; never used as a path. */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** Server-generated name under UPLOAD_DIR. */
  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  encoding: string | null;

  @Column({ type: 'varchar', length: 4, nullable: true })
  delimiter: string | null;

  @Column({ type: 'jsonb' })
  mapping: Record<string, unknown>;

  @Column({ type: 'boolean' })
  dryRun: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ type: 'int', default: 0 })
  totalRows: number;

  @Column({ type: 'int', default: 0 })
  processedRows: number;

  /** `{ new, updated, unchanged, rejected, merged }`. */
  @Column({ type: 'jsonb', default: {} })
  counts: Record<string, number>;

  /** The report: rejected rows (capped), unknown labels, created reference rows. */
  @Column({ type: 'jsonb', default: {} })
  report: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  error: Record<string, unknown> | null;

  /** The lease of a running commit: the process running it renews this every few seconds. */
  @Column({ type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  /** The process (instance id) that runs the commit and renews its lease. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;
}

/** Which recommendations an import created or changed. */
@Entity('import_recommendation')
@Index('ix_import_recommendation_recommendation', ['recommendationId'])
export class ImportRecommendation {
  @PrimaryColumn({ type: 'uuid' })
  importId: string;

  @ManyToOne(() => ImportJob, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  importJob: Relation<ImportJob>;

  @PrimaryColumn({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation: Relation<Recommendation>;

  /** `created` or `updated`. */
  @Column({ type: 'varchar', length: 16 })
  action: string;
}
