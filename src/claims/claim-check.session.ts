/**
 * One claim-check session: what POST /claims/validate, POST /claims, POST /claims/x12 and the CLI share.
 * A path opens a session for a request or a file, feeds it claims (all at once, or batch after batch)
 * and takes reports; the session holds what the checks of one request or file share:
 *   - the registry answers, with the claims' providers and recipients resolved once (LoaderCache,
 *     taken from RegistryCache when the session first needs it and kept for the session);
 *   - the duplicate check's memory of the sessions billed so far (BilledLines);
 *   - the minutes its earlier batches counted toward the caps without recording them (CapMinutes);
 *   - what its claims would record, for the recording rule (RecordingState), and the conflicts found;
 *   - the caps report of every recipient and year it touched, and the reads it recorded in the audit log;
 *   - who could have rendered a line a staff rule refused, named in the finding's action (StaffErrorNames):
 *     the providers' rosters are read only when such an error is found, and kept with the registry answers.
 * Findings and statuses come only from the rules (src/rules/claims); the session loads, locks and writes.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { readsStatement } from '../audit/audit.service';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { runGivingWay } from '../common/steps';
import { BilledLines, CapMinutes, readAsWritten, RecordingState, StaffErrorNames, validateClaims, validateClaimsInSteps, withRecordingConflict, yearBalance, type CapReport, type ClaimReport } from '../rules/claims';
import { stateFiscalYearRange } from '../rules/dates';
import type { ClaimInput } from '../rules/facts';
import { CapLedgerService } from './cap-ledger.service';
import { ClaimContextLoader, LoaderCache, type LoadedContext } from './claim-context.loader';
import { ClaimRecorder, contentHash, type CommittedClaimReport } from './claim-recorder.service';
import { RegistryCache } from './registry-cache';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export type { CommittedClaimReport } from './claim-recorder.service';

export interface SessionOptions {
  /** add every rule applied to each line (`checks`) */
  explain?: boolean;
  /**
   * the claims come in batches of one file (X12, CLI): the duplicate index is kept packed between
   * batches and the minutes a batch counts are carried to the next. A single request needs neither.
   */
  batches?: boolean;
}

/** A claim that cannot be recorded as sent, and where it is in the request or file. */
export interface RecordingConflict {
  path: string;
  message: string;
  claimId: string;
}

/** Where a claim is, for a 409's `errors` (`/claims/2`, `/segment/56`). */
export type ClaimPath = (claim: ClaimInput, index: number) => string;

@Injectable()
export class ClaimCheckSessions {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    @Inject(RULES_CONFIG) readonly rules: RulesConfig,
    readonly loader: ClaimContextLoader,
    readonly recorder: ClaimRecorder,
    readonly ledger: CapLedgerService,
    readonly registry: RegistryCache,
  ) {}

  open(actor: Actor, options: SessionOptions = {}): ClaimCheckSession {
    return new ClaimCheckSession(this, actor, options);
  }
}

export class ClaimCheckSession {
  private taken: Promise<LoaderCache> | null = null;
  private readonly billed = new BilledLines();
  /** recipients whose read by this session is already in the audit log (a file is one read of each) */
  private readonly readsRecorded = new Set<string>();
  private readonly carried = new CapMinutes();
  private readonly recordings = new RecordingState();
  private readonly conflicts: RecordingConflict[] = [];
  private readonly caps = new Map<string, CapReport>();
  private readonly staffNames = new StaffErrorNames();
  private readonly scope: string[] | null;

  constructor(
    private readonly deps: ClaimCheckSessions,
    readonly actor: Actor,
    private readonly options: SessionOptions,
  ) {
    this.scope = providerScope(actor);
  }

  /** Checks claims, changing nothing: a request, or the next batch of a file. */
  async check(claims: ClaimInput[]): Promise<ClaimReport[]> {
    const loaded = await this.load(claims);
    const batches = this.options.batches === true;
    const options = { billed: batches ? this.billed : undefined, carried: batches ? this.carried : undefined, explain: this.options.explain, onStaffError: this.staffNames.listen };
    // a request of 20,000 lines gives way to the small ones between steps; a file's batches are bounded
    // (2,000 claims) and run at once, since while they gave way its reader would parse ahead and hold more
    const report = batches ? validateClaims(claims, loaded.ctx, options) : await runGivingWay(validateClaimsInSteps(claims, loaded.ctx, options));
    for (const cap of report.caps) this.caps.set(`${cap.recipientId}|${cap.sfy}`, cap);
    await this.nameEligibleStaff(loaded);
    return report.claims;
  }

