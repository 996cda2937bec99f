import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import type { Locale, ReportStatus, ReportType } from '@sidh/domain';
import { Body } from '../recommendations/body.entity.js';
import { Review } from '../recommendations/review.entity.js';
import { User } from '../users/user.entity.js';

/** The validated contribution a section's text was drawn from (what "refresh" compares with). */
export interface ReportSectionSource {
  contributionId: string;
  assignmentId: string;
  itemId: string;
  version: number;
  validatedAt: string;
}

/**
 * A report to a UN body (DOMAIN.md, "The reports the coordinator must produce"), drafted section by
 * section from validated contributions and finalised into stored Word versions. Every change is
 * audited with entity type `report` and the report's id (sections and versions included).
 */
@Entity('report')
@Check('ck_report_type', `"type" IN ('initial', 'periodic', 'list_of_issues_replies', 'follow_up', 'upr_national', 'upr_mid_term')`)
@Check('ck_report_language', `"language" IN ('ar', 'fr', 'en')`)
@Check('ck_report_status', `"status" IN ('draft', 'finalised')`)
@Check('ck_report_word_limit', `"word_limit" > 0`)
@Check('ck_report_group_by', `"group_by" IN ('theme', 'axis')`)
@Index('ix_report_updated', ['updatedAt'])
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  type: ReportType;

  @Column({ type: 'uuid' })
  bodyId: string;

  @ManyToOne(() => Body, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'body_id' })
  body: Relation<Body>;

  /** The review (or list of issues) the report answers. */
  @Column({ type: 'uuid', nullable: true })
  reviewId: string | null;

  @ManyToOne(() => Review, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_id' })
  review: Relation<Review> | null;

  @Column({ type: 'varchar', length: 2 })
  language: Locale;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  /** null: no limit (the UPR mid-term report). */
  @Column({ type: 'int', nullable: true })
  wordLimit: number | null;

  /** UPR national report: section III grouped by theme or by national axis; null for other types. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  groupBy: 'theme' | 'axis' | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: ReportStatus;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One section: its heading and text (the Markdown subset of report-markdown.ts, stored as typed and
 * never rendered as HTML), the items it covers and their citations. Positions are unique per report,
 * checked at commit so that a reorder can move every section in one statement.
 */
@Entity('report_section')
@Unique('uq_report_section_position', ['reportId', 'position'], { deferrable: 'INITIALLY DEFERRED' })
export class ReportSection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => Report, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report: Relation<Report>;

  @Column({ type: 'int' })
  position: number;

  /** From the plan: `item:<id>` or `upr:<section>`; stable for "refresh". */
  @Column({ type: 'varchar', length: 80 })
  key: string;

  @Column({ type: 'varchar', length: 500 })
  heading: string;

  @Column({ type: 'text' })
  body: string;

  /** Words of heading and text (countReportDocumentWords), counted whenever the text is written; finalising recounts from the text. */
  @Column({ type: 'int', default: 0 })
  words: number;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  itemIds: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  citations: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  sources: ReportSectionSource[];

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by_id' })
  updatedBy: Relation<User> | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A finalised version: the exact Word file produced, kept as bytes with their SHA-256 (never changed). */
@Entity('report_version')
@Index('uq_report_version_number', ['reportId', 'number'], { unique: true })
export class ReportVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @ManyToOne(() => Report, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id' })
  report: Relation<Report>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea' })
  docx: Buffer;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'int' })
  wordCount: number;

  @Column({ type: 'int', nullable: true })
  wordLimit: number | null;

  @Column({ type: 'boolean' })
  overLimit: boolean;

  @Column({ type: 'boolean' })
  overLimitConfirmed: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
