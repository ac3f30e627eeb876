/**
 * The procedure code table (config/procedure-codes.json): HCPCS code + the modifiers that distinguish
 * services on that code → 140.453 service, effective-dated, with the length of a unit.
 *
 * The authoritative mapping is the HFS Community-Based Behavioral Services fee schedule (140.455(b));
 * the shipped file is a DEFAULT (its `notice` says so) that a site replaces with its own, one file.
 *
 * Matching: among the entries for the code in force on the date of service, the one whose required
 * modifiers are all on the line, preferring the most specific (most required modifiers). Every other
 * modifier on the line must be a known modality, contact or informational modifier; anything else
 * (or two equally specific entries) leaves the code unmapped: the line is UNCHECKED, never a pass.
 */
import { isDateOnly, type DateOnly } from '../dates';
import { CONTACTS, MODALITIES, SERVICES, type Contact, type Modality, type Service } from '../vocabulary';
import { ConfigReader, checkNoOverlap, type Json } from './config-reader';

export interface ModifierMeaning {
  modifier: string;
  modality: Modality | null;
  contact: Contact | null;
  /** carries no meaning for the rules (e.g. HA child/adolescent program); accepted and ignored */
  informational: boolean;
}

export interface CodeMapping {
  id: string;
  code: string;
  /** modifiers that select this entry (e.g. T1016 U1 = transition, linkage and aftercare) */
  modifiers: string[];
  /** null only for an encounter code */
  service: Service | null;
  version: number;
  effectiveFrom: DateOnly;
  effectiveTo: DateOnly | null;
  /** minutes per unit; null only for an encounter code */
  unitMinutes: number | null;
  /** what the code itself implies, when no modifier or explicit field says otherwise */
  modality: Modality | null;
  contact: Contact | null;
  /** the behavioral health encounter code of an encounter-rate clinic (140.460(c)) */
  encounter: boolean;
}

export type CodeLookup =
  | {
      ok: true;
      mapping: CodeMapping;
      /** what the line's modifiers say (the entry's own default is mapping.modality); null: they say nothing */
      modality: Modality | null;
      contact: Contact | null;
      /** modifiers that disagree with each other, e.g. "HQ (GROUP) and HR (FAMILY)" */
      modifierConflict: string | null;
    }
  | { ok: false; reason: string };

export class ProcedureCodeTable {
  private readonly byCode = new Map<string, CodeMapping[]>();
  private readonly byModifier = new Map<string, ModifierMeaning>();
  private readonly unitMinutesByService = new Map<Service, CodeMapping[]>();

  constructor(
    readonly notice: string,
    readonly modifiers: readonly ModifierMeaning[],
    readonly codes: readonly CodeMapping[],
  ) {
    for (const m of modifiers) this.byModifier.set(m.modifier, m);
    for (const c of codes) {
      const list = this.byCode.get(c.code);
      if (list) list.push(c);
      else this.byCode.set(c.code, [c]);
      if (c.service) {
        const s = this.unitMinutesByService.get(c.service);
        if (s) s.push(c);
        else this.unitMinutesByService.set(c.service, [c]);
      }
    }
    const order = (a: CodeMapping, b: CodeMapping) =>
      a.modifiers.length - b.modifiers.length || (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0);
    for (const list of this.byCode.values()) list.sort(order);
    for (const list of this.unitMinutesByService.values()) list.sort(order);
  }

