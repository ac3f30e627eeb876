/**
 * Table N and ACT answers in the OpenAPI document. The rules (src/rules/program-approval) and the
 * services build them; these classes describe them, and `implements` keeps the two in step.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Census, ReadinessEvidenceRecord, StaffingMember } from '../database/entities/program-approval.entities';
import {
  APPROVAL_STATUSES,
  DEADLINE_KINDS,
  DEADLINE_PARTIES,
  FINAL_DECISION_OUTCOMES,
  INFORMAL_REVIEW_OUTCOMES,
  PROGRAM_APPROVAL_EVENT_TYPES,
  READINESS_PROGRAMS,
  READINESS_ROLES,
  type ApprovalStatus,
  type ContestedActionKind,
  type ContestedActionView,
  type CriterionStatus,
  type FinalDecisionOutcome,
  type InformalReviewOutcome,
  type ProgramApprovalEvent,
  type ProgramApprovalEventType,
  type ProgramApprovalOutcome,
  type ProgramHistoryEntry,
  type ReadinessCriterion,
  type ReadinessProgram,
  type ReadinessResult,
  type ReadinessRole,
} from '../rules/program-approval';
import { PROGRAMS, type Program } from '../rules/vocabulary';
import type { ActTeamView as ActTeamAnswer } from './act-teams.service';
import type { DeadlineView, ProgramApprovalView as ProgramApprovalAnswer } from './program-approvals.service';

const CRITERION_STATUSES = ['MET', 'NOT_MET', 'NOT_RECORDED'] as const;

export class ApprovalDeadlineView implements DeadlineView {
  @ApiProperty({ example: 'FINDINGS_DUE-2026-02-13-1', description: 'stable while the deadline lasts' }) id!: string;
  @ApiProperty({ example: 'TN-DL-FINDINGS_DUE-v1', description: 'the deadline table record' }) ruleId!: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ example: '140.TABLE N(b)(1)(G)' }) citation!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: DEADLINE_PARTIES, description: 'who must act' }) party!: string;
  @ApiProperty() open!: boolean;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() openedOn!: string;
  @ApiProperty({ nullable: true, type: String }) closedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the event (or the action taking effect) that met or ended it' }) closedBy!: string | null;
}

export class ContestedActionViewDto implements ContestedActionView {
  @ApiProperty({ enum: ['REFUSAL', 'REVOCATION', 'FINAL_NOTICE'] }) kind!: ContestedActionKind;
  @ApiProperty() noticeOn!: string;
  @ApiProperty() effectiveOn!: string;
  @ApiProperty({ description: 'effectiveOn was not given: the day after the 10-day informal review request period' }) effectiveOnDefaulted!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the day BBH received the request' }) informalReviewRequestedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the day the request was sent, when recorded' }) informalReviewSubmittedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) informalReviewDecidedOn!: string | null;
  @ApiProperty({ enum: INFORMAL_REVIEW_OUTCOMES, nullable: true, type: String }) informalReviewOutcome!: InformalReviewOutcome | null;
  @ApiProperty({ nullable: true, type: String, description: 'the day BAH received the appeal' }) formalAppealFiledOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) formalAppealSubmittedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) finalDecisionOn!: string | null;
  @ApiProperty({ enum: FINAL_DECISION_OUTCOMES, nullable: true, type: String }) finalDecisionOutcome!: FinalDecisionOutcome | null;
  @ApiProperty({ nullable: true, type: String }) implementedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawnOn!: string | null;
  @ApiProperty({ description: 'received before the action took effect, so stayed ((e)(3)(A)(ii), (e)(3)(C))' }) stayed!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the day it took or takes effect; null while that depends on a pending review, or if it never will' }) takesEffectOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'reversed on review, or overtaken by an approval or a new application' }) resolvedOn!: string | null;
}

export class TechnicalAssistanceView {
  @ApiProperty() startedOn!: string;
  @ApiProperty({ nullable: true, type: String }) endedOn!: string | null;
}

export class HistoryEntryView implements ProgramHistoryEntry {
  @ApiProperty() on!: string;
  @ApiProperty({ enum: [...PROGRAM_APPROVAL_EVENT_TYPES, 'ACTION_TOOK_EFFECT', 'APPROVAL_LAPSED'] }) type!: ProgramHistoryEntry['type'];
  @ApiProperty() summary!: string;
  @ApiProperty({ enum: APPROVAL_STATUSES, description: 'the status on that day once this entry is counted' }) status!: ApprovalStatus;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ description: 'the day the event was recorded' }) recordedOn?: string;
  @ApiPropertyOptional({ description: 'the event is dated after the day it was recorded (accepted before such events were refused)' }) warning?: string;
}

export class RecordedEventView implements ProgramApprovalEvent {
  @ApiProperty() seq!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ enum: PROGRAM_APPROVAL_EVENT_TYPES }) type!: ProgramApprovalEventType;
  @ApiProperty() occurredOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) noticeOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) reviewOn?: string | null;
  @ApiPropertyOptional({ enum: [...INFORMAL_REVIEW_OUTCOMES, ...FINAL_DECISION_OUTCOMES], nullable: true, type: String }) outcome?: ProgramApprovalOutcome | null;
  @ApiPropertyOptional({ nullable: true, type: String }) effectiveOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) submittedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) recordedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note?: string | null;
}

export class StaffingMemberView implements StaffingMember {
  @ApiProperty() staffId!: string;
  @ApiProperty({ enum: READINESS_ROLES }) role!: ReadinessRole;
  @ApiProperty({ example: 1 }) fte!: number;
}

export class CensusView implements Census {
  @ApiProperty({ nullable: true, type: Number }) adults!: number | null;
  @ApiProperty({ nullable: true, type: Number }) youth!: number | null;
}

export class ReadinessEvidenceView implements ReadinessEvidenceRecord {
  @ApiProperty() criterionId!: string;
  @ApiProperty() documentedOn!: string;
  @ApiProperty({ nullable: true, type: Number }) percent!: number | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ nullable: true, type: String }) recordedByKeyId!: string | null;
}

export class ProgramApprovalView implements ProgramApprovalAnswer {
  @ApiProperty() id!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() providerName!: string;
  @ApiProperty({ enum: PROGRAMS }) program!: Program;
  @ApiProperty() asOf!: string;
  @ApiProperty({ nullable: true, type: String, description: 'knownOn: only events recorded on or before this day are counted' }) knownOn!: string | null;
  @ApiProperty({ enum: APPROVAL_STATUSES }) status!: ApprovalStatus;
  @ApiProperty({ nullable: true, type: String, description: 'the last day of the current (or last) approval period' }) approvedThrough!: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedOn!: string | null;
  @ApiProperty({ description: 'the approval is in force on asOf (CST, IO and PSR lines may be billed)' }) inForce!: boolean;
  @ApiProperty() reason!: string;
  @ApiProperty() citation!: string;
  @ApiProperty({ nullable: true, type: String, description: "in remedy and in force only because the Department's Final Notice is overdue: the day it was due" })
  finalNoticeOverdueSince!: string | null;
  @ApiProperty({ type: ContestedActionViewDto, nullable: true }) contestedAction!: ContestedActionViewDto | null;
  @ApiProperty({ type: TechnicalAssistanceView, nullable: true }) technicalAssistance!: TechnicalAssistanceView | null;
  @ApiProperty({ type: [HistoryEntryView] }) history!: HistoryEntryView[];
  @ApiProperty({ nullable: true, type: String }) recordedThrough!: string | null;
  @ApiProperty({ type: [ApprovalDeadlineView], description: 'open deadlines on asOf, soonest first' }) deadlines!: ApprovalDeadlineView[];
  @ApiProperty({ type: [ApprovalDeadlineView], description: 'every deadline that arose, met or not' }) allDeadlines!: ApprovalDeadlineView[];
  @ApiProperty({ type: [RecordedEventView] }) events!: RecordedEventView[];
  @ApiProperty({ type: [StaffingMemberView], nullable: true }) staffing!: StaffingMemberView[] | null;
  @ApiProperty({ type: CensusView, nullable: true }) census!: CensusView | null;
  @ApiProperty({ type: [ReadinessEvidenceView], description: 'documentation of the practice criteria of readiness, in the order recorded' }) evidence!: ReadinessEvidenceView[];
}

export class ReadinessCriterionView implements ReadinessCriterion {
  @ApiProperty() id!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: CRITERION_STATUSES }) status!: CriterionStatus;
  @ApiProperty() citation!: string;
  @ApiProperty() detail!: string;
}

export class ReadinessView implements ReadinessResult {
  @ApiProperty() providerId!: string;
  @ApiPropertyOptional({ description: 'CST, IO and PSR (not ACT)' }) programApprovalId?: string;
  @ApiProperty({ enum: READINESS_PROGRAMS }) program!: ReadinessProgram;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: CRITERION_STATUSES, description: 'NOT_MET if any criterion is not met, else NOT_RECORDED if any is not recorded, else MET' }) status!: CriterionStatus;
  @ApiProperty({ type: [ReadinessCriterionView] }) criteria!: ReadinessCriterionView[];
}

export class ActTeamView implements ActTeamAnswer {
  @ApiProperty() providerId!: string;
  @ApiProperty() providerName!: string;
  @ApiProperty({ type: [StaffingMemberView], nullable: true }) staffing!: StaffingMemberView[] | null;
  @ApiProperty({ type: CensusView, nullable: true }) census!: CensusView | null;
  @ApiProperty({ type: [ReadinessEvidenceView] }) evidence!: ReadinessEvidenceView[];
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}
