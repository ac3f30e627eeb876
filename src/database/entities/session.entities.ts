/**
 * Web sessions: an API key exchanged at sign-in for a random session token, kept in an HttpOnly
 * cookie. Only the token's SHA-256 hash is stored; a session ends at
 * `expires_at` or when signed out (`ended_at`), and with its key (a revoked key ends its sessions).
 */
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ApiKeyEntity } from './registry.entities';

@Entity({ name: 'web_sessions' })
export class WebSessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('uq_web_sessions_token_hash', { unique: true })
  @Column('text', { name: 'token_hash' })
  tokenHash!: string;
  @Column('uuid', { name: 'api_key_id' }) apiKeyId!: string;
  @ManyToOne(() => ApiKeyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'api_key_id', foreignKeyConstraintName: 'fk_web_sessions_api_key' })
  apiKey?: ApiKeyEntity;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
}

export const SESSION_ENTITIES = [WebSessionEntity];
