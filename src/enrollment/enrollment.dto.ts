import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../common/validation';
import { BACKGROUND_CHECK_KINDS, ENROLLMENT_STATUSES, PROVIDER_TYPES, type BackgroundCheckKind, type EnrollmentStatus, type ProviderType } from '../rules/vocabulary';

const CRITERION_ID = /^[A-Z][A-Z0-9_]{1,59}$/;

export class RecordEvidenceDto {
  @ApiProperty({ example: 'O_B7_FIRE_MARSHAL_LETTER', description: "the criterion this documents, one that takes evidence for the provider's type (README, \"Enrollment\")" })
  @IsString()
  @Matches(CRITERION_ID, { message: 'criterionId must be a criterion id such as O_B7_FIRE_MARSHAL_LETTER' })
  criterionId!: string;
  @ApiProperty({ example: '2026-11-20', description: 'the day of the document, meeting or attestation (not after today)' }) @IsDateOnly() documentedOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2027-06-30', description: 'the day it expires (required for insurance and a CMHC certification); on annual or quarterly evidence it can only end it earlier' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  expiresOn?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Letter of the Springfield Fire Department, inspection of 2026-11-18' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 2000)
  note?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'an earlier record of the same criterion that this one corrects: that one no longer counts (it stays in the history)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  correctsEvidenceId?: string | null;
}

export class EvidenceView {
  @ApiProperty() id!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() criterionId!: string;
  @ApiProperty({ example: '140.TABLE O(b)(7)' }) citation!: string;
  @ApiProperty({ description: '1, 2, ... per provider and criterion, in the order recorded' }) version!: number;
  @ApiProperty() documentedOn!: string;
  @ApiProperty({ nullable: true, type: String }) expiresOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the last day it counts by the criterion\'s lapse rule (annual, quarterly, or its expiresOn); null: until replaced' }) dueOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) correctsEvidenceId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'a later record that corrects this one (this one no longer counts)' }) correctedByEvidenceId!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'the role of the API key that recorded it (SYSTEM for the demo)' }) recordedByRole!: string;
}

export class RecordedEvidenceView extends EvidenceView {
  @ApiProperty({ description: 'true: the same evidence was already the latest version; nothing was written' }) repeat!: boolean;
}

export class EvidenceHistoryQuery {
  @ApiPropertyOptional({ description: 'only this criterion' })
  @IsOptional()
  @Matches(CRITERION_ID, { message: 'criterionId must be a criterion id such as O_B7_FIRE_MARSHAL_LETTER' })
  criterionId?: string;
}

export class EnrollmentCriterionView {
  @ApiProperty({ example: 'O_B7_FIRE_MARSHAL_LETTER' }) id!: string;
  @ApiProperty({ example: '140.TABLE O(b)(7)' }) citation!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES }) status!: EnrollmentStatus;
  @ApiProperty({ description: 'what the status rests on, in a sentence' }) basis!: string;
  @ApiProperty({ nullable: true, type: String, description: 'EXPIRING (and MET with a lapse): the last day it is met on what is recorded; NOT_MET by lapse: the day missed' }) dueOn!: string | null;
}

export class EnrollmentCheckView {
  @ApiProperty() providerId!: string;
  @ApiProperty({ enum: PROVIDER_TYPES }) type!: ProviderType;
  @ApiProperty() asOf!: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES, description: 'NOT_MET if any criterion is not met, else NOT_RECORDED if any is not recorded, else EXPIRING if any lapses soon, else MET' })
  status!: EnrollmentStatus;
  @ApiProperty({ type: [EnrollmentCriterionView] }) criteria!: EnrollmentCriterionView[];
}

export class PersonCheckView {
  @ApiProperty({ enum: BACKGROUND_CHECK_KINDS }) kind!: BackgroundCheckKind;
  @ApiProperty({ enum: ['CLEAR', 'FINDING', 'NOT_RECORDED'], description: 'the latest check of this kind on or before asOf' }) state!: 'CLEAR' | 'FINDING' | 'NOT_RECORDED';
  @ApiProperty({ nullable: true, type: String }) checkedOn!: string | null;
  @ApiProperty({ example: '140.TABLE O(c)(3)(A)' }) citation!: string;
}

export class ExclusionView {
  @ApiProperty({ enum: BACKGROUND_CHECK_KINDS }) kind!: BackgroundCheckKind;
  @ApiProperty() checkedOn!: string;
  @ApiProperty() citation!: string;
}

export class PersonChecksView {
  @ApiProperty() staffId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() hireDate!: string;
  @ApiProperty({ type: [PersonCheckView] }) checks!: PersonCheckView[];
  @ApiProperty({ type: ExclusionView, nullable: true, description: 'a finding on the Registry or the sanctions list: the person may not be engaged (STAFF_EXCLUDED)' }) exclusion!: ExclusionView | null;
  @ApiProperty({ nullable: true, type: String, description: 'what is missing or wrong, in a sentence; null: all three checks recorded, clear' }) problem!: string | null;
}

export class BackgroundCheckListView {
  @ApiProperty() providerId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [PersonChecksView], description: 'everyone employed on asOf, by name' }) people!: PersonChecksView[];
}
