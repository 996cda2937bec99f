import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { AssignmentRole } from '@sidh/domain';
import { Institution } from '../institutions/institution.entity.js';
import { Recommendation } from '../recommendations/recommendation.entity.js';

/** A recommendation given to an institution, as lead or contributor. Drives institution scope. */
@Entity('assignment')
@Index('uq_assignment_recommendation_institution', ['recommendationId', 'institutionId'], { unique: true })
@Index('ix_assignment_institution', ['institutionId'])
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation: Relation<Recommendation>;

  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution: Relation<Institution>;

  @Column({ type: 'varchar', length: 16, default: 'lead' })
  role: AssignmentRole;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
