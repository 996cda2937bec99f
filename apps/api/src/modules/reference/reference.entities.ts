import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** Labels in the three working languages; any may be missing in source data except where stated. */
abstract class Labelled {
  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  nameFr: string;

  @Column({ type: 'text' })
  nameAr: string;
}

/** A list the administration edits (migration 1763900019000): deactivated, never deleted; versioned for If-Match. */
abstract class Administered extends Labelled {
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** ISO 3166-1 alpha-2 country, with UN names in ar/fr/en (datasets/country-codes, ODC-PDDL). */
@Entity('country')
export class Country extends Labelled {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Column({ type: 'varchar', length: 3, nullable: true })
  iso3: string | null;
}

/** OHCHR Universal Human Rights Index theme. */
@Entity('theme')
export class Theme extends Administered {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;
}

/** Group of persons a recommendation concerns (women, children, migrants …). */
@Entity('affected_person')
export class AffectedPerson extends Administered {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;
}

@Entity('sdg_goal')
export class SdgGoal extends Labelled {
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;
}

@Entity('sdg_target')
export class SdgTarget extends Labelled {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code: string;

  @Column({ type: 'varchar', length: 2 })
  goalCode: string;

  @ManyToOne(() => SdgGoal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'goal_code' })
  goal: Relation<SdgGoal>;
}

/** National thematic axis (Morocco: 9 axes). */
@Entity('axis')
export class Axis extends Administered {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;
}

@Entity('sub_axis')
export class SubAxis extends Administered {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  axisCode: string;

  @ManyToOne(() => Axis, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'axis_code' })
  axis: Relation<Axis>;
}

export const REFERENCE_ENTITIES = [Country, Theme, AffectedPerson, SdgGoal, SdgTarget, Axis, SubAxis];
