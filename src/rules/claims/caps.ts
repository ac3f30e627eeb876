/**
 * Cap accounting: 240 hours of targeted case management (140.453(e)(2)) and 40 hours of Transition,
 * Linkage and Aftercare (140.453(e)(1)(C)(i)) per individual per State fiscal year, not per provider.
 *
 * For each recipient, SFY and category: what the ledger recorded before this batch (less what the
 * batch's REPLACEMENT and VOID claims had recorded), plus the batch's lines in date-of-service order
 * (stable: claim order, then line order). A line counts only when neither it nor its claim has another
 * error (and its provider and recipient are known), and only when it fits every cap it counts toward;
 * one that does not fit fails with the minutes still allowed. VOID lines check nothing about caps and
 * count nothing, but their recipient and SFY appear in the report (showing the minutes released).
 * Whole minutes throughout.
 *
 * This file is the one cap account: a line's categories (capCategoriesOf), the limit in force
 * (capLimit: the cap in force on the day, for a claim line, a year's balance, GET /recipients/{id}/caps
 * and outside usage alike), the minutes counted (CapMinutes: the ledger as read, and what earlier calls
 * of one check session counted but did not record), and the ledger rows a recorded claim writes.
 */
import { stateFiscalYear, stateFiscalYearRange, type DateOnly } from '../dates';
import type { ClaimInput } from '../facts';
import type { Service } from '../vocabulary';
import { error, hoursMinutes, passed, skipped, thousands, warning } from './findings';
import { CAP_ACTIONS } from './rule-book';
import type { CapCategory, CapRule, ServiceCatalog } from './service-catalog';
import type { CapBalance, CapReport, ClaimRef, ClaimReport, FindingCode } from './types';
import type { ClaimWork, Env, LineWork } from './work';

/** The caps a line of the service counts toward on its date of service (the record in force that day). */
export function capCategoriesOf(catalog: ServiceCatalog, service: Service, dateOfService: DateOnly): readonly CapCategory[] {
  return catalog.ruleFor(service, dateOfService)?.capCategories ?? [];
}

/**
 * The limit that governs a year as of a day: the cap record in force on that day, the day taken into the
 * year (a day before it is the year's first, after it the year's last). A claim line is judged as of its
 * date of service; a year's balance as of the day asked (for a past year its last day), so a limit
 * changed mid-year gives one answer everywhere. Undefined when no record is in force.
 */
export function capLimit(catalog: Pick<ServiceCatalog, 'capFor'>, category: CapCategory, sfy: string, asOf: DateOnly): CapRule | undefined {
  const { from, to } = stateFiscalYearRange(sfy);
  const day = asOf < from ? from : asOf > to ? to : asOf;
  return catalog.capFor(category, day);
}

/**
 * Minutes per recipient, State fiscal year and category, and what each claim contributes (so a
 * REPLACEMENT or VOID can leave out its original's share): the cap ledger as read, or the minutes earlier
 * calls of a check session counted without recording them (a file checked in batches).
 */
export class CapMinutes {
  private readonly totals = new Map<string, number>();
  private readonly byClaim = new Map<string, number>();

  add(recipientId: string, sfy: string, category: CapCategory, minutes: number, providerId: string | null, claimId: string | null): void {
    const k = `${recipientId}|${sfy}|${category}`;
    this.totals.set(k, (this.totals.get(k) ?? 0) + minutes);
    if (providerId && claimId) this.addClaimShare(recipientId, sfy, category, minutes, providerId, claimId);
  }

  /** What one recorded claim contributes to a total already counted. */
  addClaimShare(recipientId: string, sfy: string, category: CapCategory, minutes: number, providerId: string, claimId: string): void {
    const c = `${recipientId}|${sfy}|${category}|${providerId}|${claimId}`;
    this.byClaim.set(c, (this.byClaim.get(c) ?? 0) + minutes);
  }

  used(recipientId: string, sfy: string, category: CapCategory, excluding?: ClaimRef): number {
    if (this.totals.size === 0) return 0;
    const k = `${recipientId}|${sfy}|${category}`;
    const total = this.totals.get(k) ?? 0;
    return excluding ? total - (this.byClaim.get(`${k}|${excluding.providerId}|${excluding.claimId}`) ?? 0) : total;
  }
}

