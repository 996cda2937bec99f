import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { Locale, Role } from '@sidh/domain';
import { Institution } from '../institutions/institution.entity.js';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Index('uq_app_user_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution: Relation<Institution> | null;

  /** Focal points only: `main` or `alternate` (institutions often name two). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  focalPointKind: string | null;

  @Column({ type: 'varchar', length: 2, default: 'fr' })
  locale: Locale;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Argon2id PHC string; never leaves the server. */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  /** Access tokens issued before this instant are refused (logout, deactivation, role change). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  tokensValidAfter: Date;

  /** The last successful sign-in (set by the login's transaction); null: never signed in. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
