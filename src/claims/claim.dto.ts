/**
 * The JSON claim (CONTRACT "Claims"), validated field by field so a malformed claim gets a 400 that
 * names each bad field. Rules about the claim's meaning are the engine's (findings in the report).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly } from '../common/validation';
import { CLAIM_FREQUENCIES, CONTACTS, MODALITIES, SERVICES, type ClaimFrequency, type Contact, type Modality, type Service } from '../rules/vocabulary';

/** The patterns the decorators below check. */
export const CLAIM_PATTERNS = {
  npi: /^\d{10}$/,
  placeOfService: /^\d{2}$/,
  procedureCode: /^[A-Z0-9]{5}$/,
  modifier: /^[A-Z0-9]{2}$/,
  medicaidId: /^[A-Za-z0-9]{1,20}$/,
} as const;
export const UNIT_BASES = ['UNITS', 'MINUTES'] as const;

export class ClaimLineDto {
  @ApiProperty({ example: '1', description: "the submitter's line identifier" }) @IsString() @Length(1, 50) lineId!: string;
  @ApiProperty({ example: '2026-09-14' }) @IsDateOnly() dateOfService!: string;
  @ApiProperty({ example: 4, description: 'units (most codes: 15 minutes each); minutes when unitBasis is MINUTES' })
  @IsInt()
  @Min(1)
  @Max(10000)
  units!: number;
  @ApiPropertyOptional({ enum: UNIT_BASES }) @IsOptional() @IsIn(UNIT_BASES) unitBasis?: 'UNITS' | 'MINUTES';
  @ApiPropertyOptional() @IsOptional() @IsUUID() renderingStaffId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CLAIM_PATTERNS.npi, { message: 'renderingNpi must be 10 digits' }) renderingNpi?: string;
  @ApiPropertyOptional({ example: '11', description: 'CMS two-digit place of service' }) @IsOptional() @Matches(CLAIM_PATTERNS.placeOfService, { message: 'placeOfService must be a two-digit CMS code' }) placeOfService?: string;
  @ApiPropertyOptional({ enum: SERVICES }) @IsOptional() @IsIn(SERVICES) service?: Service;
  @ApiPropertyOptional({ example: 'H0004' }) @IsOptional() @Matches(CLAIM_PATTERNS.procedureCode, { message: 'procedureCode must be a five-character HCPCS/CPT code' }) procedureCode?: string;
  @ApiPropertyOptional({ example: ['HQ'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @Matches(CLAIM_PATTERNS.modifier, { each: true, message: 'each modifier must be two letters or digits' })
  modifiers?: string[];
  @ApiPropertyOptional({ enum: MODALITIES }) @IsOptional() @IsIn(MODALITIES) modality?: Modality;
  @ApiPropertyOptional({ enum: CONTACTS }) @IsOptional() @IsIn(CONTACTS) contact?: Contact;
  @ApiPropertyOptional({ description: 'individuals in the group' }) @IsOptional() @IsInt() @Min(1) @Max(1000) groupSize?: number;
  @ApiPropertyOptional({ description: 'full-time-equivalent staff leading the group' }) @IsOptional() @IsInt() @Min(1) @Max(100) groupStaff?: number;
}

export class ClaimDto {
  @ApiProperty({ example: 'PR-2026-0914-001', description: "the submitter's own, unique per provider" }) @IsString() @Length(1, 50) claimId!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CLAIM_PATTERNS.npi, { message: 'billingNpi must be 10 digits' }) billingNpi?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() recipientId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CLAIM_PATTERNS.medicaidId, { message: 'medicaidId must be 1 to 20 letters or digits' }) medicaidId?: string;
  @ApiPropertyOptional({ enum: CLAIM_FREQUENCIES, default: 'ORIGINAL' }) @IsOptional() @IsIn(CLAIM_FREQUENCIES) frequency?: ClaimFrequency;
  @ApiPropertyOptional({ example: '11' }) @IsOptional() @Matches(CLAIM_PATTERNS.placeOfService, { message: 'placeOfService must be a two-digit CMS code' }) placeOfService?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) diagnoses?: string[];
  @ApiProperty({ type: [ClaimLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ClaimLineDto)
  lines!: ClaimLineDto[];

}