  /**
   * Before recording: that the key acts for every provider the claims name (403), and which claims
   * cannot be recorded as sent (kept; assertRecordable refuses them all at once). A file is prechecked
   * whole, batch after batch, before its first claim is recorded.
   */
  async precheck(claims: readonly ClaimInput[], where: ClaimPath): Promise<void> {
    const cache = await this.registry();
    await this.deps.loader.resolveProviders(this.deps.dataSource.manager, claims, cache);
    for (const c of claims) {
      const pid = cache.providerIdOf(c);
      if (pid) assertProviderInScope(this.actor, pid);
    }
    const recordable = claims.filter((c) => readAsWritten(c) && cache.providerIdOf(c));
    await this.learnRecorded(recordable, cache);
    claims.forEach((c, i) => {
      const pid = cache.providerIdOf(c);
      if (!pid || !readAsWritten(c)) return;
      const d = this.recordings.decide(pid, c, contentHash(c));
      if (d.kind === 'CONFLICT') this.conflicts.push({ path: `${where(c, i)}/${d.field}`, message: d.message, claimId: c.claimId });
    });
  }

  /** Refuses the whole request or file (409, nothing written) when any claim prechecked cannot be recorded as sent. */
  assertRecordable(): void {
    if (!this.conflicts.length) return;
    const conflicts = this.conflicts;
    const claimIds = conflicts.map((c) => c.claimId);
    throw new DomainError(
      'CONFLICT',
      `${conflicts.length} claim${conflicts.length === 1 ? '' : 's'} cannot be recorded as sent; nothing was recorded: ${conflicts.map((e) => e.message).join('; ')}`,
      conflicts.map(({ path, message }) => ({ path, message })),
      conflicts.length === 1 ? { claimId: claimIds[0], claimIds } : { claimIds },
    );
  }

  /**
   * Checks and records claims, one transaction each: those without errors go into the cap ledger. With
   * `precheck` (a request) the claims are prechecked first; a file prechecks every batch before this.
   */
  async record(claims: ClaimInput[], options: { precheck?: ClaimPath } = {}): Promise<CommittedClaimReport[]> {
    // the recorded lines are read per claim, under its lock (ClaimRecorder)
    const loaded = await this.load(claims, { recordedLines: false });
    const cache = await this.registry();
    if (options.precheck) {
      await this.precheck(claims, options.precheck);
      this.assertRecordable();
    }
    const out: CommittedClaimReport[] = [];
    const { recorder, dataSource } = this.deps;
    for (const claim of claims) {
      const check = { evidence: evidenceFor(claim, claims), billed: this.billed, repeatedClaimIds: false, explain: this.options.explain, onStaffError: this.staffNames.listen };
      const providerId = cache.providerIdOf(claim);
      // a claim with no registered provider, or one the X12 reader could not read as written, is checked and never recorded
      const outcome = providerId && readAsWritten(claim) ? await recorder.record(this.actor, claim, providerId, loaded, check) : null;
      if (outcome !== null && !('conflict' in outcome)) {
        out.push(outcome);
        continue;
      }
      await recorder.readRecordedLines(dataSource.manager, this.actor, claim, loaded);
      const report = validateClaims([claim], loaded.ctx, check).claims[0];
      // a conflict found only under the claim's lock (another request recorded the same claim meanwhile,
      // or an earlier claim of the file was not recorded): this claim is not recorded, and says why
      out.push({ ...(outcome ? withRecordingConflict(report, claim, outcome.conflict) : report), recorded: false, version: null, repeat: false });
    }
    const recipients = [...new Set(loaded.capKeys.map((k) => k.recipientId))];
    const snapshot = await this.deps.ledger.snapshot(dataSource.manager, recipients, [...new Set(loaded.capKeys.map((k) => k.sfy))]);
    for (const { recipientId, sfy } of loaded.capKeys) {
      // what is recorded now, against the limit in force at the end of the year
      const yearEnd = stateFiscalYearRange(sfy).to;
      const balance = (category: 'TCM' | 'TLA') => yearBalance(this.deps.rules.catalog, category, sfy, yearEnd, snapshot.used(recipientId, sfy, category));
      this.caps.set(`${recipientId}|${sfy}`, { recipientId, sfy, tcm: balance('TCM'), tla: balance('TLA') });
    }
    // a claim a staff rule refused is not recorded: the names go only into the answer
    await this.nameEligibleStaff(loaded);
    return out;
  }

