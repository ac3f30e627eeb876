/**
 * Recorded claims and the cap ledger (140.453(e)(1)(C)(i), (e)(2)): minutes per recipient, State fiscal
 * year and category, per claim line, with who recorded them and when. Entries are never deleted: a
 * replacement or void releases them (released_at).
 */
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ProviderEntity, RecipientEntity, StaffEntity } from './registry.entities';

@Entity({ name: 'claim_records' })
@Index('uq_claim_records_provider_claim', ['providerId', 'claimId'], { unique: true })
@Check('ck_claim_records_status', `"status" IN ('RECORDED', 'VOIDED')`)
export class ClaimRecordEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_claim_records_provider' })
  provider?: ProviderEntity;
  /** the submitter's own claim ID */
  @Column('text', { name: 'claim_id' }) claimId!: string;
  @Column('uuid', { name: 'recipient_id', nullable: true }) recipientId!: string | null;
  @Column('text') status!: 'RECORDED' | 'VOIDED';
  @Column('integer', { name: 'current_version' }) currentVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'claim_versions' })
@Index('uq_claim_versions_version', ['claimRecordId', 'version'], { unique: true })
@Check('ck_claim_versions_frequency', `"frequency" IN ('ORIGINAL', 'REPLACEMENT', 'VOID')`)
export class ClaimVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'claim_record_id' }) claimRecordId!: string;
  @ManyToOne(() => ClaimRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_record_id', foreignKeyConstraintName: 'fk_claim_versions_record' })
  claimRecord?: ClaimRecordEntity;
  @Column('integer') version!: number;
  @Column('text') frequency!: 'ORIGINAL' | 'REPLACEMENT' | 'VOID';
  /** SHA-256 of the claim as submitted (canonical JSON): the same claim again is recognised */
  @Column('text', { name: 'content_hash' }) contentHash!: string;
  /** the claim's part of the report given when it was recorded, returned again on a repeat */
  @Column('jsonb') report!: unknown;
  @Column('uuid', { name: 'recorded_by_key_id', nullable: true }) recordedByKeyId!: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

/**
 * Case-management minutes billed outside bhcheck, recorded by a provider under its own reference: one
 * record per (provider, externalReference), so a retried request is recognised. A correction is a new
 * version, a void releases the entry; nothing is deleted.
 */
@Entity({ name: 'external_usage' })
@Index('uq_external_usage_provider_reference', ['providerId', 'externalReference'], { unique: true })
@Index('ix_external_usage_recipient', ['recipientId'])
@Check('ck_external_usage_status', `"status" IN ('RECORDED', 'VOIDED')`)
export class ExternalUsageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'recipient_id' }) recipientId!: string;
  @ManyToOne(() => RecipientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_external_usage_recipient' })
  recipient?: RecipientEntity;
  /** the provider that recorded it (whose reference it is) */
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_external_usage_provider' })
  provider?: ProviderEntity;
  @Column('text', { name: 'external_reference' }) externalReference!: string;
  @Column('text') status!: 'RECORDED' | 'VOIDED';
  @Column('integer', { name: 'current_version' }) currentVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Every version of an outside usage entry: what was recorded, why it changed, and the answer given. */
@Entity({ name: 'external_usage_versions' })
@Index('uq_external_usage_versions_version', ['usageId', 'version'], { unique: true })
@Check('ck_external_usage_versions_action', `"action" IN ('RECORD', 'CORRECT', 'VOID')`)
export class ExternalUsageVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'usage_id' }) usageId!: string;
  @ManyToOne(() => ExternalUsageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'usage_id', foreignKeyConstraintName: 'fk_external_usage_versions_usage' })
  usage?: ExternalUsageEntity;
  @Column('integer') version!: number;
  @Column('text') action!: 'RECORD' | 'CORRECT' | 'VOID';
  /** the entry as of this version (a void keeps the content it voided) */
  @Column('date', { name: 'date_of_service' }) dateOfService!: string;
  @Column('text') service!: string;
  @Column('integer') minutes!: number;
  @Column('text', { nullable: true }) note!: string | null;
  /** SHA-256 of the request's content (canonical JSON): the same request again is recognised */
  @Column('text', { name: 'content_hash' }) contentHash!: string;
  /** why it was corrected or voided */
  @Column('text', { nullable: true }) reason!: string | null;
  /** the answer given, returned again on a repeat */
  @Column('jsonb') answer!: unknown;
  @Column('uuid', { name: 'recorded_by_key_id', nullable: true }) recordedByKeyId!: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

