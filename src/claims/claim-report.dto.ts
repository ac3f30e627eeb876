/**
 * The claim report in the OpenAPI document. The report is built by the rules (plain interfaces in
 * src/rules/claims); these classes describe it, and `implements` makes the compiler refuse a class that
 * no longer matches what the rules return.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FINDING_CODES, type CapBalance, type CapReport, type Check, type ClaimReport, type Finding, type FindingCode, type LineReport, type ValidationReport } from '../rules/claims';
import type { X12Location } from '../rules/facts';
import { SERVICES, type Service } from '../rules/vocabulary';
import type { CapsView } from './cap-ledger.service';
import type { CommitReport, CommittedClaimReport } from './claims.service';
import type { X12FileSummary, X12Report } from './x12-intake.service';

const STATUS_TEXT = 'PASS, WARN (warnings only) or FAIL (any error';

export class FindingView implements Finding {
  @ApiProperty({ enum: FINDING_CODES }) code!: FindingCode;
  @ApiProperty({ enum: ['error', 'warning'] }) severity!: 'error' | 'warning';
  @ApiProperty({ description: 'names the fact it rests on and cites the subsection' }) message!: string;
  @ApiProperty({ example: '140.453(d)(1)(A)(ii)' }) citation!: string;
  @ApiProperty({ example: 'CLM-ASSESSMENT-CURRENT-v1', description: 'the catalogue record and field, cap record, or engine rule that raised it' }) ruleId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }, description: 'the facts it rests on' })
  fact!: Record<string, string | number | boolean | null>;
  @ApiProperty({ example: 'Record an Assessment Report approved by an LPHA or IP (clinical director).', description: 'what would clear it and which role can do it' }) action!: string;
}

export class CheckView implements Check {
  @ApiProperty({ example: 'SVC-THERAPY_COUNSELING-v1#tiers', description: 'the rule applied (GET /rules)' }) ruleId!: string;
  @ApiProperty({ example: '140.453(d)(2)(G)(iv)' }) citation!: string;
  @ApiProperty({ enum: ['passed', 'failed', 'skipped'] }) outcome!: 'passed' | 'failed' | 'skipped';
  @ApiProperty({ description: 'the fact it rests on; for a skipped check, why it did not apply' }) reason!: string;
}

export class X12LocationView implements X12Location {
  @ApiProperty({ example: '0001', description: 'ST02' }) transactionControlNumber!: string;
  @ApiProperty({ description: 'CLM01' }) claimId!: string;
  @ApiProperty({ description: 'LX01, the service line number within the claim' }) lineNumber!: number;
  @ApiProperty({ description: '1-based segment number in the file (the CLM or the LX)' }) segmentIndex!: number;
}

export class ClaimX12LocationView {
  @ApiProperty({ example: '0001' }) transactionControlNumber!: string;
  @ApiProperty() claimId!: string;
  @ApiProperty({ description: 'the CLM segment' }) segmentIndex!: number;
}

export class LineReportView implements LineReport {
  @ApiProperty() lineId!: string;
  @ApiProperty({ enum: SERVICES, nullable: true, type: String, description: 'null when it could not be determined (an unmapped code) or for an encounter line' }) service!: Service | null;
  @ApiProperty({ enum: ['PASS', 'WARN', 'FAIL', 'UNCHECKED'], description: `${STATUS_TEXT}), or UNCHECKED when no rule could be applied` }) status!: 'PASS' | 'WARN' | 'FAIL' | 'UNCHECKED';
  @ApiProperty({ description: 'units x unit length, whole minutes' }) minutes!: number;
  @ApiProperty({ type: [FindingView] }) findings!: FindingView[];
  @ApiPropertyOptional({ type: [CheckView], description: 'with explain=true: every rule applied to the line (its claim\'s rules too), passed, failed or skipped' }) checks?: CheckView[];
  @ApiPropertyOptional({ type: X12LocationView, description: 'X12 only' }) location?: X12LocationView;
}

export class ClaimReportView implements ClaimReport {
  @ApiProperty() claimId!: string;
  @ApiPropertyOptional({ description: 'the billing provider, when registered' }) providerId?: string;
  @ApiPropertyOptional({ description: 'the recipient, when registered and served by the key\'s providers' }) recipientId?: string;
  @ApiProperty({ enum: ['PASS', 'WARN', 'FAIL'], description: `${STATUS_TEXT}, or any line UNCHECKED)` }) status!: 'PASS' | 'WARN' | 'FAIL';
  @ApiProperty({ type: [LineReportView] }) lines!: LineReportView[];
  @ApiProperty({ type: [FindingView], description: 'findings about the claim as a whole' }) findings!: FindingView[];
  @ApiPropertyOptional({ type: ClaimX12LocationView, description: 'X12 only' }) location?: ClaimX12LocationView;
}

export class CapBalanceView implements CapBalance {
  @ApiProperty() usedMinutes!: number;
  @ApiProperty() remainingMinutes!: number;
}

export class CapReportView implements CapReport {
  @ApiProperty() recipientId!: string;
  @ApiProperty({ example: 'SFY2027' }) sfy!: string;
  @ApiProperty({ type: CapBalanceView, description: 'targeted case management, 240 hours' }) tcm!: CapBalanceView;
  @ApiProperty({ type: CapBalanceView, description: 'Transition, Linkage and Aftercare, 40 hours' }) tla!: CapBalanceView;
}

export class ValidationReportView implements ValidationReport {
  @ApiProperty({ type: [ClaimReportView] }) claims!: ClaimReportView[];
  @ApiProperty({ type: [CapReportView], description: 'each recipient and State fiscal year the request touches: the ledger plus its passing lines' }) caps!: CapReportView[];
}

export class CommittedClaimReportView extends ClaimReportView implements CommittedClaimReport {
  @ApiProperty({ description: "the claim's minutes are in the cap ledger (it had no error)" }) recorded!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'the recorded version (1 = original; replacements and voids add one), when recorded' }) version!: number | null;
  @ApiProperty({ description: 'the same claim was recorded before: nothing changed, this is the report given then' }) repeat!: boolean;
}

export class CommitReportView implements CommitReport {
  @ApiProperty({ type: [CommittedClaimReportView] }) claims!: CommittedClaimReportView[];
  @ApiProperty({ type: [CapReportView] }) caps!: CapReportView[];
}

export class EnvelopeWarningView {
  @ApiProperty({ enum: ['X12_ENVELOPE'] }) code!: 'X12_ENVELOPE';
  @ApiProperty() message!: string;
  @ApiProperty() segmentIndex!: number;
  @ApiProperty() segmentId!: string;
}

export class X12FileSummaryView implements X12FileSummary {
  @ApiProperty() interchanges!: number;
  @ApiProperty() groups!: number;
  @ApiProperty() transactions!: number;
  @ApiProperty() claims!: number;
  @ApiProperty({ description: 'service lines' }) lines!: number;
  @ApiProperty() segments!: number;
  @ApiProperty({ enum: ['ascii', 'utf-8', 'latin1', 'mixed'] }) encoding!: 'ascii' | 'utf-8' | 'latin1' | 'mixed';
  @ApiProperty({ type: [EnvelopeWarningView], description: 'envelope=lenient: the count and control-number discrepancies let through' }) envelopeWarnings!: EnvelopeWarningView[];
}

export class X12ReportView implements X12Report {
  @ApiProperty({ type: X12FileSummaryView }) file!: X12FileSummaryView;
  @ApiProperty({ type: [CommittedClaimReportView], description: 'as POST /claims/validate, or with commit=true as POST /claims (recorded, version, repeat)' })
  claims!: CommittedClaimReportView[];
  @ApiProperty({ type: [CapReportView] }) caps!: CapReportView[];
}

export class CapUseView extends CapBalanceView {
  @ApiProperty({ description: 'the limit in force for the year' }) limitMinutes!: number;
  @ApiProperty({ example: '140.453(e)(2)' }) citation!: string;
}

export class RecipientCapsView implements CapsView {
  @ApiProperty() recipientId!: string;
  @ApiProperty({ example: 'SFY2027' }) sfy!: string;
  @ApiProperty({ example: '2026-07-01' }) from!: string;
  @ApiProperty({ example: '2027-06-30' }) to!: string;
  @ApiProperty({ type: CapUseView, description: 'targeted case management (240 hours)' }) tcm!: CapUseView;
  @ApiProperty({ type: CapUseView, description: 'Transition, Linkage and Aftercare (40 hours)' }) tla!: CapUseView;
}
