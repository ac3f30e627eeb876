/**
 * Registry tables. Value objects that are always read with their owner (licences, degrees,
 * experience periods, enrollment periods...) are jsonb columns; dates are `date` columns read back as
 * `YYYY-MM-DD` strings, instants are timestamptz.
 */
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type {
  BackgroundCheckFact,
  CertificationFact,
  DegreeFact,
  EnrollmentPeriod,
  ExperienceFact,
  LicenseFact,
  PrescriberDesignationFact,
  TrainingFact,
} from '../../rules/facts';
import type { IpKind, ProviderType, Role, Service } from '../../rules/vocabulary';

@Entity({ name: 'providers' })
@Check('ck_providers_type', `"type" IN ('CMHC', 'BHC', 'IP')`)
@Check('ck_providers_ip_kind', `("type" = 'IP') = ("ip_kind" IS NOT NULL)`)
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Index('uq_providers_npi', { unique: true })
  @Column('char', { length: 10 })
  npi!: string;
  @Column('text') type!: ProviderType;
  @Column('text', { name: 'ip_kind', nullable: true }) ipKind!: IpKind | null;
  @Column('jsonb', { default: () => "'[]'" }) enrollments!: EnrollmentPeriod[];
  @Column('boolean', { name: 'encounter_rate_clinic', default: false }) encounterRateClinic!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn({ default: 1 }) version!: number;
}

@Entity({ name: 'staff' })
@Check('ck_staff_employment', `"end_date" IS NULL OR "end_date" >= "hire_date"`)
@Check('ck_staff_practicum', `"practicum_hours" IS NULL OR "practicum_hours" >= 0`)
@Index('ix_staff_provider', ['providerId'])
export class StaffEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_staff_provider' })
  provider?: ProviderEntity;
  @Column('text') name!: string;
  @Index('ix_staff_npi')
  @Column('char', { length: 10, nullable: true })
  npi!: string | null;
  @Column('date', { name: 'birth_date', nullable: true }) birthDate!: string | null;
  @Column('date', { name: 'hire_date' }) hireDate!: string;
  @Column('date', { name: 'end_date', nullable: true }) endDate!: string | null;
  @Column('jsonb', { default: () => "'[]'" }) licenses!: LicenseFact[];
  @Column('jsonb', { default: () => "'[]'" }) degrees!: DegreeFact[];
  @Column('boolean', { name: 'high_school_or_ged', default: false }) highSchoolOrGed!: boolean;
  @Column('jsonb', { default: () => "'[]'" }) experience!: ExperienceFact[];
  @Column('jsonb', { default: () => "'[]'" }) trainings!: TrainingFact[];
  @Column('integer', { name: 'practicum_hours', nullable: true }) practicumHours!: number | null;
  @Column('jsonb', { default: () => "'[]'" }) certifications!: CertificationFact[];
  @Column('uuid', { name: 'supervisor_staff_id', nullable: true }) supervisorStaffId!: string | null;
  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supervisor_staff_id', foreignKeyConstraintName: 'fk_staff_supervisor' })
  supervisor?: StaffEntity;
  @Column('boolean', { name: 'mhp_designated_before_2011', default: false }) mhpDesignatedBefore2011!: boolean;
  @Column('date', { name: 'rsa_abilities_attested_on', nullable: true }) rsaAbilitiesAttestedOn!: string | null;
  @Column('jsonb', { name: 'prescriber_designations', default: () => "'[]'" }) prescriberDesignations!: PrescriberDesignationFact[];
  @Column('boolean', { name: 'full_time', default: true }) fullTime!: boolean;
  @Column('boolean', { name: 'lived_experience', default: false }) livedExperience!: boolean;
  /** the provider's Clinical Director (Table O(c)(2)) */
  @Column('boolean', { name: 'clinical_director', default: false }) clinicalDirector!: boolean;
  /** Table O(c)(3): Health Care Worker Registry, fingerprint and HFS OIG sanctions checks */
  @Column('jsonb', { name: 'background_checks', default: () => "'[]'" }) backgroundChecks!: BackgroundCheckFact[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn({ default: 1 }) version!: number;
}

@Entity({ name: 'recipients' })
export class RecipientEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Index('uq_recipients_medicaid_id', { unique: true })
  @Column('text', { name: 'medicaid_id' })
  medicaidId!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn({ default: 1 }) version!: number;
}

/** Which providers serve (and so may see) a recipient. */
@Entity({ name: 'recipient_providers' })
@Index('ix_recipient_providers_provider', ['providerId'])
export class RecipientProviderEntity {
  @PrimaryColumn('uuid', { name: 'recipient_id' }) recipientId!: string;
  @PrimaryColumn('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => RecipientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_recipient_providers_recipient' })
  recipient?: RecipientEntity;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_recipient_providers_provider' })
  provider?: ProviderEntity;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'assessments' })
