/**
 * The JSON claim paths (POST /claims/validate, POST /claims, and the CLI's JSON files), each one check
 * session fed the request's claims, and the cap views of a recipient (GET /recipients/{id}/caps and
 * /cap-ledger).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { canSeeProvider, type Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RecipientsService } from '../recipients/recipients.service';
import type { CapReport, ValidationReport } from '../rules/claims';
import { stateFiscalYearRange, type DateOnly } from '../rules/dates';
import type { ClaimInput } from '../rules/facts';
import type { CapLedgerView } from './cap-ledger.dto';
import { CapLedgerService, type CapsView } from './cap-ledger.service';
import { ClaimCheckSessions, type CommittedClaimReport } from './claim-check.session';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export type { CapsView } from './cap-ledger.service';
export type { CommittedClaimReport } from './claim-check.session';

export interface CommitReport {
  claims: CommittedClaimReport[];
  caps: CapReport[];
}

/** Where a claim of a request is, for a 409's `errors`: `/claims/2` in a batch, the body itself for one claim. */
const inRequest = (claims: readonly ClaimInput[]) => (_c: ClaimInput, i: number) => (claims.length > 1 ? `/claims/${i}` : '');

@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RULES_CONFIG) private readonly rules: RulesConfig,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: ClaimCheckSessions,
    private readonly ledger: CapLedgerService,
    private readonly recipients: RecipientsService,
    private readonly audit: AuditService,
  ) {}

  get maxLines(): number {
    return this.config.maxLinesPerRequest;
  }

  /** Checks the claims of one request; changes nothing. */
  async validate(actor: Actor, claims: ClaimInput[], options: { explain?: boolean } = {}): Promise<ValidationReport> {
    const session = this.sessions.open(actor, options);
    const checked = await session.check(claims);
    return { claims: checked, caps: session.capReports() };
  }

  /**
   * Checks and records the claims of one request (one transaction per claim); a request in which any
   * claim cannot be recorded as sent is refused whole (409) before anything is written.
   */
  async commit(actor: Actor, claims: ClaimInput[], options: { explain?: boolean } = {}): Promise<CommitReport> {
    const session = this.sessions.open(actor, options);
    const recorded = await session.record(claims, { precheck: inRequest(claims) });
    return { claims: recorded, caps: session.capReports() };
  }

  /** A recipient's minutes used and left in a year, against the limit in force on `asOf` (default: today), taken into the year. */
  async capsOf(actor: Actor, recipientId: string, sfy: string, asOf: DateOnly): Promise<CapsView> {
    const em = this.dataSource.manager;
    await this.recipients.loadVisible(em, actor, recipientId);
    const view = await this.ledger.capsView(em, this.rules.catalog, recipientId, sfy, asOf);
    await this.audit.recordReads(em, actor, 'recipient', [recipientId]);
    return view;
  }

  /** The ledger entries behind capsOf: which claims used the minutes. Another provider's claim is shown without naming it. */
  async ledgerOf(actor: Actor, recipientId: string, sfy: string): Promise<CapLedgerView> {
    const em = this.dataSource.manager;
    await this.recipients.loadVisible(em, actor, recipientId);
    const range = stateFiscalYearRange(sfy);
    const entries = (await this.ledger.openEntries(em, recipientId, sfy)).map((e) => {
      const inScope = e.providerId === null || canSeeProvider(actor, e.providerId);
      return {
        ...e,
        recordedAt: e.recordedAt.toISOString(),
        inScope,
        providerId: inScope ? e.providerId : null,
        providerName: inScope ? e.providerName : null,
        claimId: inScope ? e.claimId : null,
        lineId: inScope ? e.lineId : null,
      };
    });
    await this.audit.recordReads(em, actor, 'recipient', [recipientId]);
    return { recipientId, sfy, from: range.from, to: range.to, entries };
  }
}
