import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
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

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
