import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Body } from './body.entity.js';

/** One examination of the state by one body (UPR cycle, periodic report, country visit). */
@Entity('review')
@Index('uq_review_body_code', ['bodyId', 'code'], { unique: true })
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  bodyId: string;

  @ManyToOne(() => Body, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'body_id' })
  body: Relation<Body>;

  /** Short stable code within the body, e.g. `cycle-3`, `CO-4`, `visit-2012`. */
  @Column({ type: 'varchar', length: 64 })
  code: string;

  /** The title in each language (e.g. "Universal Periodic Review of Morocco – 3rd cycle"). */
  @Column({ type: 'text' })
  titleAr: string;

  @Column({ type: 'text' })
  titleFr: string;

  @Column({ type: 'text' })
  titleEn: string;

  @Column({ type: 'int', nullable: true })
  cycle: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  session: string | null;

  @Column({ type: 'int', nullable: true })
  year: number | null;

  @Column({ type: 'date', nullable: true })
  reviewDate: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  documentSymbol: string | null;

  /** False once deactivated: hidden from pickers, still named by its recommendations and history. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;
}
