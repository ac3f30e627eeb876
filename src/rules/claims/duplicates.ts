/**
 * DUPLICATE_LINE (CONTRACT "Duplicates"), the commonest denial: the same session billed twice. Two
 * lines are the same session when they have the same recipient, date of service, service, rendering
 * staff, modality, contact and procedure code with modifiers: individual and family therapy on one day
 * are two sessions at two rates. The second is found
 *   - on the same claim,
 *   - on an earlier claim of the same request or file (all of it, however it is cut into batches: the
 *     caller keeps one BilledLines for the whole file), and
 *   - on a claim already recorded by POST /claims (the context's recordedLines, the history), naming it.
 * A claim is never a duplicate of itself sent again, nor of the claim it replaces: lines of the same
 * provider's claimId are not compared, and a REPLACEMENT or VOID retires the lines of the claims it
 * changes (earlier in the file, or recorded) from the comparison.
 *
 * Reading: 140.455(a) pays for "the type and amount of service ... actually delivered"; a session
 * delivered once and billed twice is not. The time of day is not on a claim line, so two sessions of
 * the same kind by the same person on one day are one line (bill the minutes together).
 */
import type { DateOnly } from '../dates';
import type { ClaimInput } from '../facts';
import type { Contact, Modality, Service } from '../vocabulary';
import { error } from './findings';
import { normaliseModifiers } from './procedure-codes';
import type { ClaimWork, Env, LineWork } from './work';

export const RULE_DUPLICATE_LINE = 'CLM-DUPLICATE-LINE-v2';
const CITATION = '140.455(a)';

/** A line of a claim recorded earlier (POST /claims), not since replaced or voided, as the check compares it. */
export interface RecordedLine {
  providerId: string;
  claimId: string;
  lineId: string;
  service: Service;
  staffId: string;
  modality: Modality;
  contact: Contact;
  /** sessionCode(procedure code, modifiers) */
  code: string;
  /** the day it was recorded */
  recordedOn: DateOnly;
}

const NONE: readonly RecordedLine[] = [];

/** Recorded lines by recipient and date of service, as loaded for a batch: what ClaimCheckContext.recordedLines answers from. */
export class RecordedLines {
  private readonly byRecipient = new Map<string, Map<DateOnly, RecordedLine[]>>();

  lines(recipientId: string, dateOfService: DateOnly): readonly RecordedLine[] {
    if (this.byRecipient.size === 0) return NONE;
    return this.byRecipient.get(recipientId)?.get(dateOfService) ?? NONE;
  }

  add(recipientId: string, dateOfService: DateOnly, line: RecordedLine): void {
    let byDate = this.byRecipient.get(recipientId);
    if (byDate === undefined) this.byRecipient.set(recipientId, (byDate = new Map()));
    const list = byDate.get(dateOfService);
    if (list) list.push(line);
    else byDate.set(dateOfService, [line]);
  }

  /** Takes fresher lines for the recipients and dates they were read for (a claim's, under its lock). */
  refresh(read: RecordedLines, keys: Iterable<{ recipientId: string; dateOfService: DateOnly }>): void {
    for (const k of keys) {
      const fresh = read.byRecipient.get(k.recipientId)?.get(k.dateOfService);
      let byDate = this.byRecipient.get(k.recipientId);
      if (fresh === undefined) byDate?.delete(k.dateOfService);
      else {
        if (byDate === undefined) this.byRecipient.set(k.recipientId, (byDate = new Map()));
        byDate.set(k.dateOfService, fresh);
      }
    }
  }
}

/** One line as the check indexed it: what POST /claims records so that later claims are checked against it. */
export interface BilledSession {
  lineId: string;
  recipientId: string;
  dateOfService: DateOnly;
  service: Service;
  staffId: string;
  modality: Modality;
  contact: Contact;
  procedureCode: string | null;
  /** upper case, sorted */
  modifiers: string[];
}

