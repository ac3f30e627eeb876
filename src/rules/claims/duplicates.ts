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

const SERVICE_INDEX = new Map<string, number>(SERVICES.map((s, i) => [s, i]));
const MODALITY_INDEX = new Map<string, number>(MODALITIES.map((m, i) => [m, i]));
const CONTACT_INDEX = new Map<string, number>(CONTACTS.map((c, i) => [c, i]));

/** Service, modality and contact in one small integer (no string per line). */
function kindOf(service: Service, modality: Modality, contact: Contact): number {
  return ((SERVICE_INDEX.get(service) as number) * MODALITIES.length + (MODALITY_INDEX.get(modality) as number)) * CONTACTS.length + (CONTACT_INDEX.get(contact) as number);
}

/**
 * A string the index may keep without keeping alive the text it was cut from: V8 represents a slice of
 * 13 characters or more as a view of its parent, and a claim ID read from an X12 file is a slice of a
 * 64 KB chunk. Concatenating then slicing makes a flat copy.
 */
const ownCopy = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

/** A claim of the request or file, as its lines' entries refer to it. */
interface SeenClaim {
  providerId: string | null;
  claimId: string;
  /** the generation of its provider's claimId when it was read (a later REPLACEMENT or VOID retires it) */
  generation: number;
  /** X12: where it is in the file */
  segmentIndex: number;
  transaction: string;
}

interface SeenLine {
  claim: SeenClaim;
  lineId: string;
  staff: string;
  kind: number;
  code: string;
}

/**
 * The sessions billed so far in one request or file, by recipient and date of service, and the claim
 * IDs seen. Kept by the caller across the batches of a file (validateClaims adds each batch's lines).
 * Memory: one small entry per distinct session and one per claim.
 */
export class BilledLines {
  private readonly byRecipient = new Map<string, Map<DateOnly, SeenLine[]>>();
  /** provider|claimId → how many REPLACEMENTs and VOIDs of it were read (absent: none) */
  private readonly generations = new Map<string, number>();
  private readonly claimIds = new Map<string, Set<string>>();

  /**
   * Registers a claim before its lines are checked. Returns whether its provider's claimId was already
   * read as another claim of the request (a REPLACEMENT or VOID is expected to follow its original).
   */
  openClaim(claim: ClaimWork): boolean {
    const providerId = claim.provider?.id ?? null;
    const input = claim.input as ClaimInput | undefined;
    const changes = input?.frequency === 'REPLACEMENT' || input?.frequency === 'VOID';
    let repeated = false;
    let generation = 0;
    if (providerId !== null && claim.claimId !== '') {
      let ids = this.claimIds.get(providerId);
      if (ids === undefined) this.claimIds.set(providerId, (ids = new Set()));
      const claimId = ownCopy(claim.claimId);
      repeated = ids.has(claimId);
      ids.add(claimId);
      const key = `${providerId}|${claimId}`;
      generation = (this.generations.get(key) ?? 0) + (changes ? 1 : 0);
      if (changes) this.generations.set(key, generation);
    }
    const location = input?.location;
    claim.seen = { providerId, claimId: ownCopy(claim.claimId), generation, segmentIndex: location?.segmentIndex ?? 0, transaction: location?.transactionControlNumber ?? '' };
    return repeated;
  }

  /** Was this provider's claimId replaced or voided earlier in the request (its recorded lines no longer count)? */
  changed(providerId: string, claimId: string): boolean {
    return this.generations.size > 0 && this.generations.has(`${providerId}|${claimId}`);
  }

  /** The entry of an earlier line of the same session, if any; else the line is indexed. */
  findOrAdd(recipient: string, dos: DateOnly, claim: SeenClaim, lineId: string, staff: string, kind: number, code: string): SeenLine | undefined {
    let byDate = this.byRecipient.get(recipient);
    if (byDate === undefined) this.byRecipient.set(recipient, (byDate = new Map()));
    let lines = byDate.get(dos);
    if (lines === undefined) byDate.set(dos, (lines = []));
    for (let i = 0; i < lines.length; i++) {
      const e = lines[i];
      if (e.staff !== staff || e.kind !== kind || e.code !== code) continue;
      if (e.claim !== claim && !this.comparable(e.claim, claim)) continue;
      return e;
    }
    lines.push({ claim, lineId: ownCopy(lineId), staff, kind, code });
    return undefined;
  }

  /** Lines of another claim count unless it is the same provider's claimId (sent again, or replaced) or was retired since. */
  private comparable(earlier: SeenClaim, current: SeenClaim): boolean {
    if (earlier.providerId === null) return true;
    if (earlier.providerId === current.providerId && earlier.claimId === current.claimId) return false;
    return this.generations.size === 0 || (this.generations.get(`${earlier.providerId}|${earlier.claimId}`) ?? 0) === earlier.generation;
  }
}

export type { SeenClaim };

/**
 * Checks one line at intake (after its staff, service, modality and contact are resolved) and indexes
 * it. Lines that are not well formed, encounter lines and VOID claims are not compared.
 */
export function checkDuplicate(line: LineWork, env: Env): void {
  const claim = line.claim;
  const seen = claim.seen;
  const billed = env.billed;
  if (seen === null || billed === null || line.service === null) return;
  const input = line.input;
  const staff = line.staff ? line.staff.id : `?${input.renderingStaffId ?? ''}|${input.renderingNpi ?? ''}`;
  const code = sessionCode(input.procedureCode, input.modifiers);
  const recipient = claim.recipient;

  if (recipient && line.staff) {
    const recorded = env.ctx.recordedLines(recipient.id, line.dos);
    for (let i = 0; i < recorded.length; i++) {
      const r = recorded[i];
      if (r.staffId !== line.staff.id || r.service !== line.service || r.modality !== line.modality || r.contact !== line.contact || r.code !== code) continue;
      if ((r.providerId === seen.providerId && r.claimId === seen.claimId) || billed.changed(r.providerId, r.claimId)) continue;
      return duplicate(line, code, { claimId: r.claimId, lineId: r.lineId, where: `already recorded on ${r.recordedOn}`, recorded: true });
    }
  }

  const raw = claim.input as Partial<ClaimInput>;
  const recipientKey = recipient ? recipient.id : `?${raw.recipientId ?? ''}|${raw.medicaidId ?? ''}`;
  const lineId = typeof input.lineId === 'string' ? input.lineId : String(input.lineId);
  const first = billed.findOrAdd(recipientKey, line.dos, seen, lineId, staff, kindOf(line.service, line.modality, line.contact), code);
  if (first !== undefined) {
    const where = first.claim === seen ? 'on this claim' : first.claim.segmentIndex > 0 ? `(transaction ${first.claim.transaction}, segment ${first.claim.segmentIndex})` : 'earlier in this request';
    duplicate(line, code, { claimId: first.claim.claimId, lineId: first.lineId, where, recorded: false, sameClaim: first.claim === seen });
    return;
  }
  if (env.onSession && recipient && line.staff) {
    env.onSession(claim.input, line.index, {
      lineId,
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
