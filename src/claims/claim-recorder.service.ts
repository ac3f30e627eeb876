/**
 * Recording one claim: one transaction, serialised per provider claimId and per recipient and State
 * fiscal year (advisory locks), idempotent by content hash. Whether the claim can be recorded as sent,
 * what it reports and which ledger rows it writes are the rules' (recording.ts, the engine, caps.ts);
 * this writes what they decide.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, hashRecord } from '../audit/audit.service';
import { providerScope, type Actor } from '../auth/actor';
import { CapLedgerEntryEntity, ClaimRecordEntity, ClaimVersionEntity } from '../database/entities';
import {
  claimCapEntries,
  recordingDecision,
  validateClaims,
  withRecordingPassed,
  type BilledSession,
  type ClaimReport,
  type RuleCatalogue,
  type ValidateOptions,
} from '../rules/claims';
import { isDateOnly, stateFiscalYear } from '../rules/dates';
import type { ClaimInput } from '../rules/facts';
import { CapLedgerService } from './cap-ledger.service';
import type { LoadedContext } from './claim-context.loader';
import { ClaimHistoryService } from './claim-history.service';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export interface CommittedClaimReport extends ClaimReport {
  /** the claim's minutes are in the ledger (it had no error) */
  recorded: boolean;
  /** the recorded version (1 = original; replacements and voids add one), when recorded */
  version: number | null;
  /** the same claim was recorded before: nothing changed, this is the report given then */
  repeat: boolean;
}

/** How each claim of a request is checked when recorded: with the others as evidence, the session's duplicate index, explained or not, its staff errors told. */
export type RecordingCheck = Pick<ValidateOptions, 'evidence' | 'billed' | 'repeatedClaimIds' | 'explain' | 'onStaffError'>;

/** The claim as submitted, without where it came from: the identity used to recognise a repeat. */
export function contentHash(claim: ClaimInput): string {
  const { location: _l, ...rest } = claim;
  return hashRecord({ ...rest, lines: rest.lines.map(({ location: _x, ...line }) => line) })!;
}

/** A report as stored with its version: what a repeat answers, without the explanation of one request. */
function stored(report: ClaimReport): ClaimReport {
  if (!report.lines.some((l) => l.checks)) return report;
  return { ...report, lines: report.lines.map(({ checks: _c, ...line }) => line) };
}

/** A stored report from before findings carried their action: the catalogue's action is added. */
function withActions(report: ClaimReport, rules: RuleCatalogue): ClaimReport {
  const fill = (f: ClaimReport['findings'][number]) => (f.action ? f : { ...f, action: rules.actionFor(f.ruleId, f.code) ?? '' });
  return { ...report, findings: report.findings.map(fill), lines: report.lines.map((l) => ({ ...l, findings: l.findings.map(fill) })) };
}