/** A row of the cap ledger: minutes of one line (or outside entry) toward one cap. */
export interface CapEntry {
  sfy: string;
  category: CapCategory;
  minutes: number;
  dateOfService: DateOnly;
}

/** The entries minutes of a service on a date make: one per cap it counts toward (TLA counts toward TCM too). */
export function capEntries(catalog: ServiceCatalog, service: Service, dateOfService: DateOnly, minutes: number): CapEntry[] {
  const sfy = stateFiscalYear(dateOfService);
  return capCategoriesOf(catalog, service, dateOfService).map((category) => ({ sfy, category, minutes, dateOfService }));
}

/** The ledger rows a claim recorded without errors writes: each line that passed (or warned), per cap it counts toward. */
export function claimCapEntries(catalog: ServiceCatalog, claim: ClaimInput, report: ClaimReport): (CapEntry & { lineId: string })[] {
  const rows: (CapEntry & { lineId: string })[] = [];
  report.lines.forEach((line, i) => {
    if (!line.service || line.minutes <= 0 || line.status === 'FAIL' || line.status === 'UNCHECKED') return;
    for (const e of capEntries(catalog, line.service, claim.lines[i].dateOfService, line.minutes)) rows.push({ ...e, lineId: line.lineId });
  });
  return rows;
}

/** CAP_NEAR when used / cap >= NEAR_NUMERATOR / NEAR_DENOMINATOR after a line (90%). */
const NEAR_NUMERATOR = 9;
const NEAR_DENOMINATOR = 10;

const EXCEEDED: Record<CapCategory, FindingCode> = { TCM: 'TCM_CAP_EXCEEDED', TLA: 'TLA_CAP_EXCEEDED' };
const CATEGORY_NAMES: Record<CapCategory, string> = { TCM: 'targeted case management', TLA: 'Transition, Linkage and Aftercare' };

interface Running {
  used: number;
  /** the latest date of service counted, for the report's balance */
  lastDos: DateOnly;
}

/**
 * carried: minutes earlier calls of the same session counted without recording them (read as part of
 * the base, and this call's counted lines are added to it).
 */