  /** Ends the action of each staff rule's error with who at its provider could have rendered the line (each roster read once while the registry stands). */
  private async nameEligibleStaff(loaded: LoadedContext): Promise<void> {
    const providerIds = this.staffNames.providersWanted();
    if (!providerIds.length) return;
    const cache = await this.registry();
    await this.deps.loader.loadRosters(this.deps.dataSource.manager, providerIds, cache);
    this.staffNames.name((id) => cache.rosters.get(id) ?? [], loaded.ctx);
  }

  /** Each recipient and year the session touched, as its last check or recording left it. */
  capReports(): CapReport[] {
    return [...this.caps.values()];
  }

  /** The session's registry answers: the shared ones for its scope, as the registry stands when it first asks. */
  private registry(): Promise<LoaderCache> {
    return (this.taken ??= this.deps.registry.take(this.scope));
  }

  /** The registry facts a batch needs (cached for the session), the key's scope asserted, the reads recorded. */
  private async load(claims: readonly ClaimInput[], options: { recordedLines?: boolean } = {}): Promise<LoadedContext> {
    const { loader, dataSource } = this.deps;
    const cache = await this.registry();
    // a key acts only for its own providers (asserted before anything but the providers is read); an
    // unknown provider is a finding, not a refusal
    await loader.resolveProviders(dataSource.manager, claims, cache);
    for (const c of claims) {
      const pid = cache.providerIdOf(c);
      if (pid) assertProviderInScope(this.actor, pid);
    }
    // a claim check reads the recipient's record (age, assessments, plans, cap usage all shape the
    // report): each recipient found is recorded as read once per session, in the statement that reads
    // the cap ledger and the recorded lines
    let fresh: string[] = [];
    const loaded = await loader.load(dataSource.manager, claims, cache, this.scope, {
      ...options,
      alsoRun: (recipientIds, first) => readsStatement(this.actor, 'recipient', (fresh = recipientIds.filter((id) => !this.readsRecorded.has(id))), first),
    });
    for (const id of fresh) this.readsRecorded.add(id);
    return loaded;
  }

  /** What is recorded of the claims' provider claimIds the session does not know yet, in one query. */
  private async learnRecorded(claims: readonly ClaimInput[], cache: LoaderCache): Promise<void> {
    const unseen = claims.map((c) => ({ c, pid: cache.providerIdOf(c)! })).filter((x) => !this.recordings.knows(x.pid, x.c.claimId));
    if (!unseen.length) return;
    const rows: { provider_id: string; claim_id: string; status: 'RECORDED' | 'VOIDED'; current_version: number; hashes: string[] }[] = await this.deps.dataSource.query(
      `SELECT r.provider_id, r.claim_id, r.status, r.current_version, array_agg(v.content_hash) AS hashes
         FROM claim_records r
         JOIN unnest($1::uuid[], $2::text[]) AS ref(provider_id, claim_id) ON ref.provider_id = r.provider_id AND ref.claim_id = r.claim_id
         JOIN claim_versions v ON v.claim_record_id = r.id
        GROUP BY r.provider_id, r.claim_id, r.status, r.current_version`,
      [unseen.map((k) => k.pid), unseen.map((k) => k.c.claimId)],
    );
    for (const r of rows) this.recordings.learn(r.provider_id, r.claim_id, { status: r.status, version: r.current_version, hashes: new Set(r.hashes) });
  }
}

/** The request's other claims for the same recipient: evidence for the rules that look across a batch. */
function evidenceFor(claim: ClaimInput, claims: readonly ClaimInput[]): ClaimInput[] {
  return claims.filter((c) => c !== claim && ((claim.recipientId && c.recipientId === claim.recipientId) || (claim.medicaidId && c.medicaidId === claim.medicaidId)));
}