@Injectable()
export class ClaimRecorder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RULES_CONFIG) private readonly rules: RulesConfig,
    private readonly ledger: CapLedgerService,
    private readonly history: ClaimHistoryService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records one claim whose provider is registered (and which the X12 reader read as written), or says
   * why it cannot be recorded as sent (`conflict`: nothing was written).
   */
  async record(actor: Actor, claim: ClaimInput, providerId: string, loaded: LoadedContext, check: RecordingCheck): Promise<CommittedClaimReport | { conflict: string }> {
    const hash = contentHash(claim);
    return this.dataSource.transaction(async (em) => {
      await this.ledger.lockClaim(em, providerId, claim.claimId);
      const record = await em.findOne(ClaimRecordEntity, { where: { providerId, claimId: claim.claimId } });
      // the same claim again (this version or an earlier one of a retried request) changes nothing
      const same = record ? await em.findOne(ClaimVersionEntity, { where: { claimRecordId: record.id, contentHash: hash }, order: { version: 'DESC' } }) : null;
      const decision = recordingDecision(claim, hash, record ? { status: record.status, version: record.currentVersion, hashes: new Set(same ? [hash] : []) } : undefined);
      if (decision.kind === 'REPEAT') return { ...withActions(same!.report as ClaimReport, this.rules.rules), recorded: true, version: same!.version, repeat: true };
      if (decision.kind === 'CONFLICT') return { conflict: decision.message };

      const openKeys: { recipientId: string; sfy: string }[] = record
        ? await em.query(`SELECT DISTINCT recipient_id AS "recipientId", sfy FROM cap_ledger_entries WHERE claim_record_id = $1 AND released_at IS NULL`, [record.id])
        : [];
      const recipient = recipientOf(claim, loaded);
      const keys = [...openKeys];
      if (recipient) for (const l of claim.lines) keys.push({ recipientId: recipient.id, sfy: stateFiscalYear(l.dateOfService) });
      // the lock serialises every writer of these recipients' years: the ledger and the recorded lines
      // read after it include whatever a concurrent request recorded for the same sessions
      await this.ledger.lock(em, keys);
      loaded.useLedger(
        await this.ledger.snapshot(em, [...new Set(keys.map((k) => k.recipientId))], [...new Set(keys.map((k) => k.sfy))], record ? [{ providerId, claimId: claim.claimId }] : []),
      );
      await this.readRecordedLines(em, actor, claim, loaded);
      const sessions: BilledSession[] = [];
      const checked = validateClaims([claim], loaded.ctx, { ...check, onSession: (_c, _i, s) => sessions.push(s) }).claims[0];
      const report = withRecordingPassed(checked, claim, decision.replaces);
      if (report.status === 'FAIL') return { ...report, recorded: false, version: null, repeat: false };

      const version = (record?.currentVersion ?? 0) + 1;
      const row = record ?? em.create(ClaimRecordEntity, { providerId, claimId: claim.claimId, recipientId: recipient?.id ?? null, status: 'RECORDED', currentVersion: 0 });
      row.currentVersion = version;
      row.status = claim.frequency === 'VOID' ? 'VOIDED' : 'RECORDED';
      if (recipient) row.recipientId = recipient.id;
      const saved = await em.save(row);
      if (record) {
        await em.query(`UPDATE cap_ledger_entries SET released_at = now(), released_by_version = $2 WHERE claim_record_id = $1 AND released_at IS NULL`, [saved.id, version]);
        await this.history.release(em, saved.id, version);
      }
      if (claim.frequency !== 'VOID' && recipient) {
        await this.writeLedger(em, actor, claim, report, recipient.id, providerId, saved.id, version);
        await this.history.record(em, saved.id, version, sessions);
      }
      await em.insert(ClaimVersionEntity, { claimRecordId: saved.id, version, frequency: claim.frequency, contentHash: hash, report: stored(report), recordedByKeyId: actor.keyId });
      await this.audit.record(em, actor, 'COMMIT_CLAIM', 'claim', saved.id, record ? { version: record.currentVersion } : null, { claimId: claim.claimId, version, frequency: claim.frequency, contentHash: hash });
      return { ...report, recorded: true, version, repeat: false };
    });
  }

  /** The duplicate check's history for one claim's recipient and dates (under its lock when recording). */
  async readRecordedLines(em: EntityManager, actor: Actor, claim: ClaimInput, loaded: LoadedContext): Promise<void> {
    const recipient = recipientOf(claim, loaded);
    if (!recipient) return;
    const dates = [...new Set(claim.lines.map((l) => l.dateOfService).filter((d) => isDateOnly(d)))];
    loaded.useRecordedLines(await this.history.read(em, [recipient.id], dates, providerScope(actor)), recipient.id, dates);
  }

  /** The ledger rows the rules' cap account gives for the claim (per line and cap), with who recorded them. */
  private async writeLedger(em: EntityManager, actor: Actor, claim: ClaimInput, report: ClaimReport, recipientId: string, providerId: string, claimRecordId: string, version: number): Promise<void> {
    const rows: Partial<CapLedgerEntryEntity>[] = claimCapEntries(this.rules.catalog, claim, report).map((e) => ({
      ...e,
      recipientId,
      source: 'CLAIM',
      providerId,
      claimRecordId,
      claimVersion: version,
      externalReference: null,
      note: null,
      recordedByKeyId: actor.keyId,
      releasedAt: null,
      releasedByVersion: null,
    }));
    if (rows.length) await em.insert(CapLedgerEntryEntity, rows);
  }
}

export function recipientOf(claim: ClaimInput, loaded: LoadedContext) {
  return (claim.recipientId && loaded.ctx.recipientById(claim.recipientId)) || (claim.medicaidId ? loaded.ctx.recipientByMedicaidId(claim.medicaidId) : undefined);
}
