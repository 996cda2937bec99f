import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Contribution } from '../contributions/contribution.entity.js';
import { User } from '../users/user.entity.js';

/** An in-app notification (the bell); the e-mail copy goes through the mail outbox. */
@Entity('notification')
@Index('ix_notification_user_unread', ['userId', 'readAt', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 48 })
  type: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * One row per reminder sent. The primary key (contribution, kind, day) is what guarantees that two
 * sweeps, even on two API instances at once, never remind twice for the same contribution and day.
 */
@Entity('reminder')
export class Reminder {
  @PrimaryColumn({ type: 'uuid' })
  contributionId: string;

  @ManyToOne(() => Contribution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contribution_id' })
  contribution: Relation<Contribution>;

  /** due_soon | overdue */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