export function applyCaps(claims: ClaimWork[], env: Env, carried: CapMinutes | null = null): CapReport[] {
  const { ctx } = env;
  const releasing = new Map<string, ClaimRef[]>();
  for (const c of claims) {
    const f = c.input?.frequency;
    if ((f === 'REPLACEMENT' || f === 'VOID') && c.provider && c.recipient && c.claimId) {
      const list = releasing.get(c.recipient.id);
      const ref = { providerId: c.provider.id, claimId: c.claimId };
      if (list) list.push(ref);
      else releasing.set(c.recipient.id, [ref]);
    }
  }

  /** recipientId → `${sfy}|${category}` → running total */
  const ledger = new Map<string, Map<string, Running>>();
  const sfyOf = new Map<DateOnly, string>();
  const sfy = (dos: DateOnly): string => {
    let s = sfyOf.get(dos);
    if (s === undefined) sfyOf.set(dos, (s = stateFiscalYear(dos)));
    return s;
  };
  /** recipient|sfy in first-seen order, for the report */
  const touched = new Map<string, { recipientId: string; sfy: string }>();

  const running = (recipientId: string, sfy: string, category: CapCategory): Running => {
    let byKey = ledger.get(recipientId);
    if (byKey === undefined) ledger.set(recipientId, (byKey = new Map()));
    const key = category === 'TCM' ? sfy : `${sfy}|${category}`;
    let r = byKey.get(key);
    if (r === undefined) {
      r = { used: baseMinutes(recipientId, sfy, category), lastDos: '' };
      byKey.set(key, r);
    }
    return r;
  };

  /** The ledger before the batch, less what the batch's replaced and voided claims had recorded; plus what the session carried. */
  const baseMinutes = (recipientId: string, sfy: string, category: CapCategory): number => {
    const before = carried === null ? 0 : carried.used(recipientId, sfy, category);
    const refs = releasing.get(recipientId);
    if (!refs) return before + ctx.capUsedMinutes(recipientId, sfy, category);
    if (refs.length === 1) return before + ctx.capUsedMinutes(recipientId, sfy, category, refs[0]);
    const all = ctx.capUsedMinutes(recipientId, sfy, category);
    let released = 0;
    for (const ref of refs) released += all - ctx.capUsedMinutes(recipientId, sfy, category, ref);
    return before + all - released;
  };

  const candidates: LineWork[] = [];
  for (const c of claims) {
    const counts = !c.isVoid && c.errors === 0;
    for (const l of c.lines) {
      if (l.state !== 'OK' || !l.rule || l.rule.capCategories.length === 0) continue;
      if (!c.recipient) {
        if (l.checks !== null) notCounted(l, env, 'the recipient is unknown');
        continue;
      }
      const year = sfy(l.dos);
      const tkey = `${c.recipient.id}|${year}`;
      if (!touched.has(tkey)) touched.set(tkey, { recipientId: c.recipient.id, sfy: year }); // a VOID shows what it releases
      if (counts && l.errors === 0 && !l.incomplete) candidates.push(l);
      else if (l.checks !== null) notCounted(l, env, c.isVoid ? 'a VOID counts no minutes (it releases what its original recorded)' : c.errors > 0 ? 'not counted: the claim has an error' : l.errors > 0 ? 'not counted: the line has an error' : 'not counted: the billing provider is unknown');
    }
  }
  candidates.sort((a, b) => (a.dos < b.dos ? -1 : a.dos > b.dos ? 1 : 0)); // stable: claim, then line order

  for (const line of candidates) {
    const recipientId = (line.claim.recipient as { id: string }).id;
    const year = sfy(line.dos);
    const categories = (line.rule as { capCategories: CapCategory[] }).capCategories;
    let fits = true;
    for (const category of categories) {
      const cap = env.ctx.catalog.capFor(category, line.dos);
      if (!cap) continue; // the catalogue validator guarantees a cap wherever a capped service is in force
      const r = running(recipientId, year, category);
      r.lastDos = line.dos;
      const remaining = cap.minutesPerSfy - r.used;
      if (line.minutes > remaining) {
        fits = false;
        const allowed = remaining > 0 ? remaining : 0;
        error(
          line,
          EXCEEDED[category],
          `${line.minutes} minutes of ${line.rule?.name} would pass the ${CATEGORY_NAMES[category]} cap of ${hoursMinutes(cap.minutesPerSfy)} hours (${thousands(cap.minutesPerSfy)} minutes) in ${year}: ${thousands(r.used)} minutes are already used, so ${thousands(allowed)} minutes (${hoursMinutes(allowed)}) were still allowed, ${cap.citation}`,
          cap.citation,
          cap.id,
          { recipientId, sfy: year, category, usedMinutes: r.used, capMinutes: cap.minutesPerSfy, allowedMinutes: allowed, lineMinutes: line.minutes },
          CAP_ACTIONS[EXCEEDED[category] as keyof typeof CAP_ACTIONS],
        );
      }
    }
    if (!fits) {
      if (line.checks !== null) {
        for (const category of categories) {
          const cap = env.ctx.catalog.capFor(category, line.dos);
          if (cap && !line.checks.some((k) => k.ruleId === cap.id)) skipped(line, cap, 'not counted: the line passes another cap');
        }
      }
      continue;
    }
    for (const category of categories) {
      const cap = env.ctx.catalog.capFor(category, line.dos);
      if (!cap) continue;
      const r = running(recipientId, year, category);
      r.used += line.minutes;
      if (r.used * NEAR_DENOMINATOR >= cap.minutesPerSfy * NEAR_NUMERATOR) {
        warning(
          line,
          'CAP_NEAR',
          `after this line ${thousands(r.used)} of ${thousands(cap.minutesPerSfy)} minutes (${Math.floor((r.used * 100) / cap.minutesPerSfy)}%) of the ${CATEGORY_NAMES[category]} cap are used in ${year}; ${thousands(cap.minutesPerSfy - r.used)} minutes remain, ${cap.citation}`,
          cap.citation,
          cap.id,
          { recipientId, sfy: year, category, usedMinutes: r.used, capMinutes: cap.minutesPerSfy, remainingMinutes: cap.minutesPerSfy - r.used },
          CAP_ACTIONS.CAP_NEAR,
        );
      } else if (line.checks !== null) {
        passed(line, cap, `${line.minutes} minutes fit the ${CATEGORY_NAMES[category]} cap of ${thousands(cap.minutesPerSfy)} minutes in ${year}: ${thousands(r.used)} used with this line, ${thousands(cap.minutesPerSfy - r.used)} left`);
      }
    }
  }

  // what the next call of the session counts on: the lines counted here of claims that end without an
  // error (a claim that failed on a later line would not be recorded, so neither are its minutes carried)
  if (carried !== null) {
    for (const line of candidates) {
      if (line.errors > 0 || line.claim.errors > 0 || claimFailed(line.claim)) continue;
      for (const category of (line.rule as { capCategories: CapCategory[] }).capCategories) {
        if (env.ctx.catalog.capFor(category, line.dos)) carried.add((line.claim.recipient as { id: string }).id, sfy(line.dos), category, line.minutes, null, null);
      }
    }
  }

  const out: CapReport[] = [];
  for (const { recipientId, sfy } of touched.values()) {
    out.push({ recipientId, sfy, tcm: balance(running(recipientId, sfy, 'TCM'), 'TCM', sfy, env), tla: balance(running(recipientId, sfy, 'TLA'), 'TLA', sfy, env) });
  }
  return out;
}