/** The procedure code with its modifiers as compared: "H0004 HQ HR" (modifiers sorted), "" without a code. */
export function sessionCode(procedureCode: string | null | undefined, modifiers: readonly string[] | null | undefined): string {
  const code = procedureCode ? procedureCode.trim().toUpperCase() : '';
  const mods = normaliseModifiers(modifiers ?? undefined);
  if (mods.length === 0) return code;
  const sorted = mods.length === 1 ? mods[0] : [...mods].sort().join(' ');
  return code ? `${code} ${sorted}` : sorted;
}

/**
 * A string the index may keep without keeping alive the text it was cut from: V8 represents a slice of
 * 13 characters or more as a view of its parent, and a claim ID read from an X12 file is a slice of a
 * 64 KB chunk. Concatenating then slicing makes a flat copy.
 */
const ownCopy = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

/** A claim of an earlier call (batch) of the same file, as its kept lines refer to it. */
interface KeptClaim {
  providerId: string | null;
  claimId: string;
  /** its place in the request or file (a REPLACEMENT or VOID read later retires it) */
  order: number;
  /** X12: where it is in the file (0: not from a file) */
  segmentIndex: number;
  transaction: string;
}

/** A line of an earlier call (batch) of the same file: what the comparison and the message need. */
export interface KeptLine {
  claim: KeptClaim;
  lineId: string;
  staff: string;
  service: Service;
  modality: Modality;
  contact: Contact;
  code: string;
}

/**
 * A recipient's lines: one array of [date as a number, line, date, line, ...] looked through (a few
 * lines per recipient in a batch as a rule: one small array, no map), or, past a few dozen lines,
 * grouped by date.
 */
export type Slot<T> = (number | T)[] | { byDay: Map<number, T[]> };
const SCAN_LIMIT = 48;

/** YYYY-MM-DD as a number, one per date, without allocating (the date is already known to be valid). */
function dayNumber(d: DateOnly): number {
  const c = (i: number) => d.charCodeAt(i) - 48;
  return (((c(0) * 10 + c(1)) * 10 + c(2)) * 10 + c(3)) * 416 + (c(5) * 10 + c(6)) * 32 + c(8) * 10 + c(9);
}

/** Adds an entry; returns the slot to use from now on (a new one when the lines are grouped by date). */
function push<T>(slot: Slot<T>, day: number, entry: T): Slot<T> {
  if (!Array.isArray(slot)) {
    const list = slot.byDay.get(day);
    if (list) list.push(entry);
    else slot.byDay.set(day, [entry]);
    return slot;
  }
  slot.push(day, entry);
  if (slot.length <= 2 * SCAN_LIMIT) return slot;
  const byDay = new Map<number, T[]>();
  for (let i = 0; i < slot.length; i += 2) {
    const list = byDay.get(slot[i] as number);
    if (list) list.push(slot[i + 1] as T);
    else byDay.set(slot[i] as number, [slot[i + 1] as T]);
  }
  return { byDay };
}

/** The first entry of the slot on that day for which `same` holds. */
function firstOn<T>(slot: Slot<T>, day: number, same: (e: T) => boolean): T | undefined {
  if (!Array.isArray(slot)) {
    const list = slot.byDay.get(day);
    if (list) for (let i = 0; i < list.length; i++) if (same(list[i])) return list[i];
    return undefined;
  }
  for (let i = 0; i < slot.length; i += 2) if (slot[i] === day && same(slot[i + 1] as T)) return slot[i + 1] as T;
  return undefined;
}

/** Every entry of a slot. */
function* entries<T>(slot: Slot<T>): Generator<T> {
  if (Array.isArray(slot)) for (let i = 1; i < slot.length; i += 2) yield slot[i] as T;
  else for (const list of slot.byDay.values()) yield* list;
}

