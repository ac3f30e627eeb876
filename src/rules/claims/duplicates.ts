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
import { CONTACTS, MODALITIES, SERVICES, type Contact, type Modality, type Service } from '../vocabulary';
import { error, passed, skipped } from './findings';
import { DUPLICATE_LINE } from './rule-book';
import type { FindingFact } from './types';
import { normaliseModifiers } from './procedure-codes';
import type { ClaimWork, Env, LineWork } from './work';

export const RULE_DUPLICATE_LINE = DUPLICATE_LINE.id;
const CITATION = '140.455(a)';

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

/** Strings numbered in the order first met. */
class Interner {
  private readonly numbers = new Map<string, number>();
  readonly values: string[] = [];
  numberOf(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(ownCopy(value));
    }
    return n;
  }
  find(value: string): number {
    return this.numbers.get(value) ?? -1;
  }
}

const SERVICE_INDEX = new Map<string, number>(SERVICES.map((s, i) => [s, i]));
const MODALITY_INDEX = new Map<string, number>(MODALITIES.map((m, i) => [m, i]));
const CONTACT_INDEX = new Map<string, number>(CONTACTS.map((c, i) => [c, i]));
/** Service, modality and contact as one number. */
const kindOf = (line: LineWork): number =>
  ((SERVICE_INDEX.get(line.service as Service) as number) * MODALITIES.length + (MODALITY_INDEX.get(line.modality) as number)) * CONTACTS.length + (CONTACT_INDEX.get(line.contact) as number);

/** A recipient's kept lines: STRIDE numbers a line; by date once there are many. */
export interface KeptBlock {
  data: Int32Array;
  length: number;
  byDay: Map<number, number[]> | null;
}
/** day, staff, kind, code, claim, line (LX01, or -1 - index of its lineId), segment of the line */
const STRIDE = 7;
const KEPT_SCAN_LIMIT = 512;

/** A line of an earlier call named for a message: an X12 line by its LX01 and segment, a JSON line by its lineId. */
interface EarlierLine {
  claimId: string;
  lineId: string | null;
  lineNumber: number;
  segmentIndex: number;
  transaction: string;
}

/**
 * The lines of the earlier calls (batches) of a file, packed: seven numbers a line, strings numbered
 * once (staff, codes, providers, claim IDs), no object per line. About 30 bytes a line and 70 a claim.
 */
class KeptLines {
  private readonly byRecipient = new Map<string, KeptBlock>();
  private readonly staff = new Interner();
  private readonly codes = new Interner();
  private readonly providers = new Interner();
  private readonly claimProvider: number[] = [];
  private readonly claimIds: string[] = [];
  private readonly claimOrder: number[] = [];
  private readonly claimTransaction: number[] = [];
  private readonly transactions = new Interner();
  /** lineIds of lines that have no X12 location (a JSON request recorded claim by claim) */
  private readonly lineIds: string[] = [];

  get size(): number {
    return this.byRecipient.size;
  }

  block(recipient: string): KeptBlock | null {
    return this.byRecipient.get(recipient) ?? null;
  }

  /** Adds one claim's indexed lines (recipient, lines). */
  addClaim(claim: ClaimWork, recipient: string, lines: readonly LineWork[], codeOf: (l: LineWork) => string): void {
    const c = this.claimIds.length;
    const location = (claim.input as ClaimInput | undefined)?.location;
    this.claimProvider.push(claim.provider ? this.providers.numberOf(claim.provider.id) : -1);
    this.claimIds.push(ownCopy(claim.claimId));
    this.claimOrder.push(claim.order);
    this.claimTransaction.push(location ? this.transactions.numberOf(location.transactionControlNumber) : -1);
    let block = this.byRecipient.get(recipient);
    if (block === undefined) this.byRecipient.set(recipient, (block = { data: new Int32Array(STRIDE * 4), length: 0, byDay: null }));
    for (const line of lines) {
      const at = line.input.location;
      if (block.length + STRIDE > block.data.length) {
        const grown = new Int32Array(block.data.length * 2);
        grown.set(block.data);
        block.data = grown;
      }
      const d = block.data;
      const i = block.length;
      d[i] = dayNumber(line.dos);
      d[i + 1] = this.staff.numberOf(staffKey(line));
      d[i + 2] = kindOf(line);
      d[i + 3] = this.codes.numberOf(codeOf(line));
      d[i + 4] = c;
      if (at) d[i + 5] = at.lineNumber;
      else {
        d[i + 5] = -1 - this.lineIds.length;
        this.lineIds.push(ownCopy(lineIdOf(line)));
      }
      d[i + 6] = at ? at.segmentIndex : 0;
      block.length += STRIDE;
      if (block.byDay !== null) {
        const list = block.byDay.get(d[i]);
        if (list) list.push(i);
        else block.byDay.set(d[i], [i]);
      } else if (block.length > STRIDE * KEPT_SCAN_LIMIT) {
        block.byDay = new Map();
        for (let k = 0; k < block.length; k += STRIDE) {
          const list = block.byDay.get(d[k]);
          if (list) list.push(k);
          else block.byDay.set(d[k], [k]);
        }
      }
    }
  }

