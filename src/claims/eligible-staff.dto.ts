/**
 * GET /providers/{id}/eligible-staff: the query, and the answer in the OpenAPI document. The answer is
 * built by the rules (src/rules/claims/eligible-staff.ts); `implements` keeps these classes in step.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsDateOnly } from '../common/validation';
import { CredentialBasisView } from '../credentials/credential.dto';
import type { EligibleStaffAnswer, StaffEligibility } from '../rules/claims';
import { CONTACTS, MODALITIES, SERVICES, TIERS, type Contact, type Modality, type Service, type Tier } from '../rules/vocabulary';
import { CheckView, FindingView } from './claim-report.dto';

export class EligibleStaffQuery {
  @ApiProperty({ enum: SERVICES, description: 'the service to be rendered' })
  @IsIn(SERVICES, { message: `service must be one of ${SERVICES.join(', ')}` })
  service!: Service;

  @ApiPropertyOptional({ example: '2026-09-14', description: 'the date of service, YYYY-MM-DD; default today (UTC)' })
  @IsOptional()
  @IsDateOnly()
  date?: string;

  @ApiPropertyOptional({ enum: MODALITIES, description: 'checked against the service only when given (a claim line takes it from its code otherwise)' })
  @IsOptional()
  @IsIn(MODALITIES, { message: `modality must be one of ${MODALITIES.join(', ')}` })
  modality?: Modality;

  @ApiPropertyOptional({ enum: CONTACTS, description: 'checked against the service only when given' })
  @IsOptional()
  @IsIn(CONTACTS, { message: `contact must be one of ${CONTACTS.join(', ')}` })
  contact?: Contact;
}

export class StaffEligibilityView implements StaffEligibility {
  @ApiProperty() staffId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) npi!: string | null;
  @ApiProperty({ enum: TIERS, nullable: true, type: String, description: 'the highest tier held on the date, or null' }) tier!: Tier | null;
  @ApiProperty({ type: [CredentialBasisView], description: 'the routes of 140.453(b) by which that tier is held' }) tierBasis!: CredentialBasisView[];
  @ApiProperty({ description: 'passes every staff rule a claim line of the service meets (warnings may remain)' }) eligible!: boolean;
  @ApiProperty({ type: [FindingView], description: "the staff rules' errors (why not eligible) and warnings, as a claim line would carry them" }) findings!: FindingView[];
  @ApiProperty({ type: [CheckView], description: 'every staff rule: passed (and what it rests on: employment, tier, supervisor, designation), failed, or skipped and why' }) checks!: CheckView[];
}

export class EligibleStaffView implements EligibleStaffAnswer {
  @ApiProperty() providerId!: string;
  @ApiProperty({ enum: SERVICES }) service!: Service;
  @ApiProperty({ example: 'Intensive Outpatient' }) serviceName!: string;
  @ApiProperty({ example: '2026-09-14' }) date!: string;
  @ApiProperty({ enum: MODALITIES, nullable: true, type: String, description: 'as asked (null: not checked)' }) modality!: Modality | null;
  @ApiProperty({ enum: CONTACTS, nullable: true, type: String, description: 'as asked (null: not checked)' }) contact!: Contact | null;
  @ApiProperty({ description: 'false: the provider cannot bill the service on the date whoever renders it; providerFindings say why' }) serviceBillable!: boolean;
  @ApiProperty({ type: [FindingView], description: 'the rules about the provider and the service, not about staff: enrollment, provider type, Table N approval, and the modality and contact asked about' })
  providerFindings!: FindingView[];
  @ApiProperty({ type: [CheckView] }) providerChecks!: CheckView[];
  @ApiProperty({ type: [StaffEligibilityView], description: "the provider's staff who pass every staff rule, by name" }) eligible!: StaffEligibilityView[];
  @ApiProperty({ type: [StaffEligibilityView], description: 'the others, by name, each with the findings that say why' }) notEligible!: StaffEligibilityView[];
}
