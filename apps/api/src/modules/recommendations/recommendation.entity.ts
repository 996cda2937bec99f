import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { ImplementationStatus, ItemKind, Mechanism, RecommendationResponse } from '@sidh/domain';
import { AffectedPerson, Axis, Country, SdgTarget, SubAxis, Theme } from '../reference/reference.entities.js';
import { Body } from './body.entity.js';
import { Review } from './review.entity.js';

@Entity('recommendation')
@Check('ck_recommendation_kind', `"kind" IN ('recommendation', 'question')`)
// A facet and the default order (migration 1763900024000 creates them with updated_at DESC): a filter
// on one facet reads its page in index order.
@Index('ix_recommendation_status_updated', ['status', 'updatedAt', 'id'])
@Index('ix_recommendation_response_updated', ['response', 'updatedAt', 'id'])
@Index('ix_recommendation_mechanism_updated', ['mechanism', 'updatedAt', 'id'])
@Index('ix_recommendation_body_updated', ['bodyId', 'updatedAt', 'id'])
@Index('ix_recommendation_review_updated', ['reviewId', 'updatedAt', 'id'])
// (created_at) INCLUDE (id, status), for the status history: TypeORM's decorator has no INCLUDE.
@Index('ix_recommendation_created_cover', { synchronize: false })
@Index('ix_recommendation_search', { synchronize: false })
// Search by reference (migration 1763900025000): expression and pattern-operator indexes.
@Index('ix_recommendation_symbol_paragraph', { synchronize: false })
@Index('ix_recommendation_paragraph', { synchronize: false })
@Index('ix_recommendation_paragraph_lower', { synchronize: false })
// The default order without free text. The migration creates it as (updated_at DESC, id): TypeORM's
// decorator has no DESC key, and its schema comparison ignores key order.
@Index('ix_recommendation_updated', ['updatedAt', 'id'])
export class Recommendation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * `recommendation`, or `question`: a paragraph of a committee's list of issues (prior to reporting),
   * answered like a recommendation (docs/decisions/0005-questions-in-the-catalogue.md).
   */
  @Column({ type: 'varchar', length: 16, default: 'recommendation' })
  kind: ItemKind;

  @Column({ type: 'varchar', length: 24 })
  mechanism: Mechanism;

  @Column({ type: 'uuid' })
  bodyId: string;

  @ManyToOne(() => Body, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'body_id' })
  body: Relation<Body>;

  @Column({ type: 'uuid', nullable: true })
  reviewId: string | null;

  @ManyToOne(() => Review, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_id' })
  review: Relation<Review> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  documentSymbol: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  paragraph: string | null;

  /** The source's own code (e.g. the coordinating body's `R144.110 P2`). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalCode: string | null;

  @Column({ type: 'text', nullable: true })
  textAr: string | null;

  @Column({ type: 'text', nullable: true })
  textFr: string | null;

  @Column({ type: 'text', nullable: true })
  textEn: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  response: RecommendationResponse | null;

  @Column({ type: 'boolean', default: false })
  followUp: boolean;

  @Column({ type: 'date', nullable: true })
  followUpDueDate: string | null;

  /** Consolidated implementation status, set by the coordinator. */
  @Column({ type: 'varchar', length: 24, default: 'not_started' })
  status: ImplementationStatus;

  @Column({ type: 'int', default: 1 })
  version: number;

  /** Maintained by a database trigger from the three texts; see the search migration. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector: string | null;

  @ManyToMany(() => Country)
  @JoinTable({ name: 'recommendation_state', joinColumn: { name: 'recommendation_id' }, inverseJoinColumn: { name: 'country_code' } })
  recommendingStates: Relation<Country[]>;

  @ManyToMany(() => Theme)
  @JoinTable({ name: 'recommendation_theme', joinColumn: { name: 'recommendation_id' }, inverseJoinColumn: { name: 'theme_code' } })
  themes: Relation<Theme[]>;

  @ManyToMany(() => AffectedPerson)
  @JoinTable({ name: 'recommendation_affected_person', joinColumn: { name: 'recommendation_id' }, inverseJoinColumn: { name: 'affected_person_code' } })
  affectedPersons: Relation<AffectedPerson[]>;

  @ManyToMany(() => SdgTarget)
  @JoinTable({ name: 'recommendation_sdg_target', joinColumn: { name: 'recommendation_id' }, inverseJoinColumn: { name: 'sdg_target_code' } })
  sdgTargets: Relation<SdgTarget[]>;

  @ManyToMany(() => Axis)
  @JoinTable({ name: 'recommendation_axis', joinColumn: { name: 'recommendation_id' }, inverseJoinColumn: { name: 'axis_code' } })
  axes: Relation<Axis[]>;

  @ManyToMany(() => SubAxis)
  @JoinTable({ name: 'recommendation_sub_axis', joinColumn: { name: 'recommendation_id' }, inverseJoinColumn: { name: 'sub_axis_code' } })
  subAxes: Relation<SubAxis[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
