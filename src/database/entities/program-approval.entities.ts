/** Table N program approvals: one per provider and program, and the dated events they are built from. */
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Program } from '../../rules/vocabulary';
import { ProviderEntity } from './registry.entities';

export interface StaffingMember {
  staffId: string;
  role: 'TEAM_LEAD' | 'PEER_SPECIALIST' | 'MEMBER' | 'PROGRAM_DIRECTOR';
  fte: number;
}

export interface Census {
  adults: number | null;
  youth: number | null;
}

/** Dated documentation of a readiness practice criterion (appended, never edited). */
export interface ReadinessEvidenceRecord {
  criterionId: string;
  documentedOn: string;
  percent: number | null;
  note: string | null;
  recordedAt: string;
  recordedByKeyId: string | null;
}

/** What a team program's record keeps for readiness (a Table N approval's program, an ACT team). */
abstract class TeamRecordColumns {
  /** the program's team or director; null: not recorded */
  @Column('jsonb', { nullable: true }) staffing!: StaffingMember[] | null;
  /** individuals served; null: not recorded */
  @Column('jsonb', { nullable: true }) census!: Census | null;
  /** documentation of the practice criteria of readiness */
  @Column('jsonb', { default: () => "'[]'" }) evidence!: ReadinessEvidenceRecord[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn({ default: 1 }) version!: number;
}

@Entity({ name: 'program_approvals' })
@Index('uq_program_approvals_provider_program', ['providerId', 'program'], { unique: true })
@Check('ck_program_approvals_program', `"program" IN ('CST', 'IO', 'PSR')`)
export class ProgramApprovalEntity extends TeamRecordColumns {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_program_approvals_provider' })
  provider?: ProviderEntity;
  @Column('text') program!: Program;
}

/** A provider's Assertive Community Treatment team (140.453(d)(4)(A)), for readiness: ACT has no Table N approval. */
@Entity({ name: 'act_teams' })
@Index('uq_act_teams_provider', ['providerId'], { unique: true })
export class ActTeamEntity extends TeamRecordColumns {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'provider_id' }) providerId!: string;
  @ManyToOne(() => ProviderEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_act_teams_provider' })
  provider?: ProviderEntity;
}

@Entity({ name: 'program_approval_events' })
@Index('uq_program_approval_events_seq', ['programApprovalId', 'seq'], { unique: true })
@Check('ck_program_approval_events_submitted', `"submitted_on" IS NULL OR "submitted_on" <= "occurred_on"`)
export class ProgramApprovalEventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'program_approval_id' }) programApprovalId!: string;
  @ManyToOne(() => ProgramApprovalEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_approval_id', foreignKeyConstraintName: 'fk_program_approval_events_approval' })
  programApproval?: ProgramApprovalEntity;
  /** order of recording, from 1 */
  @Column('integer') seq!: number;
  @Column('text') type!: string;
  @Column('date', { name: 'occurred_on' }) occurredOn!: string;
  @Column('date', { name: 'notice_on', nullable: true }) noticeOn!: string | null;
  @Column('date', { name: 'review_on', nullable: true }) reviewOn!: string | null;
  @Column('text', { nullable: true }) outcome!: string | null;
  @Column('date', { name: 'effective_on', nullable: true }) effectiveOn!: string | null;
  /** INFORMAL_REVIEW_REQUESTED, FORMAL_APPEAL_FILED: the day the request was sent (occurredOn: received) */
  @Column('date', { name: 'submitted_on', nullable: true }) submittedOn!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('uuid', { name: 'recorded_by_key_id', nullable: true }) recordedByKeyId!: string | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}

export const PROGRAM_APPROVAL_ENTITIES = [ProgramApprovalEntity, ProgramApprovalEventEntity, ActTeamEntity];