@Index('ix_assessments_recipient', ['recipientId', 'completedOn'])
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'recipient_id' }) recipientId!: string;
  @ManyToOne(() => RecipientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_assessments_recipient' })
  recipient?: RecipientEntity;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_assessments_provider' })
  provider?: ProviderEntity;
  @Column('date', { name: 'completed_on' }) completedOn!: string;
  @Column('uuid', { name: 'approved_by_staff_id', nullable: true }) approvedByStaffId!: string | null;
  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approved_by_staff_id', foreignKeyConstraintName: 'fk_assessments_approver' })
  approvedBy?: StaffEntity;
  @Column('jsonb', { default: () => "'[]'" }) diagnoses!: string[];
  @Column('boolean', { name: 'rule_out', default: false }) ruleOut!: boolean;
  @Column('date', { name: 'definitive_on', nullable: true }) definitiveOn!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'treatment_plans' })
@Index('ix_treatment_plans_recipient', ['recipientId', 'approvedOn'])
export class TreatmentPlanEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'recipient_id' }) recipientId!: string;
  @ManyToOne(() => RecipientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'fk_treatment_plans_recipient' })
  recipient?: RecipientEntity;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_treatment_plans_provider' })
  provider?: ProviderEntity;
  @Column('date', { name: 'approved_on' }) approvedOn!: string;
  @Column('uuid', { name: 'approved_by_staff_id', nullable: true }) approvedByStaffId!: string | null;
  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approved_by_staff_id', foreignKeyConstraintName: 'fk_treatment_plans_approver' })
  approvedBy?: StaffEntity;
  @Column('date', { name: 'client_signed_on', nullable: true }) clientSignedOn!: string | null;
  @Column('jsonb', { default: () => "'[]'" }) services!: Service[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'api_keys' })
@Check('ck_api_keys_role', `"role" IN ('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER', 'ADMIN')`)
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** sha256 of the key; the key itself is shown once, at issue */
  @Index('uq_api_keys_hash', { unique: true })
  @Column('text', { name: 'key_hash' })
  keyHash!: string;
  @Column('text', { name: 'key_prefix' }) keyPrefix!: string;
  @Column('text') role!: Role;
  @Column('uuid', { name: 'provider_ids', array: true, default: () => "'{}'" }) providerIds!: string[];
  @Column('boolean', { name: 'all_providers', default: false }) allProviders!: boolean;
  /** the staff member who holds the key: it stops working the day after their employment ends */
  @Column('uuid', { name: 'holder_staff_id', nullable: true }) holderStaffId!: string | null;
  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'holder_staff_id', foreignKeyConstraintName: 'fk_api_keys_holder' })
  holder?: StaffEntity;
  /** the last day (UTC) the key was used: written at most once a day per key */
  @Column('date', { name: 'last_used_on', nullable: true }) lastUsedOn!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}

/** A completed review of who holds which API key (IDHS HRFCM manual 1.9.1 D, 1.9.8): who, when, what changed. */
@Entity({ name: 'access_reviews' })
@Index('ix_access_reviews_reviewed_on', ['reviewedOn'])
export class AccessReviewEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('date', { name: 'reviewed_on' }) reviewedOn!: string;
  @Column('uuid', { name: 'reviewed_by_key_id', nullable: true }) reviewedByKeyId!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  /** what the reviewer says was changed, key by key */
  @Column('jsonb', { default: () => "'[]'" }) changes!: { keyId: string; change: string }[];
  /** the key changes recorded since the previous review (from the audit log) */
  @Column('jsonb', { name: 'key_changes', default: () => "'[]'" }) keyChanges!: { at: string; action: string; keyId: string; keyName: string }[];
  /** the keys active when it was recorded, and the flags each had */
  @Column('jsonb', { name: 'keys_reviewed', default: () => "'[]'" }) keysReviewed!: { keyId: string; name: string; flags: string[] }[];
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

/** Append-only (a trigger refuses UPDATE and DELETE): every write and every read of a recipient record, who, when, what, before/after hash. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_entity', ['entity', 'entityId'])
@Index('ix_audit_log_actor', ['actorKeyId'])
@Index('ix_audit_log_at', ['at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('timestamptz', { default: () => 'now()' }) at!: Date;
  @Column('uuid', { name: 'actor_key_id', nullable: true }) actorKeyId!: string | null;
  @Column('text', { name: 'actor_role' }) actorRole!: string;
  @Column('text') action!: string;
  @Column('text') entity!: string;
  @Column('text', { name: 'entity_id' }) entityId!: string;
  @Column('text', { name: 'before_hash', nullable: true }) beforeHash!: string | null;
  @Column('text', { name: 'after_hash', nullable: true }) afterHash!: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId!: string | null;
}

export const REGISTRY_ENTITIES = [
  ProviderEntity,
  StaffEntity,
  RecipientEntity,
  RecipientProviderEntity,
  AssessmentEntity,
  TreatmentPlanEntity,
  ApiKeyEntity,
  AccessReviewEntity,
  AuditLogEntity,
];
