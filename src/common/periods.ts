/** Checks on lists of dated periods shared by the registry services. */
import type { FieldError } from './domain-error';

export interface Period {
  from: string;
  to: string | null;
}

/** `to` after `from`, and no two periods overlap (an open period must be the last). */
export function periodErrors(periods: Period[], pathPrefix: string): FieldError[] {
  const errors: FieldError[] = [];
  periods.forEach((p, i) => {
    if (p.to !== null && p.to <= p.from) errors.push({ path: `${pathPrefix}/${i}/to`, message: `to (${p.to}) must be after from (${p.from})` });
  });
  const order = periods.map((p, i) => ({ p, i })).sort((a, b) => (a.p.from < b.p.from ? -1 : a.p.from > b.p.from ? 1 : 0));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (prev.p.to === null || cur.p.from <= prev.p.to) {
      errors.push({ path: `${pathPrefix}/${cur.i}/from`, message: `overlaps period ${prev.i} (${prev.p.from} to ${prev.p.to ?? 'open'})` });
    }
  }
  return errors;
}
