/**
 * Experience arithmetic for 140.453(b): "one year", "two years", "five years" of documented experience.
 *
 * The rule, precisely:
 * - Only the periods of the kinds that count for a requirement are used; where the text says "under
 *   supervision" (140.453(b)(4)(B)), only periods with `supervised` (by anyone), and where it says "under
 *   the supervision of a QMHP" ((b)(4)(D)(ii), (b)(5)(A)(ii)), only periods with `supervisedByQmhp`. A
 *   period with `to` null is ongoing. Overlapping or adjacent periods are merged first, so a day counts once.
 * - "One year" is 12 calendar months, "two years" 24, "five years" 60. A day of experience is complete at
 *   its end, so for one continuous period starting S the requirement is met from addMonths(S, N) on: the
 *   period must cover S .. addMonths(S, N) - 1, and the requirement is met on addMonths(S, N) (not the day
 *   before). addMonths clamps to the month end, so a period starting 2024-02-29 completes 12 months on
 *   2025-02-28.
 * - With several disjoint periods, the gap days between merged periods push the finish line back:
 *   the requirement is met on addMonths(firstStart, N) + (sum of gap days between merged periods that
 *   start before that point), provided the periods cover every day up to the day before it. Gap days are
 *   real calendar days, so a gap over 29 February counts that day.
 * - Only days up to and including the date asked can count: the completion date C is computed once from
 *   the facts, and the requirement is met on date D exactly when C <= D (every day C needs lies before C).
 *   A period recorded with a future `to` therefore counts only up to the date asked.
 */
import { addMonths, fromEpochDay, toEpochDay, type DateOnly } from '../dates';
import type { ExperienceFact } from '../facts';
import type { ExperienceKind } from '../vocabulary';

/** Which periods count: any; supervised by anyone; supervised by a QMHP. */
export type SupervisionNeeded = 'NONE' | 'ANY' | 'QMHP';

export interface ExperienceRequirement {
  kinds: readonly ExperienceKind[];
  supervision: SupervisionNeeded;
  months: 12 | 24 | 60;
  /** e.g. "one year of mental health clinical experience supervised by a QMHP" */
  label: string;
}

/** Inclusive day ranges in epoch days; `to` is Infinity while ongoing. Sorted, disjoint, non-adjacent. */
export type DayRange = [from: number, to: number];

export function isMalformedPeriod(e: ExperienceFact): boolean {
  return e.to != null && e.to < e.from;
}

/** Does the period meet the supervision the requirement names? A QMHP's supervision is supervision. */
export function supervisionMet(e: Pick<ExperienceFact, 'supervised' | 'supervisedByQmhp'>, needed: SupervisionNeeded): boolean {
  if (needed === 'NONE') return true;
  if (needed === 'QMHP') return e.supervisedByQmhp;
  return e.supervised || e.supervisedByQmhp;
}

export function mergePeriods(experience: readonly ExperienceFact[], req: Pick<ExperienceRequirement, 'kinds' | 'supervision'>): DayRange[] {
  const ranges: DayRange[] = [];
  for (const e of experience) {
    if (!req.kinds.includes(e.kind)) continue;
    if (!supervisionMet(e, req.supervision)) continue;
    if (isMalformedPeriod(e)) continue;
    ranges.push([toEpochDay(e.from), e.to == null ? Infinity : toEpochDay(e.to)]);
  }
  if (ranges.length < 2) return ranges;
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: DayRange[] = [ranges[0]];
  for (let i = 1; i < ranges.length; i++) {
    const last = merged[merged.length - 1];
    const r = ranges[i];
    if (r[0] <= last[1] + 1) {
      if (r[1] > last[1]) last[1] = r[1];
    } else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The first date on which `months` of experience are complete (see the rule above), or null if the periods never reach it. */
export function completionDate(merged: readonly DayRange[], months: number): DateOnly | null {
  if (merged.length === 0) return null;
  const base = toEpochDay(addMonths(fromEpochDay(merged[0][0]), months));
  let gap = 0;
  for (let i = 0; i < merged.length; i++) {
    if (i > 0) gap += merged[i][0] - merged[i - 1][1] - 1;
    const target = base + gap;
    // the period must cover every day up to target - 1
    if (merged[i][1] >= target - 1) return fromEpochDay(target);
  }
  return null;
}

/** Days of experience on or before `date` (for progress messages). */
export function daysCounted(merged: readonly DayRange[], date: DateOnly): number {
  const d = toEpochDay(date);
  let total = 0;
  for (const [from, to] of merged) {
    if (from > d) break;
    total += Math.min(to, d) - from + 1;
  }
  return total;
}

/** Convenience for one requirement straight from the facts. */
export function experienceCompletes(experience: readonly ExperienceFact[], req: ExperienceRequirement): DateOnly | null {
  return completionDate(mergePeriods(experience, req), req.months);
}

/** The requirements 140.453(b) uses. */
export const REQUIREMENTS = {
  /**
   * (b)(4)(B) registered nurse: "one year of clinical experience, under supervision, in treating problems
   * related to mental illness". Supervision by anyone: the clause does not say "of a QMHP".
   */
  rnSupervisedClinical12: {
    kinds: ['MENTAL_HEALTH_CLINICAL'],
    supervision: 'ANY',
    months: 12,
    label: 'one year of supervised clinical experience treating mental illness',
  },
  /**
   * (b)(4)(D)(ii): "one year of documented clinical experience under the supervision of a QMHP". No
   * "mental health" qualifier: clinical experience in human services counts too.
   */
  qmhpSupervisedClinical12: {
    kinds: ['MENTAL_HEALTH_CLINICAL', 'HUMAN_SERVICES_CLINICAL'],
    supervision: 'QMHP',
    months: 12,
    label: 'one year of clinical experience supervised by a QMHP',
  },
  /** (b)(4)(C) occupational therapist */
  clinical12: { kinds: ['MENTAL_HEALTH_CLINICAL'], supervision: 'NONE', months: 12, label: 'one year of clinical experience in a mental health setting' },
  /** (b)(5)(A)(ii) bachelor's in another field: "clinical experience in a mental health setting under the supervision of a QMHP" */
  supervisedClinical24: {
    kinds: ['MENTAL_HEALTH_CLINICAL'],
    supervision: 'QMHP',
    months: 24,
    label: 'two years of mental health clinical experience supervised by a QMHP',
  },
  /** (b)(5)(A)(ii) psychiatric rehabilitation certificate: providing mental health services (clinical work is providing services too) */
  services24: {
    kinds: ['MENTAL_HEALTH_SERVICES', 'MENTAL_HEALTH_CLINICAL'],
    supervision: 'NONE',
    months: 24,
    label: "two years' experience providing mental health services",
  },
  /** (b)(5)(A)(ii) occupational therapy assistant: experience in a mental health setting */
  mentalHealth12: {
    kinds: ['MENTAL_HEALTH_CLINICAL', 'MENTAL_HEALTH_SERVICES'],
    supervision: 'NONE',
    months: 12,
    label: 'one year of experience in a mental health setting',
  },
  /** (b)(5)(A)(ii) high school diploma or GED */
  clinical60: {
    kinds: ['MENTAL_HEALTH_CLINICAL', 'HUMAN_SERVICES_CLINICAL'],
    supervision: 'NONE',
    months: 60,
    label: 'five years of clinical experience in mental health or human services',
  },
} as const satisfies Record<string, ExperienceRequirement>;

export type RequirementKey = keyof typeof REQUIREMENTS;
export const REQUIREMENT_KEYS = Object.keys(REQUIREMENTS) as RequirementKey[];