  /** The kept line of the same session as `line`, if one counts against it. */
  find(block: KeptBlock, line: LineWork, day: number, codeOf: (l: LineWork) => string, counts: (providerId: string | null, claimId: string, order: number) => boolean): EarlierLine | undefined {
    const d = block.data;
    let staff = -2;
    let kind = -1;
    let code = -2;
    const offsets = block.byDay !== null ? (block.byDay.get(day) ?? []) : null;
    const n = offsets !== null ? offsets.length : block.length / STRIDE;
    for (let k = 0; k < n; k++) {
      const i = offsets !== null ? offsets[k] : k * STRIDE;
      if (d[i] !== day) continue;
      if (staff === -2) {
        staff = this.staff.find(staffKey(line));
        kind = kindOf(line);
        code = this.codes.find(codeOf(line));
      }
      if (d[i + 1] !== staff || d[i + 2] !== kind || d[i + 3] !== code) continue;
      const c = d[i + 4];
      const provider = this.claimProvider[c];
      if (!counts(provider < 0 ? null : this.providers.values[provider], this.claimIds[c], this.claimOrder[c])) continue;
      const t = this.claimTransaction[c];
      return {
        claimId: this.claimIds[c],
        lineId: d[i + 5] < 0 ? this.lineIds[-1 - d[i + 5]] : null,
        lineNumber: d[i + 5],
        segmentIndex: d[i + 6],
        transaction: t < 0 ? '' : this.transactions.values[t],
      };
    }
    return undefined;
  }
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
 * (batches) of a file gets, at the end of each call, the call's lines packed (KeptLines).
 */
export class BilledLines {
  /** the lines of the call being checked, by recipient */
  private current = new Map<string, Slot<LineWork>>();
  /** the lines of earlier calls */
  private readonly kept = new KeptLines();
  /** sessionCode of a mapped code with one modifier as written: they repeat, no string per line */
  private readonly codes = new Map<string, Map<string, string>>();
  /** claims read so far (each claim's order) */
  private claimsRead = 0;
  /** by provider, then claimId: the order of the last REPLACEMENT or VOID of it read (absent: none) */
  private readonly changes = new Map<string, Map<string, number>>();
  private readonly claimIds = new Map<string, Set<string>>();
  private readonly lineCodeOf = (l: LineWork): string => this.lineCode(l);

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
   * An earlier line of the same session (of this call, or of an earlier one), else the line is
   * indexed. The recipient's lines are looked up once per claim (its lines are read one after another).
   */
  findOrAdd(line: LineWork): LineWork | EarlierLine | undefined {
    const claim = line.claim;
    const day = dayNumber(line.dos);
    if (claim.billedKey === null) {
      claim.billedKey = recipientKey(claim);
      claim.keptBlock = this.kept.size > 0 ? this.kept.block(claim.billedKey) : null;
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
    if (claim.keptBlock !== null) {
      const before = this.kept.find(claim.keptBlock, line, day, this.lineCodeOf, (p, c, order) => this.comparable(p, c, order, claim));
      if (before !== undefined) return before;
    }
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

  /** Lines of another claim count unless it is the same provider's claimId (sent again, or replaced) or was retired since. */
  private comparable(providerId: string | null, claimId: string, order: number, current: ClaimWork): boolean {
    if (providerId === null) return true;
    if (providerId === (current.provider?.id ?? null) && claimId === current.claimId) return false;
    return this.lastChange(providerId, claimId) <= order;
  }

  /**
   * End of a call whose caller keeps this index for the next calls of the file: the call's lines are
   * packed (the engine's objects of the call can then be collected).
   */
  keep(): void {
    for (const [recipient, slot] of this.current) {
      const byClaim = new Map<ClaimWork, LineWork[]>();
      for (const line of entries(slot)) {
        const list = byClaim.get(line.claim);
        if (list) list.push(line);
        else byClaim.set(line.claim, [line]);
      }
      for (const [claim, lines] of byClaim) this.kept.addClaim(claim, recipient, lines, this.lineCodeOf);
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
  if (!claim.compared || billed === null || line.service === null) {
    if (line.checks !== null && line.service === null) skipped(line, DUPLICATE_LINE, line.encounter ? 'not applicable: an encounter line is not a session of a service' : 'the service of the line could not be determined');
    return;
  }
  const recipient = claim.recipient;

  if (recipient && line.staff) {
    const recorded = env.ctx.recordedLines(recipient.id, line.dos);
    for (let i = 0; i < recorded.length; i++) {
      const r = recorded[i];
      if (r.staffId !== line.staff.id || r.service !== line.service || r.modality !== line.modality || r.contact !== line.contact || r.code !== billed.lineCode(line)) continue;
      if ((r.providerId === claim.provider?.id && r.claimId === claim.claimId) || billed.changed(r.providerId, r.claimId)) continue;
      return duplicate(line, billed.lineCode(line), { claimId: r.claimId, lineId: r.lineId, lineNumber: 0, segmentIndex: 0, transaction: '', recorded: true, sameClaim: false, recordedOn: r.recordedOn });
    }
  }

  const first = billed.findOrAdd(line);
  if (first === undefined) {
    if (line.checks !== null) passed(line, DUPLICATE_LINE, `no other line bills this session (${line.service}, ${lowerPair(line.modality, line.contact)}, by ${line.staff?.name ?? 'the same person'} on ${line.dos}) on this claim, earlier in this request or file, or on a recorded claim`);
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
  if (!('input' in first)) return duplicate(line, code, { ...first, recorded: false, sameClaim: false, recordedOn: null });
  const at = first.input.location;
  const location = (first.claim.input as ClaimInput | undefined)?.location;
  duplicate(line, code, {
    claimId: first.claim.claimId,
    lineId: at ? null : lineIdOf(first),
    lineNumber: at ? at.lineNumber : 0,
    segmentIndex: at ? at.segmentIndex : 0,
    transaction: location?.transactionControlNumber ?? '',
    recorded: false,
    sameClaim: first.claim === claim,
    recordedOn: null,
  });
}

/**
 * The earlier line as a person finds it: a recorded one by claim and lineId, with the day it was
 * recorded; one of the same request by lineId; one of an X12 file by its LX01 and the segment of its
 * SV1 (the same words however the file is cut into batches).
 */
interface Earlier extends EarlierLine {
  recorded: boolean;
  sameClaim: boolean;
  recordedOn: DateOnly | null;
}

function describeEarlier(first: Earlier): { text: string; fact: FindingFact } {
  const x12 = first.lineId === null;
  const lineText = x12 ? `line ${first.lineNumber}` : `line ${first.lineId}`;
  const whereLine = x12 ? `segment ${first.segmentIndex}` : '';
  let text: string;
  if (first.recorded) text = `${lineText} of claim ${first.claimId} already recorded on ${first.recordedOn}`;
  else if (first.sameClaim) text = `${lineText} of this claim${x12 ? ` (${whereLine})` : ''}`;
  else text = `${lineText} of claim ${first.claimId} ${x12 ? `(transaction ${first.transaction}, ${whereLine})` : 'earlier in this request'}`;
  const fact: FindingFact = x12
    ? { firstClaimId: first.claimId, firstLineNumber: first.lineNumber, firstSegmentIndex: first.segmentIndex, firstRecorded: first.recorded }
    : { firstClaimId: first.claimId, firstLineId: first.lineId, firstRecorded: first.recorded };
  return { text, fact };
}

function duplicate(line: LineWork, code: string, first: Earlier): void {
  const who = line.staff?.name ?? line.input.renderingStaffId ?? line.input.renderingNpi;
  const earlier = describeEarlier(first);
  const session = `${line.service}${code ? ` (${code})` : ''}, ${lowerPair(line.modality, line.contact)}, by ${who} on ${line.dos}`;
  const action = first.recorded
    ? `; it is billed already: remove this line (if this claim corrects ${first.claimId}, send it as a REPLACEMENT of ${first.claimId})`
    : first.sameClaim
      ? '; bill it once: put its minutes on one line'
      : `; bill it once: remove this line or the one on claim ${first.claimId}`;
  error(line, 'DUPLICATE_LINE', `line ${line.input.lineId} repeats ${earlier.text}: the same session for the same recipient, ${session}${action}`, CITATION, RULE_DUPLICATE_LINE, {
    service: line.service,
    staffId: line.staff?.id ?? null,
    dateOfService: line.dos,
    modality: line.modality,
    contact: line.contact,
    code,
    ...earlier.fact,
  }, DUPLICATE_LINE.action);
}

const lowerPair = (modality: Modality, contact: Contact): string => `${modality.toLowerCase()} ${contact.toLowerCase().replace(/_/g, '-')}`;
