import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One organisation setting (migration 1763900019000): a key, its JSON value (validated per key), a version for If-Match. */
@Entity('setting')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @Column({ type: 'int', default: 1 })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
