import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsDateOnly } from '../common/validation';
import { PROGRAMS, type Program } from '../rules/vocabulary';

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

export class CalendarFeedView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'what the feed shows beyond the scope of the key that made it' }) filters!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedCalendarFeed extends CalendarFeedView {
  @ApiProperty({ description: 'the secret, read-only address to subscribe to (shown once; no Authorization header needed)' }) url!: string;
}
