import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/paging';
import { IsDateOnly, IsNpi } from '../common/validation';
import {
  BACKGROUND_CHECK_KINDS,
  BACKGROUND_CHECK_RESULTS,
  CERTIFICATION_KINDS,
  DEGREE_FIELDS,
  DEGREE_LEVELS,
  DESIGNATED_SERVICES,
  EXPERIENCE_KINDS,
  LICENSE_KINDS,
  LICENSE_SPECIALTIES,
  TRAINING_KINDS,
  type BackgroundCheckKind,
  type BackgroundCheckResult,
  type CertificationKind,
  type DegreeField,
  type DegreeLevel,
  type DesignatedService,
  type ExperienceKind,
  type LicenseKind,
  type LicenseSpecialty,
  type TrainingKind,
} from '../rules/vocabulary';

export class LicenseDto {
  @ApiProperty({ enum: LICENSE_KINDS }) @IsIn(LICENSE_KINDS) kind!: LicenseKind;
  @ApiPropertyOptional({ enum: LICENSE_SPECIALTIES, nullable: true, description: 'PSYCHIATRY for a physician or advanced practice nurse' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(LICENSE_SPECIALTIES)
  specialty?: LicenseSpecialty | null;
  @ApiProperty({ example: 'IL', description: 'two-letter state of practice' })
  @Matches(/^[A-Z]{2}$/, { message: 'state must be a two-letter state code such as IL' })
  state!: string;
  @ApiProperty({ example: '149.012345' }) @IsString() @Length(1, 40) number!: string;
  @ApiProperty({ example: '2019-06-01' }) @IsDateOnly() issuedOn!: string;
  @ApiProperty({ example: '2027-11-30', nullable: true, type: String })
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  expiresOn!: string | null;
}

export class DegreeDto {
  @ApiProperty({ enum: DEGREE_LEVELS }) @IsIn(DEGREE_LEVELS) level!: DegreeLevel;
  @ApiProperty({ enum: DEGREE_FIELDS }) @IsIn(DEGREE_FIELDS) field!: DegreeField;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() conferredOn?: string | null;
}

export class ExperienceDto {
  @ApiProperty({ enum: EXPERIENCE_KINDS }) @IsIn(EXPERIENCE_KINDS) kind!: ExperienceKind;
  @ApiProperty() @IsDateOnly() from!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: ongoing' }) @ValidateIf((_, v) => v !== null) @IsDateOnly() to!: string | null;
  @ApiProperty({ description: 'under the supervision of a QMHP (140.453(b)(4)(D)(ii), (b)(5)(A)(ii)); implies supervised' }) @IsBoolean() supervisedByQmhp!: boolean;
  @ApiPropertyOptional({
    description:
      'under clinical supervision by anyone, QMHP or not (140.453(b)(4)(B) "under supervision"); default: supervisedByQmhp. Always present in answers.',
  })
  @IsOptional()
  @IsBoolean()
  supervised?: boolean;
}

export class TrainingDto {
  @ApiProperty({ enum: TRAINING_KINDS }) @IsIn(TRAINING_KINDS) kind!: TrainingKind;
  @ApiProperty() @IsDateOnly() completedOn!: string;
}

export class CertificationDto {
  @ApiProperty({ enum: CERTIFICATION_KINDS }) @IsIn(CERTIFICATION_KINDS) kind!: CertificationKind;
  @ApiProperty() @IsDateOnly() issuedOn!: string;
  @ApiProperty({ nullable: true, type: String }) @ValidateIf((_, v) => v !== null) @IsDateOnly() expiresOn!: string | null;
}

export class PrescriberDesignationDto {
  @ApiProperty({ description: 'the prescriber (physician or advanced practice nurse) who designated in writing' })
  @IsUUID()
  designatedByStaffId!: string;
  @ApiProperty() @IsDateOnly() designatedOn!: string;
  @ApiProperty({ enum: DESIGNATED_SERVICES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(DESIGNATED_SERVICES, { each: true })
  services!: DesignatedService[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() endsOn?: string | null;
}

export class BackgroundCheckDto {
  @ApiProperty({
    enum: BACKGROUND_CHECK_KINDS,
    description: 'Table O(c)(3): (A) the Health Care Worker Registry, (B) a fingerprint-based check under the Health Care Worker Background Check Act, (C) the HFS OIG Provider Sanctions List',
  })
  @IsIn(BACKGROUND_CHECK_KINDS)
  kind!: BackgroundCheckKind;
  @ApiProperty({ description: 'the day the check was done (not after today)' }) @IsDateOnly() checkedOn!: string;
  @ApiProperty({
    enum: BACKGROUND_CHECK_RESULTS,
    description: 'FINDING on the Registry or the sanctions list: the person may not be engaged, and lines they render from that day fail STAFF_EXCLUDED (a later CLEAR check of the same kind lifts it)',
  })
  @IsIn(BACKGROUND_CHECK_RESULTS)
  result!: BackgroundCheckResult;
}

export class CreateStaffDto {
  @ApiProperty() @IsUUID() providerId!: string;
  @ApiProperty({ example: 'Jordan Doe' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsNpi() npi?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsDateOnly() birthDate?: string | null;
  @ApiProperty() @IsDateOnly() hireDate!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'last day employed; employment ends with an end date, never a delete' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  endDate?: string | null;
  @ApiPropertyOptional({ type: [LicenseDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => LicenseDto) licenses?: LicenseDto[];
  @ApiPropertyOptional({ type: [DegreeDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => DegreeDto) degrees?: DegreeDto[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() highSchoolOrGed?: boolean;
  @ApiPropertyOptional({ type: [ExperienceDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ExperienceDto) experience?: ExperienceDto[];
  @ApiPropertyOptional({ type: [TrainingDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => TrainingDto) trainings?: TrainingDto[];
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'supervised practicum/internship hours' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(100000)
  practicumHours?: number | null;
  @ApiPropertyOptional({ type: [CertificationDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => CertificationDto) certifications?: CertificationDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() supervisorStaffId?: string | null;
  @ApiPropertyOptional({ description: 'designated MHP before 2011-07-01 (140.453(b)(5)(B))' }) @IsOptional() @IsBoolean() mhpDesignatedBefore2011?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'date the provider recorded the three abilities of 140.453(b)(6)(B)(ii)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  rsaAbilitiesAttestedOn?: string | null;
  @ApiPropertyOptional({ type: [PrescriberDesignationDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PrescriberDesignationDto)
  prescriberDesignations?: PrescriberDesignationDto[];
  @ApiPropertyOptional({ default: true, description: 'full-time (Table N staffing)' }) @IsOptional() @IsBoolean() fullTime?: boolean;
  @ApiPropertyOptional({ default: false, description: 'person with lived experience working toward CRSS/CFPP (140.453(d)(4)(A)(i))' })
  @IsOptional()
  @IsBoolean()
  livedExperience?: boolean;
  @ApiPropertyOptional({ default: false, description: "the provider's Clinical Director (a BHC employs a full-time one who holds LPHA, Table O(c)(2))" })
  @IsOptional()
  @IsBoolean()
  clinicalDirector?: boolean;
  @ApiPropertyOptional({ type: [BackgroundCheckDto], description: 'every background check recorded (Table O(c)(3)); the whole list is replaced on update' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BackgroundCheckDto)
  backgroundChecks?: BackgroundCheckDto[];
}

/** The provider of a staff record never changes: employment elsewhere is a new record. */
export class UpdateStaffDto extends PartialType(OmitType(CreateStaffDto, ['providerId'] as const)) {}

export class StaffListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional({ description: 'part of the name, any case' }) @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() npi?: string;
  @ApiPropertyOptional({ description: 'only staff employed on this date' }) @IsOptional() @IsDateOnly() employedOn?: string;
}

export class StaffView extends CreateStaffDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}
