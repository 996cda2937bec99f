import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Institution } from '../institutions/institution.entity.js';
import { User } from '../users/user.entity.js';

/** What a campaign covers: a saved recommendation-list filter, or hand-picked recommendation ids. */
export interface CampaignScope {
  filter?: Record<string, unknown>;
  recommendationIds?: string[];
}

/** A request for contributions on a set of recommendations, from a set of institutions, by a deadline. */
@Entity('campaign')
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Index('ix_campaign_deadline')
  @Column({ type: 'date' })
  deadline: string;

  @Column({ type: 'jsonb' })
  scope: CampaignScope;

  /** open | closed */
  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy: Relation<User> | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** An institution asked to report in a campaign. */
@Entity('campaign_institution')
@Index('ix_campaign_institution_institution', ['institutionId'])
export class CampaignInstitution {
  @PrimaryColumn({ type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign: Relation<Campaign>;

  @PrimaryColumn({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution: Relation<Institution>;
}
