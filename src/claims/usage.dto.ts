/** Outside usage: case-management minutes billed outside bhcheck, recorded so the caps count them. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../common/validation';
import { CAP_CATEGORIES, FINDING_CODES, type CapCategory, type CapOverrun, type FindingCode } from '../rules/claims';
import { SERVICES, type Service } from '../rules/vocabulary';
import { RecipientCapsView } from './claim-report.dto';
import type { UsageAnswer, UsageEntryView as UsageEntryShape, UsageHistoryEntry, UsageView as UsageViewShape } from './external-usage.service';

/** The services that count toward a cap (140.453(e)(2)); the catalogue says which caps each counts toward. */
export const CAPPED_SERVICES = ['CLIENT_CENTERED_CONSULTATION', 'MENTAL_HEALTH_CASE_MANAGEMENT', 'TRANSITION_LINKAGE_AFTERCARE'] as const;
export type CappedService = (typeof CAPPED_SERVICES)[number];

export class UsageContentDto {
  @ApiProperty({ example: '2026-09-14' }) @IsDateOnly() dateOfService!: string;
  @ApiProperty({ enum: CAPPED_SERVICES }) @IsIn(CAPPED_SERVICES) service!: CappedService;
  @ApiProperty({ example: 60, description: 'whole minutes' }) @IsInt() @Min(1) @Max(14400) minutes!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 2000) note?: string | null;
}

export class UsageDto extends UsageContentDto {
  @ApiProperty({
    example: 'NFS-2026-0914-7',
    description: "the other provider's claim number or your own reference: unique per provider; the same request again changes nothing",
  })
  @IsString()
  @Length(1, 200)
  externalReference!: string;
  @ApiPropertyOptional({
    description: 'the provider recording it (its reference); optional when exactly one provider of the key serves the recipient',
  })
  @IsOptional()
  @IsUUID()
  providerId?: string;
}

export class UsageCorrectionDto {
  @ApiPropertyOptional({ example: '2026-09-14' }) @IsOptional() @IsDateOnly() dateOfService?: string;
  @ApiPropertyOptional({ enum: CAPPED_SERVICES }) @IsOptional() @IsIn(CAPPED_SERVICES) service?: CappedService;
  @ApiPropertyOptional({ example: 45 }) @IsOptional() @IsInt() @Min(1) @Max(14400) minutes?: number;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 2000) note?: string | null;
  @ApiProperty({ example: 'the other provider corrected its claim to 45 minutes' }) @IsString() @Length(1, 500) reason!: string;
}

export class UsageVoidDto {
  @ApiProperty({ example: 'recorded for the wrong person' }) @IsString() @Length(1, 500) reason!: string;
}

// ---- answers (the OpenAPI document; `implements` keeps them in step with the service) -------------

export class UsageView implements UsageViewShape {
  @ApiProperty() id!: string;
  @ApiProperty() recipientId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() externalReference!: string;
  @ApiProperty({ enum: ['RECORDED', 'VOIDED'] }) status!: 'RECORDED' | 'VOIDED';
  @ApiProperty({ description: '1 when recorded; each correction or void adds one' }) version!: number;
  @ApiProperty() dateOfService!: string;
  @ApiProperty({ enum: SERVICES }) service!: Service;
  @ApiProperty() minutes!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class CapOverrunView implements CapOverrun {
  @ApiProperty({ enum: CAP_CATEGORIES }) category!: CapCategory;
  @ApiProperty({ enum: FINDING_CODES, example: 'TCM_CAP_EXCEEDED' }) code!: FindingCode;
  @ApiProperty({ example: 'SFY2027' }) sfy!: string;
  @ApiProperty() capId!: string;
  @ApiProperty() limitMinutes!: number;
  @ApiProperty() usedMinutes!: number;
  @ApiProperty() overByMinutes!: number;
  @ApiProperty() citation!: string;
  @ApiProperty() message!: string;
}

export class UsageAnswerView extends RecipientCapsView implements UsageAnswer {
  @ApiProperty({ type: UsageView }) usage!: UsageView;
  @ApiProperty({ enum: CAP_CATEGORIES, isArray: true, description: 'the caps the entry counts toward' }) recordedCategories!: CapCategory[];
  @ApiProperty({ type: [CapOverrunView], description: 'the caps the year has passed with this entry (it is recorded all the same)' }) capsExceeded!: CapOverrunView[];
  @ApiProperty({ description: 'the same request was answered before: nothing changed, this is the answer given then' }) repeat!: boolean;
}

export class UsageHistoryEntryView implements UsageHistoryEntry {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['RECORD', 'CORRECT', 'VOID'] }) action!: 'RECORD' | 'CORRECT' | 'VOID';
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ nullable: true, type: String }) recordedByKeyId!: string | null;
  @ApiProperty() dateOfService!: string;
  @ApiProperty({ enum: SERVICES }) service!: Service;
  @ApiProperty() minutes!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class UsageEntryView extends UsageView implements UsageEntryShape {
  @ApiProperty({ type: [UsageHistoryEntryView], description: 'every version, oldest first' }) history!: UsageHistoryEntryView[];
}
