/**
 * Enrollment evidence (Table O, 140.452(a)(1), 140.499): dated documents and attestations recorded
 * against a criterion. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): each record is a
 * numbered version per provider and criterion; a correction is a new record naming the one it corrects.
 */
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ProviderEntity } from './registry.entities';

@Entity({ name: 'enrollment_evidence' })
@Index('uq_enrollment_evidence_version', ['providerId', 'criterionId', 'version'], { unique: true })
@Check('ck_enrollment_evidence_expiry', `"expires_on" IS NULL OR "expires_on" >= "documented_on"`)
@Check('ck_enrollment_evidence_version', `"version" >= 1`)
export class EnrollmentEvidenceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_enrollment_evidence_provider' })
  provider?: ProviderEntity;
  /** a criterion id of src/rules/enrollment/criteria.ts */
  @Column('text', { name: 'criterion_id' }) criterionId!: string;
  @Column('integer') version!: number;
  @Column('date', { name: 'documented_on' }) documentedOn!: string;
  @Column('date', { name: 'expires_on', nullable: true }) expiresOn!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('uuid', { name: 'corrects_evidence_id', nullable: true }) correctsEvidenceId!: string | null;
  @ManyToOne(() => EnrollmentEvidenceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_evidence_id', foreignKeyConstraintName: 'fk_enrollment_evidence_corrects' })
  corrects?: EnrollmentEvidenceEntity;
  @Column('uuid', { name: 'recorded_by_key_id', nullable: true }) recordedByKeyId!: string | null;
  @Column('text', { name: 'recorded_by_role' }) recordedByRole!: string;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

export const ENROLLMENT_ENTITIES = [EnrollmentEvidenceEntity];
