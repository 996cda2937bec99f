import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row (id 1) whose `stamp` changes whenever the catalogue does: statement-level triggers on
 * recommendation, its link tables, assignment and sdg_target bump it in the writing transaction
 * (see migration 1763900000002), so every API instance sees the new stamp exactly when the change
 * commits. Caches of catalogue-derived figures (facet counts) are keyed by it.
 */
@Entity('catalogue_stamp')
export class CatalogueStamp {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'bigint', default: 0 })
  stamp: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
