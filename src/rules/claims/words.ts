/** The few words the messages, checks and actions share. */
import type { ProviderType, Tier } from '../vocabulary';

/** The regulation's own order, lowest tier first: "an RSA, MHP, QMHP or LPHA". */
const TIER_ORDER: Tier[] = ['RSA', 'MHP', 'QMHP', 'LPHA'];
const TIER_ARTICLE: Record<Tier, string> = { RSA: 'an', MHP: 'an', QMHP: 'a', LPHA: 'an' };

export function tierList(tiers: readonly Tier[]): string {
  const ordered = TIER_ORDER.filter((t) => tiers.includes(t));
  if (ordered.length === 0) return 'no tier';
  return `${TIER_ARTICLE[ordered[0]]} ${orList(ordered)}`;
}

export function tierHeld(tier: Tier | null): string {
  return tier ?? 'no tier of 140.453(b)';
}

const PROVIDER_TYPE_NAMES: Record<ProviderType, string> = {
  CMHC: 'a Community Mental Health Center',
  BHC: 'a Behavioral Health Clinic',
  IP: 'an Independent Practitioner',
};

export function providerTypeName(type: ProviderType): string {
  return PROVIDER_TYPE_NAMES[type];
}

export function providerTypeList(types: readonly ProviderType[]): string {
  return orList(types.map(providerTypeName));
}

export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function lower(value: string): string {
  return value.toLowerCase().replace(/_/g, '-');
}

/** 14400 → "14,400" (no locale dependence). */
export function thousands(n: number): string {
  const s = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** 14400 → "240:00" (hours:minutes). */
export function hoursMinutes(minutes: number): string {
  const h = Math.trunc(minutes / 60);
  const m = Math.abs(minutes % 60);
  return `${h}:${m < 10 ? '0' : ''}${m}`;
}