const staffKey = (line: LineWork): string => (line.staff ? line.staff.id : `?${line.input.renderingStaffId ?? ''}|${line.input.renderingNpi ?? ''}`);
const recipientKey = (claim: ClaimWork): string => {
  if (claim.recipient) return claim.recipient.id;
  const raw = claim.input as Partial<ClaimInput>;
  return `?${raw.recipientId ?? ''}|${raw.medicaidId ?? ''}`;
};
const lineIdOf = (line: LineWork): string => (typeof line.input.lineId === 'string' ? line.input.lineId : String(line.input.lineId));

/**
 * The sessions billed so far in one request or file, by recipient and date of service, and the claim
 * IDs seen. The lines of the call being checked are indexed as they are (the engine's own line
 * objects: nothing is allocated per line); a caller that keeps one BilledLines across the calls
 * (batches) of a file gets, at the end of each call, compact copies of its lines (KeptLine) and claims.
 */
export class BilledLines {
  /** the lines of the call being checked, by recipient */
  private current = new Map<string, Slot<LineWork>>();
  /** the lines of earlier calls */
  private readonly kept = new Map<string, Slot<KeptLine>>();
  /** sessionCode of a mapped code with one modifier as written: they repeat, no string per line */
  private readonly codes = new Map<string, Map<string, string>>();
  /** claims read so far (each claim's order) */
  private claimsRead = 0;
  /** by provider, then claimId: the order of the last REPLACEMENT or VOID of it read (absent: none) */
  private readonly changes = new Map<string, Map<string, number>>();
  private readonly claimIds = new Map<string, Set<string>>();

  /**
   * Registers a claim before its lines are checked. Returns whether its provider's claimId was already
   * read as another claim of the request (a REPLACEMENT or VOID is expected to follow its original).
   */
  openClaim(claim: ClaimWork): boolean {
    claim.compared = true;
    const providerId = claim.provider?.id ?? null;
    const claimId = claim.claimId;
    if (providerId === null || claimId === '') return false;
    claim.order = ++this.claimsRead;
    let ids = this.claimIds.get(providerId);
    if (ids === undefined) this.claimIds.set(providerId, (ids = new Set()));
    const before = ids.size;
    ids.add(ownCopy(claimId));
    const frequency = (claim.input as ClaimInput | undefined)?.frequency;
    if (frequency === 'REPLACEMENT' || frequency === 'VOID') {
      let byId = this.changes.get(providerId);
      if (byId === undefined) this.changes.set(providerId, (byId = new Map()));
      byId.set(ownCopy(claimId), claim.order);
    }
    return ids.size === before;
  }

  /** The order of the last REPLACEMENT or VOID of a provider's claimId read so far (0: none). */
  private lastChange(providerId: string, claimId: string): number {
    return this.changes.size === 0 ? 0 : (this.changes.get(providerId)?.get(claimId) ?? 0);
  }

  /** sessionCode of a line (its mapped code and modifiers as written), remembered on the line. */
  lineCode(line: LineWork): string {
    if (line.sessionCode !== null) return line.sessionCode;
    const mapping = line.mapping;
    const modifiers = line.input.modifiers;
    let code: string | undefined;
    if (mapping === undefined) code = sessionCode(line.input.procedureCode, modifiers);
    else if (modifiers === undefined || modifiers.length === 0) code = mapping.code;
    else if (modifiers.length > 1) code = sessionCode(mapping.code, modifiers);
    else {
      let byModifier = this.codes.get(mapping.code);
      if (byModifier === undefined) this.codes.set(mapping.code, (byModifier = new Map()));
      code = byModifier.get(modifiers[0]);
      if (code === undefined) byModifier.set(modifiers[0], (code = sessionCode(mapping.code, modifiers)));
    }
    return (line.sessionCode = code);
  }

  /** Was this provider's claimId replaced or voided earlier in the request (its recorded lines no longer count)? */
  changed(providerId: string, claimId: string): boolean {
    return this.lastChange(providerId, claimId) > 0;
  }

