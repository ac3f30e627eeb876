/**
 * The transition and deadline tables themselves: complete, with stable unique IDs, citations and
 * non-overlapping versions; the period arithmetic; and version selection by date.
 */
import { illinoisHolidayRules } from '../../../src/rules/calendar';
import {
  COMMON_GUARDS,
  DEADLINE_KINDS,
  DEADLINE_PARTIES,
  DEADLINE_TABLE,
  deadlineRuleFor,
  dueOn,
  PROGRAM_APPROVAL_EVENT_TYPES,
  RECORDING_GUARDS,
  transitionFor,
  TRANSITIONS,
  type DeadlineRule,
} from '../../../src/rules/program-approval';

const calendar = illinoisHolidayRules();
const EVENTS: readonly string[] = PROGRAM_APPROVAL_EVENT_TYPES;
const CITATION = /^140\.TABLE N(\([a-z0-9A-Z]+\))*$/;

function noOverlap<T extends { effectiveFrom: string; effectiveTo: string | null }>(versions: T[]): boolean {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return sorted.every((v, i) => i === 0 || (sorted[i - 1].effectiveTo !== null && sorted[i - 1].effectiveTo! < v.effectiveFrom));
}

describe('the deadline table', () => {
  it('has one record in force for every deadline kind, with a unique id, a citation, a party and known events', () => {
    expect(new Set(DEADLINE_TABLE.map((r) => r.id)).size).toBe(DEADLINE_TABLE.length);
    for (const kind of DEADLINE_KINDS) {
      const versions = DEADLINE_TABLE.filter((r) => r.kind === kind);
      expect(versions.length).toBeGreaterThan(0);
      expect(noOverlap(versions)).toBe(true);
    }
    for (const r of DEADLINE_TABLE) {
      expect(r.id).toBe(`TN-DL-${r.kind}-v${r.version}`);
      expect(r.citation).toMatch(CITATION);
      expect(DEADLINE_PARTIES).toContain(r.party);
      expect(r.runsFrom.length).toBeGreaterThan(0);
      for (const o of r.runsFrom) expect(EVENTS).toContain(o.event);
      for (const c of r.closedBy) expect([...EVENTS, 'ACTION_TOOK_EFFECT']).toContain(c.event);
      // a new application ends every deadline of the old one
      expect(r.closedBy.map((c) => c.event)).toContain('INTENT_SUBMITTED');
      expect(r.period.amount).toBeGreaterThan(0);
    }
  });

  it('counts a period after, before, as a span, upon its close, and in business days', () => {
    expect(dueOn({ amount: 90, unit: 'CALENDAR_DAYS', counted: 'AFTER' }, '2026-01-20', calendar)).toBe('2026-04-20');
    expect(dueOn({ amount: 10, unit: 'CALENDAR_DAYS', counted: 'BEFORE' }, '2026-02-13', calendar)).toBe('2026-02-03');
    expect(dueOn({ amount: 12, unit: 'MONTHS', counted: 'SPAN' }, '2028-02-29', calendar)).toBe('2029-02-28');
    expect(dueOn({ amount: 30, unit: 'CALENDAR_DAYS', counted: 'UPON_CLOSE' }, '2027-01-29', calendar)).toBe('2027-03-01');
    // Friday 2026-02-13 + 10 business days, Presidents' Day skipped
    expect(dueOn({ amount: 10, unit: 'BUSINESS_DAYS', counted: 'AFTER' }, '2026-02-13', calendar)).toBe('2026-03-02');
    expect(() => dueOn({ amount: 12, unit: 'MONTHS', counted: 'AFTER' }, '2026-01-01', calendar)).toThrow(/span/);
  });

  it('a changed period is a new version: the record in force on the day the period starts running applies', () => {
    const v1 = deadlineRuleFor('REMEDY_PERIOD_ENDS', '2026-01-01');
    const table: DeadlineRule[] = [
      ...DEADLINE_TABLE.filter((r) => r.kind !== 'REMEDY_PERIOD_ENDS'),
      { ...v1, effectiveTo: '2027-06-30' },
      { ...v1, id: 'TN-DL-REMEDY_PERIOD_ENDS-v2', version: 2, effectiveFrom: '2027-07-01', effectiveTo: null, period: { ...v1.period, amount: 45 } },
    ];
    expect(deadlineRuleFor('REMEDY_PERIOD_ENDS', '2027-06-30', table).period.amount).toBe(30);
    expect(deadlineRuleFor('REMEDY_PERIOD_ENDS', '2027-07-01', table).id).toBe('TN-DL-REMEDY_PERIOD_ENDS-v2');
    // before the first version: the first version
    expect(deadlineRuleFor('REMEDY_PERIOD_ENDS', '2010-01-01', table).version).toBe(1);
  });
});

describe('the transition table', () => {
  it('has one transition in force for every event, each guard with a unique id and a Table N citation', () => {
    for (const type of PROGRAM_APPROVAL_EVENT_TYPES) {
      const versions = TRANSITIONS.filter((x) => x.event === type);
      expect(versions.length).toBeGreaterThan(0);
      expect(noOverlap(versions)).toBe(true);
      expect(transitionFor(type, '2026-06-01').event).toBe(type);
    }
    const guards = [...COMMON_GUARDS, ...RECORDING_GUARDS, ...TRANSITIONS.flatMap((x) => x.guards)];
    expect(new Set(guards.map((g) => g.id)).size).toBe(guards.length);
    for (const g of guards) {
      expect(g.id).toMatch(/^TN-G-[A-Z0-9-]+$/);
      expect(g.citation).toMatch(CITATION);
    }
  });
});
