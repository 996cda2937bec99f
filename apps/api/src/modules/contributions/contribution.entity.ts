import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { Confidentiality, ContributionStatus, ImplementationStatus, IndicatorType } from '@sidh/domain';
import { Assignment } from '../assignments/assignment.entity.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Institution } from '../institutions/institution.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';
import { User } from '../users/user.entity.js';

export interface Indicator {
  name: string;
  type: IndicatorType;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  value: number | null;
  date: string | null;
}

/** One institution's account, for one assignment in one campaign. */
@Entity('contribution')
@Index('uq_contribution_campaign_assignment', ['campaignId', 'assignmentId'], { unique: true })
@Index('ix_contribution_institution_status', ['institutionId', 'status'])
@Index('ix_contribution_assignment', ['assignmentId'])
@Index('ix_contribution_recommendation', ['recommendationId'])
// (supersedes_id, created_at DESC) WHERE supersedes_id IS NOT NULL (migration 1763900026000): TypeORM's decorator has no DESC key.
@Index('ix_contribution_supersedes', { synchronize: false })
export class Contribution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id' })
  campaign: Relation<Campaign>;

  @Column({ type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => Assignment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignment_id' })
  assignment: Relation<Assignment>;

  /** Copied from the assignment at creation: the institution that reports (drives scope). */
  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution: Relation<Institution>;

  @Column({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation: Relation<Recommendation>;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: ContributionStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  implementationStatus: ImplementationStatus | null;

  @Column({ type: 'text', default: '' })
  measures: string;

  @Column({ type: 'text', default: '' })
  challenges: string;

  @Column({ type: 'text', default: '' })
  nextSteps: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  indicators: Indicator[];

  /** The earlier contribution for the same assignment that this one supersedes (history is kept). */
  @Column({ type: 'uuid', nullable: true })
  supersedesId: string | null;

  @ManyToOne(() => Contribution, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'supersedes_id' })
  supersedes: Relation<Contribution> | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  validatedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by_id' })
  updatedBy: Relation<User> | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The thread of a contribution: free comments and the comments of returns and transitions. */
@Entity('contribution_comment')
@Index('ix_contribution_comment_contribution', ['contributionId', 'createdAt'])
export class ContributionComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contributionId: string;

  @ManyToOne(() => Contribution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contribution_id' })
  contribution: Relation<Contribution>;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author: Relation<User> | null;

  /** The workflow action this comment came with (`return`, …), or null for a free comment. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  action: string | null;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A file (stored under a generated name) or a link attached to a contribution. */
@Entity('evidence')
@Index('ix_evidence_contribution', ['contributionId'])
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  contributionId: string;

  @ManyToOne(() => Contribution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contribution_id' })
  contribution: Relation<Contribution>;

  /** file | link */
  @Column({ type: 'varchar', length: 8 })
  kind: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  title: string;

  /** Sanitised original name, shown and used on download. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  fileName: string | null;

  /** Server-generated name under UPLOAD_DIR; never derived from user input. */
  @Column({ type: 'varchar', length: 80, nullable: true })
  storageName: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  mediaType: string | null;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 16, default: 'internal' })
  confidentiality: Confidentiality;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