  /**
   * An earlier line of the same session (of this call, or kept from an earlier one), else the line is
   * indexed. The recipient's lines are looked up once per claim (its lines are read one after another).
   */
  findOrAdd(line: LineWork): LineWork | KeptLine | undefined {
    const claim = line.claim;
    const day = dayNumber(line.dos);
    if (claim.billedKey === null) {
      claim.billedKey = recipientKey(claim);
      claim.keptSlot = this.kept.size > 0 ? (this.kept.get(claim.billedKey) ?? null) : null;
      claim.billedSlot = this.current.get(claim.billedKey) ?? null;
    }
    const slot = claim.billedSlot;
    if (slot !== null) {
      // the usual case, written out (no callback per line): a few lines of the recipient, looked through
      if (Array.isArray(slot)) {
        for (let i = 0; i < slot.length; i += 2) if (slot[i] === day && this.sameSession(slot[i + 1] as LineWork, line)) return slot[i + 1] as LineWork;
      } else {
        const here = firstOn(slot, day, (e) => this.sameSession(e, line));
        if (here !== undefined) return here;
      }
    }
    const before = claim.keptSlot && firstOn(claim.keptSlot, day, (e) => this.sameKeptSession(e, line));
    if (before) return before;
    if (slot === null) this.current.set(claim.billedKey, (claim.billedSlot = [day, line]));
    else {
      const next = push(slot, day, line);
      if (next !== slot) this.current.set(claim.billedKey, (claim.billedSlot = next));
    }
    return undefined;
  }

  /** The cheap comparisons first (the date is compared already). */
  private sameSession(e: LineWork, line: LineWork): boolean {
    if (e.service !== line.service || e.staff !== line.staff || e.modality !== line.modality || e.contact !== line.contact) return false;
    if (line.staff === undefined && staffKey(e) !== staffKey(line)) return false;
    if (this.lineCode(e) !== this.lineCode(line)) return false;
    return e.claim === line.claim || this.comparable(e.claim.provider?.id ?? null, e.claim.claimId, e.claim.order, line.claim);
  }

  private sameKeptSession(e: KeptLine, line: LineWork): boolean {
    if (e.service !== line.service || e.modality !== line.modality || e.contact !== line.contact || e.staff !== staffKey(line)) return false;
    return e.code === this.lineCode(line) && this.comparable(e.claim.providerId, e.claim.claimId, e.claim.order, line.claim);
  }

  /** Lines of another claim count unless it is the same provider's claimId (sent again, or replaced) or was retired since. */
  private comparable(providerId: string | null, claimId: string, order: number, current: ClaimWork): boolean {
    if (providerId === null) return true;
    if (providerId === (current.provider?.id ?? null) && claimId === current.claimId) return false;
    return this.lastChange(providerId, claimId) <= order;
  }

  /**
   * End of a call whose caller keeps this index for the next calls of the file: the call's lines are
   * copied compactly (the engine's objects of the call can then be collected).
   */
  keep(): void {
    const claims = new Map<ClaimWork, KeptClaim>();
    for (const [recipient, slot] of this.current) {
      let into = this.kept.get(recipient);
      for (const line of entries(slot)) {
        let claim = claims.get(line.claim);
        if (claim === undefined) {
          const location = (line.claim.input as ClaimInput | undefined)?.location;
          claim = {
            providerId: line.claim.provider?.id ?? null,
            claimId: ownCopy(line.claim.claimId),
            order: line.claim.order,
            segmentIndex: location?.segmentIndex ?? 0,
            transaction: location?.transactionControlNumber ?? '',
          };
          claims.set(line.claim, claim);
        }
        const kept: KeptLine = {
          claim,
          lineId: ownCopy(lineIdOf(line)),
          staff: staffKey(line),
          service: line.service as Service,
          modality: line.modality,
          contact: line.contact,
          code: this.lineCode(line),
        };
        into = into === undefined ? [dayNumber(line.dos), kept] : push(into, dayNumber(line.dos), kept);
      }
      if (into !== undefined) this.kept.set(recipient, into);
    }
    this.current = new Map();
  }
}

