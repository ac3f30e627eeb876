import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/paging';
import { IsDateOnly } from '../common/validation';
import { SERVICES, type Service } from '../rules/vocabulary';

const MEDICAID_ID = /^[A-Za-z0-9]{1,20}$/;
const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;

export class CreateRecipientDto {
  @ApiProperty({ example: '123456789', description: 'Illinois Medicaid recipient ID' })
  @Matches(MEDICAID_ID, { message: 'medicaidId must be 1 to 20 letters or digits' })
  medicaidId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(1, 200) name?: string | null;
  @ApiProperty({ example: '2009-04-17' }) @IsDateOnly() birthDate!: string;
  @ApiProperty({ type: [String], description: 'the providers serving this person (only they may see the record)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  providerIds!: string[];
}

export class UpdateRecipientDto extends PartialType(CreateRecipientDto) {}

/** Finds a recipient by Medicaid ID in a request body, so the ID (PHI) is never in a URL or a log. */
export class RecipientLookupDto {
  @ApiProperty({ example: '400223344', description: 'Illinois Medicaid recipient ID' })
  @Matches(MEDICAID_ID, { message: 'medicaidId must be 1 to 20 letters or digits' })
  medicaidId!: string;
}

export class RecipientListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(MEDICAID_ID, { message: 'medicaidId must be 1 to 20 letters or digits' }) medicaidId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() providerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() birthDate?: string;
}

export class CreateAssessmentDto {
  @ApiProperty() @IsUUID() providerId!: string;
  @ApiProperty({ description: 'date the Assessment Report was completed (140.453(d)(1)(A))' }) @IsDateOnly() completedOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the LPHA or IP who reviewed, approved and signed it ((d)(1)(A)(ii))' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  approvedByStaffId?: string | null;
  @ApiProperty({ type: [String], example: ['F33.1'], description: 'ICD-10-CM codes' })
  @IsArray()
  @Matches(ICD10, { each: true, message: 'each diagnosis must be an ICD-10-CM code such as F33.1' })
  diagnoses!: string[];
  @ApiPropertyOptional({ default: false, description: 'a rule-out diagnosis was used ((d)(1)(A)(i))' }) @IsOptional() @IsBoolean() ruleOut?: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'when the definitive diagnosis was made' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  definitiveOn?: string | null;
}

export class UpdateAssessmentDto extends PartialType(CreateAssessmentDto) {}

export class CreateTreatmentPlanDto {
  @ApiProperty() @IsUUID() providerId!: string;
  @ApiProperty({ description: '(140.453(d)(1)(B))' }) @IsDateOnly() approvedOn!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'the LPHA or IP who reviewed, approved and signed it ((d)(1)(B)(ii))' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  approvedByStaffId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'client (and guardian) signature ((d)(1)(B)(iv))' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  clientSignedOn?: string | null;
  @ApiProperty({ enum: SERVICES, isArray: true }) @IsArray() @ArrayUnique() @IsIn(SERVICES, { each: true }) services!: Service[];
}

export class UpdateTreatmentPlanDto extends PartialType(CreateTreatmentPlanDto) {}

export class AssessmentView extends CreateAssessmentDto {
  @ApiProperty() id!: string;
  @ApiProperty() recipientId!: string;
}

export class TreatmentPlanView extends CreateTreatmentPlanDto {
  @ApiProperty() id!: string;
  @ApiProperty() recipientId!: string;
}

export class RecipientView {
  @ApiProperty() id!: string;
  @ApiProperty() medicaidId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() birthDate!: string;
  @ApiProperty({ type: [String] }) providerIds!: string[];
  @ApiProperty({ type: [AssessmentView] }) assessments!: AssessmentView[];
  @ApiProperty({ type: [TreatmentPlanView] }) treatmentPlans!: TreatmentPlanView[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}
