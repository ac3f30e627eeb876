/**
 * Credential answers in the OpenAPI document. The credential engine (src/rules/credentials) builds
 * them; these classes describe them, and `implements` keeps the two in step.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { ActiveDesignation, CredentialBasis, CredentialResult, ExpiringCredential, MedicationAdministration, RosterEntry } from '../rules/credentials';
import { CERTIFICATION_KINDS, DESIGNATED_SERVICES, LICENSE_KINDS, TIERS, type CertificationKind, type DesignatedService, type LicenseKind, type Tier } from '../rules/vocabulary';
import type { ProviderRoster } from './credentials.service';

export class CredentialBasisView implements CredentialBasis {
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty({ example: '140.453(b)(4)(D)(i)' }) citation!: string;
  @ApiProperty({ example: 'QMHP by 140.453(b)(4)(D)(i): MSW, 1,200 supervised practicum hours' }) reason!: string;
}

export class MedicationAdministrationView implements MedicationAdministration {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ enum: ['140.453(d)(2)(C)(v)'] }) citation!: '140.453(d)(2)(C)(v)';
  @ApiProperty() reason!: string;
}

export class ActiveDesignationView implements ActiveDesignation {
  @ApiProperty() designatedByStaffId!: string;
  @ApiProperty({ example: '2026-01-15' }) designatedOn!: string;
  @ApiProperty({ enum: DESIGNATED_SERVICES, isArray: true }) services!: DesignatedService[];
  @ApiProperty({ description: 'the designator held a valid prescribing licence (physician or advanced practice nurse) on designatedOn' }) prescriberLicensed!: boolean;
  @ApiProperty() reason!: string;
}

export class CredentialView implements CredentialResult {
  @ApiProperty() staffId!: string;
  @ApiProperty({ example: '2026-11-22' }) asOf!: string;
  @ApiProperty({ description: 'employed by their provider on asOf' }) employed!: boolean;
  @ApiProperty({ enum: TIERS, nullable: true, type: String, description: 'the highest tier held on asOf, or null' }) tier!: Tier | null;
  @ApiProperty({ enum: TIERS, isArray: true, description: 'every tier held, highest first' }) tiers!: Tier[];
  @ApiProperty({ type: [CredentialBasisView], description: 'by which route of 140.453(b) each tier is held, and why' }) basis!: CredentialBasisView[];
  @ApiProperty({ description: 'a tier is held only through a route that needs QMHP supervision' }) requiresQmhpSupervision!: boolean;
  @ApiProperty({ nullable: true, type: Boolean, description: 'null when supervision is not required; else whether the recorded supervisor holds QMHP on asOf at the same provider' })
  supervisorOk!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) supervisorReason!: string | null;
  @ApiProperty({ type: MedicationAdministrationView }) mayAdministerMedication!: MedicationAdministrationView;
  @ApiProperty({ type: [ActiveDesignationView], description: 'written prescriber designations in force on asOf' }) designations!: ActiveDesignationView[];
  @ApiProperty({ nullable: true, type: String, description: 'the first day after asOf on which any part of this answer would change' }) validUntil!: string | null;
  @ApiProperty({ type: [String], description: 'what is missing for the next tier up' }) missingForNextTier!: string[];
  @ApiProperty({ type: [String] }) warnings!: string[];
}

export class ExpiringCredentialView implements ExpiringCredential {
  @ApiProperty({ enum: ['LICENSE', 'CERTIFICATION'] }) type!: 'LICENSE' | 'CERTIFICATION';
  @ApiProperty({ enum: [...LICENSE_KINDS, ...CERTIFICATION_KINDS] }) kind!: LicenseKind | CertificationKind;
  @ApiProperty({ nullable: true, type: String, description: 'licences only' }) state!: string | null;
  @ApiProperty({ nullable: true, type: String }) number!: string | null;
  @ApiProperty() expiresOn!: string;
  @ApiProperty({ description: 'the first day it is not valid' }) lapsesOn!: string;
  @ApiProperty({ enum: TIERS, nullable: true, type: String, description: 'the highest tier held on lapsesOn' }) tierAfter!: Tier | null;
  @ApiProperty({ enum: TIERS, isArray: true }) tiersAfter!: Tier[];
  @ApiProperty({ description: 'the highest tier on lapsesOn is lower than on asOf' }) dropsTier!: boolean;
  @ApiProperty() mayAdministerMedicationAfter!: boolean;
  @ApiProperty({ example: 'registered nurse licence IL 041.1 valid through 2026-03-31 lapses on 2026-04-01: QMHP → MHP' }) description!: string;
}

export class RosterRouteView {
  @ApiProperty() citation!: string;
  @ApiProperty() reason!: string;
}

export class RosterEntryView implements RosterEntry {
  @ApiProperty() staffId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() employed!: boolean;
  @ApiProperty({ enum: TIERS, nullable: true, type: String }) tier!: Tier | null;
  @ApiProperty({ enum: TIERS, isArray: true }) tiers!: Tier[];
  @ApiProperty({ type: RosterRouteView, nullable: true, description: 'how the highest tier is held (null without a tier)' }) route!: RosterRouteView | null;
  @ApiProperty() requiresQmhpSupervision!: boolean;
  @ApiProperty({ nullable: true, type: Boolean }) supervisorOk!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) validUntil!: string | null;
  @ApiProperty({ type: [ExpiringCredentialView], description: 'licences and certificates that lapse within expiringWithinDays, soonest first' }) expiring!: ExpiringCredentialView[];
}

export class ProviderRosterView implements ProviderRoster {
  @ApiProperty() providerId!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() expiringWithinDays!: number;
  @ApiProperty({ type: [RosterEntryView] }) staff!: RosterEntryView[];
  @ApiProperty({ type: [String], description: "about the provider as a whole: for an IP, who its practitioner is (140.452(a)(3), 140.453(b)(2))" }) warnings!: string[];
}
