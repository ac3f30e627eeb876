import { ApiProperty } from '@nestjs/swagger';

export class CapLedgerEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['TCM', 'TLA'], description: 'the cap the minutes count toward (a TLA line counts toward both, one entry each)' }) category!: 'TCM' | 'TLA';
  @ApiProperty({ description: 'whole minutes' }) minutes!: number;
  @ApiProperty({ example: '2026-09-14' }) dateOfService!: string;
  @ApiProperty({ enum: ['CLAIM', 'EXTERNAL'], description: 'a claim recorded here, or minutes billed elsewhere (POST /recipients/{id}/usage)' }) source!: 'CLAIM' | 'EXTERNAL';
  @ApiProperty({ description: "false: another provider's claim, shown without its provider or claim ID" }) inScope!: boolean;
  @ApiProperty({ nullable: true, type: String }) providerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) providerName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "the submitter's claim ID" }) claimId!: string | null;
  @ApiProperty({ nullable: true, type: String }) lineId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the service of the claim line, as checked' }) service!: string | null;
  @ApiProperty({ nullable: true, type: String }) externalReference!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class CapLedgerView {
  @ApiProperty() recipientId!: string;
  @ApiProperty({ example: 'SFY2027' }) sfy!: string;
  @ApiProperty({ example: '2026-07-01' }) from!: string;
  @ApiProperty({ example: '2027-06-30' }) to!: string;
  @ApiProperty({ type: [CapLedgerEntryView], description: 'the minutes counted toward the caps now (released entries are left out), by date of service' })
  entries!: CapLedgerEntryView[];
}