  /** Maps a code and modifiers on a date of service. Codes and modifiers are matched upper-case. */
  lookup(procedureCode: string, lineModifiers: readonly string[] | undefined, date: DateOnly): CodeLookup {
    const code = procedureCode.trim().toUpperCase();
    const entries = this.byCode.get(code);
    if (!entries) return { ok: false, reason: `procedure code ${code} is not in the procedure code table` };
    const mods = normaliseModifiers(lineModifiers);

    let best: CodeMapping | null = null;
    let tie: CodeMapping | null = null;
    let anyInForce = false;
    for (const e of entries) {
      if (e.effectiveFrom > date || (e.effectiveTo !== null && e.effectiveTo < date)) continue;
      anyInForce = true;
      if (!containsAll(mods, e.modifiers)) continue;
      if (best === null || e.modifiers.length > best.modifiers.length) {
        best = e;
        tie = null;
      } else if (e.modifiers.length === best.modifiers.length) tie = e;
    }
    if (!anyInForce) return { ok: false, reason: `procedure code ${code} has no mapping in force on ${date}` };
    if (best === null) {
      const modText = mods.length ? ` with modifiers ${mods.join(', ')}` : ' without modifiers';
      return { ok: false, reason: `procedure code ${code}${modText} matches no entry of the procedure code table in force on ${date}` };
    }
    if (tie !== null) return { ok: false, reason: `procedure code ${code}${mods.length ? ` with modifiers ${mods.join(', ')}` : ''} is ambiguous: both ${best.id} (${best.service}) and ${tie.id} (${tie.service}) match` };
    if (mods.length === best.modifiers.length) return this.plain(best); // no modifier beyond those selecting the entry

    let modality: Modality | null = null;
    let contact: Contact | null = null;
    let modalityFrom = '';
    let contactFrom = '';
    let modifierConflict: string | null = null;
    for (const m of mods) {
      if (best.modifiers.includes(m)) continue;
      const meaning = this.byModifier.get(m);
      if (!meaning) return { ok: false, reason: `modifier ${m} is not in the procedure code table for ${code} (not a modality, contact or informational modifier, and not one that selects an entry of ${code})` };
      if (meaning.modality) {
        if (modality && modality !== meaning.modality) modifierConflict = `modifiers ${modalityFrom} (${modality}) and ${m} (${meaning.modality}) disagree on the modality`;
        else {
          modality = meaning.modality;
          modalityFrom = m;
        }
      }
      if (meaning.contact) {
        if (contact && contact !== meaning.contact) modifierConflict = `modifiers ${contactFrom} (${contact}) and ${m} (${meaning.contact}) disagree on the contact`;
        else {
          contact = meaning.contact;
          contactFrom = m;
        }
      }
    }
    return { ok: true, mapping: best, modality, contact, modifierConflict };
  }

  private readonly plainResults = new Map<CodeMapping, CodeLookup>();

  /** The (immutable, shared) answer for an entry matched with no further modifier. */
  private plain(mapping: CodeMapping): CodeLookup {
    let r = this.plainResults.get(mapping);
    if (r === undefined) {
      r = Object.freeze({ ok: true as const, mapping, modality: null, contact: null, modifierConflict: null });
      this.plainResults.set(mapping, r);
    }
    return r;
  }

  /**
   * The unit length of a line that names only a service: that of the service's entry in force on the
   * date with the fewest modifiers. undefined when the table has none.
   */
  unitMinutesFor(service: Service, date: DateOnly): number | undefined {
    const list = this.unitMinutesByService.get(service);
    if (!list) return undefined;
    for (const e of list) if (e.unitMinutes !== null && e.effectiveFrom <= date && (e.effectiveTo === null || date <= e.effectiveTo)) return e.unitMinutes;
    return undefined;
  }

  /** The meaning of a modifier for modality/contact, regardless of code (undefined: not in the table). */
  modifier(modifier: string): ModifierMeaning | undefined {
    return this.byModifier.get(modifier.trim().toUpperCase());
  }
}

const EMPTY: string[] = [];

function containsAll(haystack: readonly string[], needles: readonly string[]): boolean {
  for (const n of needles) if (!haystack.includes(n)) return false;
  return true;
}

/** Modifiers as matched: trimmed, upper case, empty ones dropped (the array itself when already so). */
export function normaliseModifiers(mods: readonly string[] | undefined): readonly string[] {
  if (!mods || mods.length === 0) return EMPTY;
  let clean = true;
  for (const m of mods) if (m !== m.trim().toUpperCase() || m === '') clean = false;
  return clean ? (mods as string[]) : mods.map((m) => m.trim().toUpperCase()).filter((m) => m !== '');
}

const CODE_RE = /^[A-Z0-9]{5}$/;
const MODIFIER_RE = /^[A-Z0-9]{2}$/;

/**
 * Validates a parsed procedure-codes.json and builds the table. Throws a ConfigError listing every
 * problem (unknown service, overlapping versions of one code + modifiers, missing notice...).
 */
