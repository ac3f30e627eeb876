import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/paging';
import { IsDateOnly } from '../common/validation';
import { PROGRAM_APPROVAL_EVENT_TYPES, READINESS_ROLES, type ProgramApprovalEventType, type ReadinessRole } from '../rules/program-approval';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../rules/program-approval/types';
import { PROGRAMS, type Program } from '../rules/vocabulary';

const OUTCOMES = ['MAINTAINED', 'REVERSED', 'MODIFIED', 'UPHELD'] as const;

export class CreateProgramApprovalDto {
  @ApiProperty() @IsUUID() providerId!: string;
  @ApiProperty({ enum: PROGRAMS }) @IsIn(PROGRAMS) program!: Program;
}

export class ProgramApprovalEventDto {
  @ApiProperty({ enum: PROGRAM_APPROVAL_EVENT_TYPES }) @IsIn(PROGRAM_APPROVAL_EVENT_TYPES) type!: ProgramApprovalEventType;
  @ApiProperty({ description: 'the day it happened, never after the day it is recorded; for a notice, the date of the written notice; for a request or appeal, the day it was received' })
  @IsDateOnly()
  occurredOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'ONSITE_REVIEW_SCHEDULED: the day written notice was given' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  noticeOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'ONSITE_REVIEW_SCHEDULED: the day of the on-site review' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  reviewOn?: string | null;
  @ApiPropertyOptional({ enum: OUTCOMES, nullable: true, description: 'INFORMAL_REVIEW_DECIDED: MAINTAINED, REVERSED, MODIFIED; FINAL_DECISION: UPHELD, REVERSED' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(OUTCOMES)
  outcome?: (typeof OUTCOMES)[number] | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'NOT_APPROVED, FINAL_NOTICE, REVOKED: the day the action would take effect (default: the day after the 10-day informal review request period)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  effectiveOn?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'INFORMAL_REVIEW_REQUESTED, FORMAL_APPEAL_FILED: the day the request was sent (it governs the 10-day request windows; occurredOn, the day it was received, governs the stays and the decision periods)',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  submittedOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 2000) note?: string | null;
}

export class StaffingMemberDto {
  @ApiProperty() @IsUUID() staffId!: string;
  @ApiProperty({ enum: READINESS_ROLES }) @IsIn(READINESS_ROLES) role!: ReadinessRole;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'full-time equivalent on this program' }) @IsNumber() @Min(0) @Max(1) fte!: number;
}

export class CensusDto {
  @ApiProperty({ nullable: true, type: Number }) @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) adults!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'under 18' }) @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) youth!: number | null;
}

export class StaffingDto {
  @ApiProperty({ type: [StaffingMemberDto], nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StaffingMemberDto)
  members!: StaffingMemberDto[] | null;
  @ApiProperty({ type: CensusDto, nullable: true }) @ValidateIf((_, v) => v !== null) @ValidateNested() @Type(() => CensusDto) census!: CensusDto | null;
}

export class ReadinessEvidenceDto {
  @ApiProperty({ description: 'the practice criterion documented, e.g. CST_WEEKLY_TEAM_REVIEW (see the readiness criteria)' }) @IsString() @Length(1, 60) criterionId!: string;
  @ApiProperty({ description: 'the day of the documentation (a review log, a schedule); it counts for 12 months' }) @IsDateOnly() documentedOn!: string;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 100, description: 'CST_COMMUNITY_SETTING: the share of services delivered in the home or community' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber()
  @Min(0)
  @Max(100)
  percent?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 2000) note?: string | null;
}

export class ProgramApprovalListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional({ enum: PROGRAMS }) @IsOptional() @IsIn(PROGRAMS) program?: Program;
  @ApiPropertyOptional({ enum: APPROVAL_STATUSES, description: 'status on asOf' }) @IsOptional() @IsIn(APPROVAL_STATUSES) status?: ApprovalStatus;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD; default today (UTC)' }) @IsOptional() @IsDateOnly() asOf?: string;
  @ApiPropertyOptional({ description: 'YYYY-MM-DD: count only events recorded on or before this day (what the record said then)' }) @IsOptional() @IsDateOnly() knownOn?: string;
}
