import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { InstitutionType } from '@sidh/domain';

/** A ministry, agency, independent institution, court or parliament whose focal points report. */
@Entity('institution')
export class Institution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 32 })
  type: InstitutionType;

  @Column({ type: 'text' })
  nameFr: string;

  @Column({ type: 'text' })
  nameAr: string;

  @Column({ type: 'text' })
  nameEn: string;

  /** The institution it belongs to (a directorate under its ministry); never a cycle (checked under a lock). */
  @Index('ix_institution_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_institution_parent' })
  parent: Relation<Institution> | null;

  /** Invitations go only to addresses of these domains (or their sub-domains); empty: any address. Lower case. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emailDomains: string[];

  /** A deactivated institution gets no new assignment, campaign row, invitation or designation; its history stays. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set when the institution was merged into another (it is then inactive, and holds no reference any more). */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'FK_institution_merged_into' })
  mergedInto: Relation<Institution> | null;

  @Column({ type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