export function parseProcedureCodeTable(json: Json, source = 'config/procedure-codes.json'): ProcedureCodeTable {
  const r = new ConfigReader(source);
  const root = r.object(json, '$', ['schemaVersion', 'notice', 'modifiers', 'codes']);
  if (!root) r.finish();
  const doc = root as Record<string, Json>;
  if (doc.schemaVersion !== 1) r.problem('$.schemaVersion', `must be 1, got ${JSON.stringify(doc.schemaVersion)}`);
  const notice = r.string(doc.notice, '$.notice') ?? '';

  const modifiers: ModifierMeaning[] = [];
  r.array(doc.modifiers, '$.modifiers').forEach((item, i) => {
    const path = `$.modifiers[${i}]`;
    const o = r.object(item, path, ['modifier'], ['modality', 'contact', 'informational']);
    if (!o) return;
    const modifier = r.string(o.modifier, `${path}.modifier`, { pattern: MODIFIER_RE, patternText: 'two upper-case letters or digits' });
    const modality = o.modality === undefined ? null : r.oneOf(o.modality, `${path}.modality`, MODALITIES, 'modality');
    const contact = o.contact === undefined ? null : r.oneOf(o.contact, `${path}.contact`, CONTACTS, 'contact');
    const informational = o.informational === undefined ? false : r.boolean(o.informational, `${path}.informational`);
    const meanings = (o.modality !== undefined ? 1 : 0) + (o.contact !== undefined ? 1 : 0) + (o.informational !== undefined ? 1 : 0);
    if (meanings !== 1) r.problem(path, 'give exactly one of modality, contact or informational: true');
    if (o.informational === false) r.problem(`${path}.informational`, 'must be true when given');
    if (modifier && modifiers.some((m) => m.modifier === modifier)) r.problem(`${path}.modifier`, `${modifier} is listed twice`);
    if (modifier) modifiers.push({ modifier, modality, contact, informational });
  });

  const codes: CodeMapping[] = [];
  const ids = new Set<string>();
  r.array(doc.codes, '$.codes', { nonEmpty: true }).forEach((item, i) => {
    const path = `$.codes[${i}]`;
    const o = r.object(item, path, ['id', 'code', 'modifiers', 'service', 'version', 'effectiveFrom', 'effectiveTo', 'unitMinutes'], ['modality', 'contact', 'encounter']);
    if (!o) return;
    const before = r.problems.length;
    const encounter = o.encounter === undefined ? false : r.boolean(o.encounter, `${path}.encounter`);
    const entryMods: string[] = [];
    r.array(o.modifiers, `${path}.modifiers`).forEach((m, j) => {
      const s = r.string(m, `${path}.modifiers[${j}]`, { pattern: MODIFIER_RE, patternText: 'two upper-case letters or digits' });
      if (s && entryMods.includes(s)) r.problem(`${path}.modifiers[${j}]`, `${s} is listed twice`);
      else if (s) entryMods.push(s);
    });
    const entry: CodeMapping = {
      id: r.string(o.id, `${path}.id`) ?? '',
      code: r.string(o.code, `${path}.code`, { pattern: CODE_RE, patternText: 'a five-character HCPCS/CPT code in upper case' }) ?? '',
      modifiers: entryMods.sort(),
      service: encounter && o.service === null ? null : r.oneOf(o.service, `${path}.service`, SERVICES, 'service'),
      version: r.integer(o.version, `${path}.version`, 1) ?? 0,
      effectiveFrom: r.date(o.effectiveFrom, `${path}.effectiveFrom`) ?? '',
      effectiveTo: r.dateOrNull(o.effectiveTo, `${path}.effectiveTo`),
      unitMinutes: encounter && o.unitMinutes === null ? null : r.integer(o.unitMinutes, `${path}.unitMinutes`, 1, 24 * 60),
      modality: o.modality === undefined || o.modality === null ? null : r.oneOf(o.modality, `${path}.modality`, MODALITIES, 'modality'),
      contact: o.contact === undefined || o.contact === null ? null : r.oneOf(o.contact, `${path}.contact`, CONTACTS, 'contact'),
      encounter,
    };
    if (encounter && entry.service !== null) r.problem(`${path}.service`, 'an encounter code names no service: give null and list the services as their own lines');
    if (entry.id && ids.has(entry.id)) r.problem(`${path}.id`, `${entry.id} is used twice`);
    if (entry.id) ids.add(entry.id);
    if (isDateOnly(entry.effectiveFrom) && entry.effectiveTo && entry.effectiveTo < entry.effectiveFrom) r.problem(`${path}.effectiveTo`, `${entry.effectiveTo} is before effectiveFrom ${entry.effectiveFrom}`);
    if (r.problems.length === before) codes.push(entry);
  });

  // A selecting modifier that also means a modality/contact is fine; an overlap of versions is not.
  const groups = new Map<string, CodeMapping[]>();
  for (const c of codes) {
    const key = [c.code, ...c.modifiers].join(' ');
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  checkNoOverlap(r, groups, (k) => `$.codes (${k})`);
  r.finish();
  return new ProcedureCodeTable(notice, modifiers, codes);
}
