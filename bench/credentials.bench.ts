/**
 * Credential engine benchmark: 10,000 varied synthetic staff across 50 providers, each evaluated once
 * (tiers, basis, supervision, medication, designations, validUntil, missingForNextTier), then one roster
 * pass. Run: npx ts-node --transpile-only bench/credentials.bench.ts [count]
 */
import { evaluateCredential, rosterExpirations } from '../src/rules/credentials';
import { addDays, addMonths, type DateOnly } from '../src/rules/dates';
import type { StaffFacts } from '../src/rules/facts';
import { CERTIFICATION_KINDS, DEGREE_FIELDS, EXPERIENCE_KINDS, LICENSE_KINDS, TRAINING_KINDS } from '../src/rules/vocabulary';
import { mulberry32 } from './support/prng';

const COUNT = Number(process.argv[2] ?? 10_000);
const PROVIDERS = 50;
const AS_OF: DateOnly = '2026-03-01';

const rand = mulberry32(0x5eed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;
const dayIn = (from: DateOnly, spanDays: number) => addDays(from, Math.floor(rand() * spanDays));

function synthStaff(i: number): StaffFacts {
  const providerId = `prov-${i % PROVIDERS}`;
  const hireDate = dayIn('2008-01-01', 6500);
  const licenses = Array.from({ length: Math.floor(rand() * 3) }, () => {
    const issuedOn = dayIn('2012-01-01', 4000);
    return {
      kind: pick(LICENSE_KINDS),
      specialty: chance(0.4) ? ('PSYCHIATRY' as const) : null,
      state: 'IL',
      number: chance(0.02) ? '42CFR484.4' : String(100000 + i),
      issuedOn,
      expiresOn: chance(0.05) ? null : addMonths(issuedOn, 24 + Math.floor(rand() * 48)),
    };
  });
  const degrees = Array.from({ length: Math.floor(rand() * 3) }, () => ({
    level: pick(['BACHELOR', 'MASTER', 'DOCTORATE'] as const),
    field: pick(DEGREE_FIELDS),
    conferredOn: chance(0.5) ? dayIn('2000-01-01', 9000) : undefined,
  }));
  const experience = Array.from({ length: Math.floor(rand() * 5) }, () => {
    const from = dayIn('2010-01-01', 5800);
    const kind = pick(EXPERIENCE_KINDS);
    const to = chance(0.3) ? null : dayIn(from, 1500);
    const byQmhp = chance(0.6);
    return { kind, from, to, supervised: byQmhp, supervisedByQmhp: byQmhp };
  });
  const certifications = Array.from({ length: chance(0.3) ? 1 + Math.floor(rand() * 2) : 0 }, () => {
    const issuedOn = dayIn('2018-01-01', 3000);
    return { kind: pick(CERTIFICATION_KINDS), issuedOn, expiresOn: chance(0.1) ? null : addMonths(issuedOn, 24) };
  });
  return {
    id: `staff-${i}`,
    providerId,
    name: `Staff ${i}`,
    npi: null,
    birthDate: chance(0.9) ? dayIn('1960-01-01', 17000) : null,
    hireDate,
    endDate: chance(0.15) ? dayIn(hireDate, 3000) : null,
    licenses,
    degrees,
    highSchoolOrGed: chance(0.9),
    experience,
    trainings: Array.from({ length: Math.floor(rand() * 2) }, () => ({ kind: pick(TRAINING_KINDS), completedOn: dayIn('2012-01-01', 5000) })),
    practicumHours: chance(0.3) ? Math.floor(rand() * 2000) : null,
    certifications,
    // a supervisor among the first 500 of the same provider (or, rarely, of another)
    supervisorStaffId: chance(0.7) ? `staff-${(chance(0.95) ? i % PROVIDERS : (i + 1) % PROVIDERS) + PROVIDERS * Math.floor(rand() * 10)}` : null,
    mhpDesignatedBefore2011: chance(0.05),
    rsaAbilitiesAttestedOn: chance(0.5) ? dayIn('2015-01-01', 4000) : null,
    prescriberDesignations: chance(0.2)
      ? [{ designatedByStaffId: `staff-${Math.floor(rand() * COUNT)}`, designatedOn: dayIn('2020-01-01', 2500), services: ['MEDICATION_MONITORING'], endsOn: chance(0.3) ? '2026-12-31' : null }]
      : [],
    livedExperience: chance(0.05),
    backgroundChecks: [],
  };
}

const staff = Array.from({ length: COUNT }, (_, i) => synthStaff(i));
const byId = new Map(staff.map((s) => [s.id, s]));
const ctx = { staffById: (id: string) => byId.get(id) };

// a short warm-up (JIT), not timed; the timed pass below is the first over all 10,000
for (let i = 0; i < 200; i++) evaluateCredential(staff[i], AS_OF, ctx);

const t0 = process.hrtime.bigint();
const tally: Record<string, number> = {};
let withValidUntil = 0;
for (const s of staff) {
  const r = evaluateCredential(s, AS_OF, ctx);
  tally[r.tier ?? 'none'] = (tally[r.tier ?? 'none'] ?? 0) + 1;
  if (r.validUntil) withValidUntil++;
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;

// the same again, now that the JIT has settled
const tw = process.hrtime.bigint();
for (const s of staff) evaluateCredential(s, '2026-09-15', ctx);
const warmMs = Number(process.hrtime.bigint() - tw) / 1e6;

const t1 = process.hrtime.bigint();
const roster = rosterExpirations(staff, AS_OF, 90, ctx);
const rosterMs = Number(process.hrtime.bigint() - t1) / 1e6;
const expiring = roster.reduce((n, e) => n + e.expiring.length, 0);

const rate = Math.round((COUNT / ms) * 1000).toLocaleString('en-US');
console.log(`credentials: ${COUNT} staff in ${Math.round(ms)} ms (${rate} staff/s)`);
console.log(`  tiers: ${JSON.stringify(tally)}; with a validUntil: ${withValidUntil}`);
console.log(`  second pass (warm, another date): ${Math.round(warmMs)} ms`);
console.log(`  roster (90 days): ${COUNT} staff in ${Math.round(rosterMs)} ms, ${expiring} credentials expiring`);
