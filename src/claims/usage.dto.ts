/** Outside usage: case-management minutes billed outside bhcheck, recorded so the caps count them. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../common/validation';

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