/**
 * Checks one line at intake (after its staff, service, modality and contact are resolved) and indexes
 * it. Lines that are not well formed, encounter lines and VOID claims are not compared.
 */
export function checkDuplicate(line: LineWork, env: Env): void {
  const claim = line.claim;
  const billed = env.billed;
  if (!claim.compared || billed === null || line.service === null) return;
  const recipient = claim.recipient;

  if (recipient && line.staff) {
    const recorded = env.ctx.recordedLines(recipient.id, line.dos);
    for (let i = 0; i < recorded.length; i++) {
      const r = recorded[i];
      if (r.staffId !== line.staff.id || r.service !== line.service || r.modality !== line.modality || r.contact !== line.contact || r.code !== billed.lineCode(line)) continue;
      if ((r.providerId === claim.provider?.id && r.claimId === claim.claimId) || billed.changed(r.providerId, r.claimId)) continue;
      return duplicate(line, billed.lineCode(line), { claimId: r.claimId, lineId: r.lineId, where: `already recorded on ${r.recordedOn}`, recorded: true });
    }
  }

  const first = billed.findOrAdd(line);
  if (first === undefined) {
    if (env.onSession && recipient && line.staff) {
      const input = line.input;
      env.onSession(claim.input, line.index, {
        lineId: lineIdOf(line),
        recipientId: recipient.id,
        dateOfService: line.dos,
        service: line.service,
        staffId: line.staff.id,
        modality: line.modality,
        contact: line.contact,
        procedureCode: input.procedureCode ? input.procedureCode.trim().toUpperCase() : null,
        modifiers: [...normaliseModifiers(input.modifiers)].sort(),
      });
    }
    return;
  }
  const code = billed.lineCode(line);
  if ('input' in first) {
    const sameClaim = first.claim === claim;
    const location = (first.claim.input as ClaimInput | undefined)?.location;
    const where = sameClaim ? 'on this claim' : location ? `(transaction ${location.transactionControlNumber}, segment ${location.segmentIndex})` : 'earlier in this request';
    duplicate(line, code, { claimId: first.claim.claimId, lineId: lineIdOf(first), where, recorded: false, sameClaim });
  } else {
    const where = first.claim.segmentIndex > 0 ? `(transaction ${first.claim.transaction}, segment ${first.claim.segmentIndex})` : 'earlier in this request';
    duplicate(line, code, { claimId: first.claim.claimId, lineId: first.lineId, where, recorded: false });
  }
}

function duplicate(line: LineWork, code: string, first: { claimId: string; lineId: string; where: string; recorded: boolean; sameClaim?: boolean }): void {
  const who = line.staff?.name ?? line.input.renderingStaffId ?? line.input.renderingNpi;
  const earlier = first.sameClaim ? `line ${first.lineId} of this claim` : `line ${first.lineId} of claim ${first.claimId} ${first.where}`;
  const session = `${line.service}${code ? ` (${code})` : ''}, ${lowerPair(line.modality, line.contact)}, by ${who} on ${line.dos}`;
  const action = first.recorded
    ? `; it is billed already: remove this line (if this claim corrects ${first.claimId}, send it as a REPLACEMENT of ${first.claimId})`
    : first.sameClaim
      ? '; bill it once: put its minutes on one line'
      : `; bill it once: remove this line or the one on claim ${first.claimId}`;
  error(line, 'DUPLICATE_LINE', `line ${line.input.lineId} repeats ${earlier}: the same session for the same recipient, ${session}${action}`, CITATION, RULE_DUPLICATE_LINE, {
    service: line.service,
    staffId: line.staff?.id ?? null,
    dateOfService: line.dos,
    modality: line.modality,
    contact: line.contact,
    code,
    firstClaimId: first.claimId,
    firstLineId: first.lineId,
    firstRecorded: first.recorded,
  });
}

const lowerPair = (modality: Modality, contact: Contact): string => `${modality.toLowerCase()} ${contact.toLowerCase().replace(/_/g, '-')}`;
