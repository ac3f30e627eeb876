import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsDateOnly } from '../common/validation';
import type { CalendarFeedFilters } from '../database/entities';
import { PROGRAMS, type Program } from '../rules/vocabulary';
import type { DeadlineEntry } from './deadline-source';

const CODE = /^[A-Z][A-Z0-9_]*$/;
const CODE_LIST = /^[A-Z][A-Z0-9_]*(,[A-Z][A-Z0-9_]*)*$/;

export class DeadlineListQuery {
  @ApiPropertyOptional({ description: 'the day the deadlines are open on; default today' }) @IsOptional() @IsDateOnly() asOf?: string;
  @ApiPropertyOptional({ description: 'due on or after; default a year before asOf' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ description: 'due on or before; default a year after asOf' }) @IsOptional() @IsDateOnly() to?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional({ description: 'CST, IO or PSR; several separated by commas' })
  @IsOptional()
  @Matches(/^(CST|IO|PSR)(,(CST|IO|PSR))*$/, { message: 'program must be CST, IO or PSR (several separated by commas)' })
  program?: string;
  @ApiPropertyOptional({ description: 'deadline kind, e.g. FINDINGS_DUE; several separated by commas' })
  @IsOptional()
  @Matches(CODE_LIST, { message: 'kind must be a deadline kind such as FINDINGS_DUE (several separated by commas)' })
  kind?: string;
  @ApiPropertyOptional({ description: 'who must act: DEPARTMENT, PROVIDER, BBH, BAH; several separated by commas' })
  @IsOptional()
  @Matches(CODE_LIST, { message: 'party must be such as DEPARTMENT or PROVIDER (several separated by commas)' })
  party?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only those past due' }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @ApiPropertyOptional({ enum: ['json', 'csv', 'ics'], description: 'instead of the Accept header' }) @IsOptional() @IsIn(['json', 'csv', 'ics']) format?: 'json' | 'csv' | 'ics';
}

export class CreateCalendarFeedDto {
  @ApiPropertyOptional({ example: 'Table N deadlines (reviewer calendar)' }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ description: 'only this provider (within the key scope)' }) @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional({ enum: PROGRAMS }) @IsOptional() @IsIn(PROGRAMS) program?: Program;
  @ApiPropertyOptional({ type: [String], description: 'only these deadline kinds' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: 'each kind must be a deadline kind such as FINDINGS_DUE' })
  kinds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'only deadlines these parties must meet (DEPARTMENT, PROVIDER, BBH, BAH)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true, message: 'each party must be such as DEPARTMENT or PROVIDER' })
  parties?: string[];
}

/** What a feed shows beyond the scope of the key that made it (null: no such filter). */
export class CalendarFeedFiltersView implements CalendarFeedFilters {
  @ApiProperty({ nullable: true, type: String }) providerId!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: PROGRAMS }) program!: string | null;
  @ApiProperty({ nullable: true, type: [String] }) kinds!: string[] | null;
  @ApiProperty({ nullable: true, type: [String] }) parties!: string[] | null;
}

export class CalendarFeedView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: CalendarFeedFiltersView, description: 'what the feed shows beyond the scope of the key that made it' }) filters!: CalendarFeedFiltersView;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedCalendarFeed extends CalendarFeedView {
  @ApiProperty({ description: 'the secret, read-only address to subscribe to (shown once; no Authorization header needed)' }) url!: string;
}

/** One deadline on the board (the OpenAPI document; `implements` keeps it in step with DeadlineEntry). */
export class DeadlineEntryView implements DeadlineEntry {
  @ApiProperty({ description: 'unique across sources and stable while the deadline lasts (calendar UIDs are built from it)' }) id!: string;
  @ApiProperty({ example: 'TABLE_N', description: 'the source that contributed it' }) source!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: a deadline of no one provider (the annual access review)' }) providerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) providerName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'CST', description: 'the Table N program, or null' }) program!: string | null;
  @ApiProperty({ example: 'FINDINGS_DUE' }) kind!: string;
  @ApiProperty() dueOn!: string;
  @ApiProperty({ example: '140.TABLE N(b)(1)(G)' }) citation!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'DEPARTMENT', description: 'who must act: DEPARTMENT, PROVIDER, BBH, BAH, ADMINISTRATOR' }) party!: string;
  @ApiProperty({ description: 'open and past its due day on asOf' }) overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the day it arose, when known' }) openedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Table N deadlines: the program approval record' }) programApprovalId!: string | null;
}
