/**
 * Calendar feeds: a secret, read-only iCalendar URL that acts with the role and provider scope of the
 * API key that made it. Only the SHA-256 of the secret is kept; revoking sets revoked_at.
 */
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiKeyEntity } from './registry.entities';

/** What a feed shows, beyond the key's scope (each null: all). */
export interface CalendarFeedFilters {
  providerId: string | null;
  program: string | null;
  kinds: string[] | null;
  parties: string[] | null;
}

@Entity({ name: 'calendar_feeds' })
@Index('ix_calendar_feeds_api_key', ['apiKeyId'])
export class CalendarFeedEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'api_key_id' }) apiKeyId!: string;
  @ManyToOne(() => ApiKeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_key_id', foreignKeyConstraintName: 'fk_calendar_feeds_api_key' })
  apiKey?: ApiKeyEntity;
  @Column('text') name!: string;
  /** sha256 (hex) of the secret in the URL; the secret itself is shown once, when the feed is made */
  @Index('uq_calendar_feeds_token_hash', { unique: true })
  @Column('text', { name: 'token_hash' })
  tokenHash!: string;
  @Column('jsonb') filters!: CalendarFeedFilters;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}

export const CALENDAR_FEED_ENTITIES = [CalendarFeedEntity];
