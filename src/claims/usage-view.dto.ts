/** Outside usage: the answers, as the OpenAPI document describes them; `implements` keeps them in step with the service. */
import { ApiProperty } from '@nestjs/swagger';
import { CAP_CATEGORIES, FINDING_CODES, type CapCategory, type CapOverrun, type FindingCode } from '../rules/claims';
import { SERVICES, type Service } from '../rules/vocabulary';
import { RecipientCapsView } from './claim-report.dto';
import type { UsageAnswer, UsageEntryView as UsageEntryShape, UsageHistoryEntry, UsageView as UsageViewShape } from './external-usage.service';

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
