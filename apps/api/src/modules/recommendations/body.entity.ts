import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Mechanism } from '@sidh/domain';

/** A treaty body, a special-procedure mandate or the UPR. */
@Entity('body')
export class Body {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 24 })
  mechanism: Mechanism;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  nameFr: string;

  @Column({ type: 'text' })
  nameAr: string;

  /** Months the state has to report on follow-up recommendations (treaty bodies); configurable per body. */
  @Column({ type: 'int', nullable: true })
  followUpMonths: number | null;

  /** False once deactivated: hidden from pickers, still named by its recommendations and history. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;
}
