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
 */
import { stateFiscalYear, stateFiscalYearRange, type DateOnly } from '../dates';
import { error, hoursMinutes, thousands, warning } from './findings';
import type { CapCategory, CapRule } from './service-catalog';
import type { CapReport, ClaimRef, FindingCode } from './types';
import type { ClaimWork, Env, LineWork } from './work';

/** CAP_NEAR when used / cap >= NEAR_NUMERATOR / NEAR_DENOMINATOR after a line (90%). */
const NEAR_NUMERATOR = 9;
const NEAR_DENOMINATOR = 10;

const EXCEEDED: Record<CapCategory, FindingCode> = { TCM: 'TCM_CAP_EXCEEDED', TLA: 'TLA_CAP_EXCEEDED' };
const CATEGORY_NAMES: Record<CapCategory, string> = { TCM: 'targeted case management', TLA: 'Transition, Linkage and Aftercare' };

interface Running {
  used: number;
  /** the cap in force on the latest date of service seen, for the report */
  cap: CapRule | undefined;
  lastDos: DateOnly;
}

export function applyCaps(claims: ClaimWork[], env: Env): CapReport[] {
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
      r = { used: baseMinutes(recipientId, sfy, category), cap: undefined, lastDos: '' };
      byKey.set(key, r);
    }
    return r;
  };

  /** The ledger before the batch, less what the batch's replaced and voided claims had recorded. */
  const baseMinutes = (recipientId: string, sfy: string, category: CapCategory): number => {
    const refs = releasing.get(recipientId);
    if (!refs) return ctx.capUsedMinutes(recipientId, sfy, category);
    if (refs.length === 1) return ctx.capUsedMinutes(recipientId, sfy, category, refs[0]);
    const all = ctx.capUsedMinutes(recipientId, sfy, category);
    let released = 0;
    for (const ref of refs) released += all - ctx.capUsedMinutes(recipientId, sfy, category, ref);
    return all - released;
  };

  const candidates: LineWork[] = [];
  for (const c of claims) {
    if (!c.recipient) continue;
    const counts = !c.isVoid && c.errors === 0;
    for (const l of c.lines) {
      if (l.state !== 'OK' || !l.rule || l.rule.capCategories.length === 0) continue;
      const year = sfy(l.dos);
      const tkey = `${c.recipient.id}|${year}`;
      if (!touched.has(tkey)) touched.set(tkey, { recipientId: c.recipient.id, sfy: year }); // a VOID shows what it releases
      if (counts && l.errors === 0 && !l.incomplete) candidates.push(l);
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
      r.cap = cap;
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
        );
      }
    }
    if (!fits) continue;
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
        );
      }
    }
  }

  const out: CapReport[] = [];
  for (const { recipientId, sfy } of touched.values()) {
    out.push({ recipientId, sfy, tcm: balance(running(recipientId, sfy, 'TCM'), 'TCM', sfy, env), tla: balance(running(recipientId, sfy, 'TLA'), 'TLA', sfy, env) });
  }
  return out;
}

function balance(r: Running, category: CapCategory, sfy: string, env: Env): { usedMinutes: number; remainingMinutes: number } {
  const cap = r.cap ?? env.ctx.catalog.capFor(category, stateFiscalYearRange(sfy).to);
  const limit = cap ? cap.minutesPerSfy : 0;
  return { usedMinutes: r.used, remainingMinutes: limit > r.used ? limit - r.used : 0 };
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