@Entity({ name: 'cap_ledger_entries' })
@Index('ix_cap_ledger_open', ['recipientId', 'sfy', 'category'], { where: '"released_at" IS NULL' })
@Index('ix_cap_ledger_claim', ['claimRecordId'])
@Index('ix_cap_ledger_external_usage', ['externalUsageId'])
@Check('ck_cap_ledger_category', `"category" IN ('TCM', 'TLA')`)
@Check('ck_cap_ledger_source', `"source" IN ('CLAIM', 'EXTERNAL')`)
@Check('ck_cap_ledger_minutes', `"minutes" > 0`)
@Check('ck_cap_ledger_sfy', `"sfy" ~ '^SFY[0-9]{4}$'`)
export class CapLedgerEntryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'recipient_id' }) recipientId!: string;
  @ManyToOne(() => RecipientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_cap_ledger_recipient' })
  recipient?: RecipientEntity;
  @Column('text') sfy!: string;
  @Column('text') category!: 'TCM' | 'TLA';
  /** whole minutes */
  @Column('integer') minutes!: number;
  @Column('date', { name: 'date_of_service' }) dateOfService!: string;
  @Column('text') source!: 'CLAIM' | 'EXTERNAL';
  @Column('uuid', { name: 'provider_id', nullable: true }) providerId!: string | null;
  @Column('uuid', { name: 'claim_record_id', nullable: true }) claimRecordId!: string | null;
  @ManyToOne(() => ClaimRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_record_id', foreignKeyConstraintName: 'fk_cap_ledger_claim' })
  claimRecord?: ClaimRecordEntity;
  @Column('integer', { name: 'claim_version', nullable: true }) claimVersion!: number | null;
  @Column('text', { name: 'line_id', nullable: true }) lineId!: string | null;
  /** EXTERNAL: the other provider's claim or a reference the user gives */
  @Column('text', { name: 'external_reference', nullable: true }) externalReference!: string | null;
  /** EXTERNAL: the outside usage entry and its version (entries recorded before these existed have none) */
  @Column('uuid', { name: 'external_usage_id', nullable: true }) externalUsageId!: string | null;
  @ManyToOne(() => ExternalUsageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'external_usage_id', foreignKeyConstraintName: 'fk_cap_ledger_external_usage' })
  externalUsage?: ExternalUsageEntity;
  @Column('integer', { name: 'external_usage_version', nullable: true }) externalUsageVersion!: number | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('uuid', { name: 'recorded_by_key_id', nullable: true }) recordedByKeyId!: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column('timestamptz', { name: 'released_at', nullable: true }) releasedAt!: Date | null;
  /** the version of its claim or outside usage entry that released it */
  @Column('integer', { name: 'released_by_version', nullable: true }) releasedByVersion!: number | null;
}

/**
 * The lines of recorded claims as the duplicate check compares them (CONTRACT "Duplicates"): written
 * with the claim, released (never deleted) when a REPLACEMENT or VOID changes it. Read by recipient and
 * date of service through the open-lines index, one query per batch checked.
 */
@Entity({ name: 'recorded_claim_lines' })
@Index('ix_recorded_claim_lines_open', ['recipientId', 'dateOfService'], { where: '"released_at" IS NULL' })
@Index('ix_recorded_claim_lines_claim', ['claimRecordId'])
@Check('ck_recorded_claim_lines_modality', `"modality" IN ('INDIVIDUAL', 'GROUP', 'FAMILY')`)
@Check('ck_recorded_claim_lines_contact', `"contact" IN ('FACE_TO_FACE', 'VIDEO', 'PHONE')`)
export class RecordedClaimLineEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'claim_record_id' }) claimRecordId!: string;
  @ManyToOne(() => ClaimRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claim_record_id', foreignKeyConstraintName: 'fk_recorded_claim_lines_claim' })
  claimRecord?: ClaimRecordEntity;
  @Column('integer', { name: 'claim_version' }) claimVersion!: number;
  @Column('text', { name: 'line_id' }) lineId!: string;
  @Column('uuid', { name: 'recipient_id' }) recipientId!: string;
  @ManyToOne(() => RecipientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_recorded_claim_lines_recipient' })
  recipient?: RecipientEntity;
  @Column('date', { name: 'date_of_service' }) dateOfService!: string;
  @Column('text') service!: string;
  @Column('uuid', { name: 'staff_id' }) staffId!: string;
  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'fk_recorded_claim_lines_staff' })
  staff?: StaffEntity;
  @Column('text') modality!: string;
  @Column('text') contact!: string;
  /** upper case; null when the line named a service without a code */
  @Column('text', { name: 'procedure_code', nullable: true }) procedureCode!: string | null;
  /** upper case, sorted */
  @Column('text', { array: true, default: () => "'{}'" }) modifiers!: string[];
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
  @Column('timestamptz', { name: 'released_at', nullable: true }) releasedAt!: Date | null;
  @Column('integer', { name: 'released_by_version', nullable: true }) releasedByVersion!: number | null;
}

export const CLAIM_ENTITIES = [ClaimRecordEntity, ClaimVersionEntity, ExternalUsageEntity, ExternalUsageVersionEntity, CapLedgerEntryEntity, RecordedClaimLineEntity];