/** A year's balance in the report: as of the latest date of service the batch counted in it (else the year's last day). */
function balance(r: Running, category: CapCategory, sfy: string, env: Env): CapBalance {
  return yearBalance(env.ctx.catalog, category, sfy, r.lastDos || stateFiscalYearRange(sfy).to, r.used);
}

/** Minutes used and left in a year against the limit in force on `asOf` (capLimit). */
export function yearBalance(catalog: Pick<ServiceCatalog, 'capFor'>, category: CapCategory, sfy: string, asOf: DateOnly, usedMinutes: number): CapBalance {
  const cap = capLimit(catalog, category, sfy, asOf);
  const limit = cap ? cap.minutesPerSfy : 0;
  return { usedMinutes, remainingMinutes: limit > usedMinutes ? limit - usedMinutes : 0 };
}

/** Would the claim fail (an error on it or a line, or a line that could not be checked)? */
function claimFailed(claim: ClaimWork): boolean {
  if (claim.errors > 0) return true;
  for (const l of claim.lines) if (l.errors > 0 || l.state !== 'OK' || l.incomplete) return true;
  return false;
}

/** Explaining a capped line the caps do not count: each cap it would count toward, skipped. */
function notCounted(line: LineWork, env: Env, reason: string): void {
  for (const category of (line.rule as { capCategories: CapCategory[] }).capCategories) {
    const cap = env.ctx.catalog.capFor(category, line.dos);
    if (cap) skipped(line, cap, reason);
  }
}

/** A cap an outside usage entry took the year past (the entry is recorded all the same). */
export interface CapOverrun {
  category: CapCategory;
  code: FindingCode;
  sfy: string;
  capId: string;
  limitMinutes: number;
  usedMinutes: number;
  overByMinutes: number;
  citation: string;
  message: string;
}

/**
 * Minutes billed outside bhcheck were delivered and billed elsewhere: they are recorded even past a cap,
 * and the answer says which cap the year has passed and by how much. `usedAfter`: the year's total of
 * each category with the entry counted. The cap is the one in force on the entry's date of service, as
 * for a claim line.
 */
export function capOverruns(rule: { capCategories: CapCategory[] }, dateOfService: DateOnly, catalog: { capFor(category: CapCategory, date: DateOnly): CapRule | undefined }, usedAfter: (category: CapCategory) => number): CapOverrun[] {
  const year = stateFiscalYear(dateOfService);
  const out: CapOverrun[] = [];
  for (const category of rule.capCategories) {
    const cap = catalog.capFor(category, dateOfService);
    const used = usedAfter(category);
    if (!cap || used <= cap.minutesPerSfy) continue;
    const over = used - cap.minutesPerSfy;
    out.push({
      category,
      code: EXCEEDED[category],
      sfy: year,
      capId: cap.id,
      limitMinutes: cap.minutesPerSfy,
      usedMinutes: used,
      overByMinutes: over,
      citation: cap.citation,
      message: `with this entry ${thousands(used)} minutes of ${CATEGORY_NAMES[category]} are recorded in ${year}, ${thousands(over)} over the cap of ${thousands(cap.minutesPerSfy)} minutes (${hoursMinutes(cap.minutesPerSfy)} hours); recorded all the same, since it was billed outside bhcheck, and no claim checked here for ${year} can add more, ${cap.citation}`,
    });
  }
  return out;
}
