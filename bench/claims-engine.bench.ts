/**
 * Claim engine benchmark: validateClaims over synthetic claims (200,000 lines by default, 4 lines a
 * claim) from 50 providers, 2,000 staff and 20,000 recipients over a two-week billing period (about
 * seven services per clinician per day), with the shipped catalogue and code table, fake credential
 * and Table N engines and an in-memory cap ledger. Times the engine only (the batch and the context
 * are built first). Goal: 100,000 lines/s on one core.
 *
 * Then the same runs against a recorded history for the duplicate check (ClaimCheckContext
 * recordedLines), as the loader reads it for a batch (the recorded lines of the batch's recipients on
 * the batch's dates): for 10% of the batch's lines another session recorded that day (another person),
 * for 2% the same session recorded on another claim (which then fails DUPLICATE_LINE), to show what
 * comparing with the history costs.
 * Then the same batch with explanations on (every line's checks, `?explain=true`), against the first
 * figure: explanations cost only when asked for (the goal: no slowdown beyond 5% with them off, measured
 * against the engine before they existed; see the README).
 * Last, the same batch as a check session runs it: each staff rule's error named with who on the
 * provider's roster could have rendered the line (StaffErrorNames, the rosters already loaded), against
 * the first figure.
 * Run: npx ts-node --transpile-only bench/claims-engine.bench.ts [lines]
 */
import { sessionCode, StaffErrorNames, validateClaims, type RecordedLine } from '../src/rules/claims';
import type { StaffFacts } from '../src/rules/facts';
import { baselineWorld, contextFor, provider, recipient, shippedConfig, staff, type FakeWorld } from '../src/rules/claims/testing';
import { addDays, type DateOnly } from '../src/rules/dates';
import type { ClaimInput, ClaimLineInput } from '../src/rules/facts';
import { SERVICES, type Tier } from '../src/rules/vocabulary';
import { mulberry32 } from './support/prng';

const LINES = Number(process.argv[2] ?? 200_000);
const LINES_PER_CLAIM = 4;
const PROVIDERS = 50;
const STAFF = 2_000;
const RECIPIENTS = 20_000;
const FIRST_DOS: DateOnly = '2026-09-01';
const PERIOD_DAYS = 14;

const rand = mulberry32(0xc1a1);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

// Codes weighted toward the common services; a few unmapped or odd lines.
const CODES: [string, string[]][] = [
  ['H0004', []],
  ['H0004', []],
  ['H0004', ['HQ']],
  ['H0004', ['GT']],
  ['H2015', []],
  ['H2015', []],
  ['H2015', ['HQ']],
  ['T1016', []],
  ['T1016', []],
  ['T1016', ['U1']],
  ['T1017', []],
  ['H2011', []],
  ['H0031', []],
  ['H0032', []],
  ['H2010', []],
  ['H0034', []],
  ['H2017', []],
  ['S9480', []],
  ['H2016', []],
  ['H0039', []],
];
const TIER_MIX: (Tier | null)[] = ['LPHA', 'LPHA', 'QMHP', 'QMHP', 'QMHP', 'QMHP', 'MHP', 'MHP', 'RSA'];

function buildWorld() {
  const w = baselineWorld();
  w.providers = Array.from({ length: PROVIDERS }, (_, i) => provider({ id: `p${i}`, name: `Provider ${i}`, npi: `1${String(i).padStart(9, '0')}`, type: i % 10 === 9 ? 'BHC' : 'CMHC' }));
  w.staff = Array.from({ length: STAFF }, (_, i) => staff({ id: `s${i}`, name: `Staff ${i}`, npi: `2${String(i).padStart(9, '0')}`, providerId: `p${i % PROVIDERS}`, hireDate: '2015-01-01' }));
  w.tierOf = {};
  // s0..s49 are the providers' clinical directors (LPHA, prescribers) who approve assessments and
  // plans and designate the others for medication monitoring and training.
  w.staff.forEach((s, i) => {
    w.tierOf[s.id] = i < PROVIDERS ? 'LPHA' : pick(TIER_MIX);
    if (i < PROVIDERS) s.licenses = [{ kind: 'PHYSICIAN', specialty: 'PSYCHIATRY', state: 'IL', number: `036-${i}`, issuedOn: '2010-01-01', expiresOn: '2029-07-31' }];
    else if (rand() < 0.9) s.prescriberDesignations = [{ designatedByStaffId: `s${i % PROVIDERS}`, designatedOn: '2025-01-01', services: ['MEDICATION_MONITORING', 'MEDICATION_TRAINING'], endsOn: null }];
  });
  w.approvals = new Set(w.providers.flatMap((p, i) => (i % 10 === 0 ? [] : [`${p.id}|IO`, `${p.id}|PSR`, `${p.id}|CST`])));
  w.recipients = Array.from({ length: RECIPIENTS }, (_, i) => {
    const pid = `p${i % PROVIDERS}`;
    const director = `s${i % PROVIDERS}`;
    // drawn in the order the PRNG has always been read: the assessment's date, then the plan's
    const completedOn = addDays('2025-10-01', int(300));
    const approvedOn = addDays('2026-03-01', int(150));
    return recipient({
      id: `r${i}`,
      medicaidId: `M${i}`,
      birthDate: i % 7 === 0 ? '2010-03-01' : '1985-06-15',
      assessments: [{ id: `a${i}`, providerId: pid, completedOn, approvedByStaffId: director, diagnoses: ['F33.1'], ruleOut: i % 20 === 0, definitiveOn: null }],
      // signed by the client on the day of approval, but one plan in 50 still unsigned (140.453(d)(1)(B)(iv))
      treatmentPlans: [{ id: `t${i}`, providerId: pid, approvedOn, approvedByStaffId: director, clientSignedOn: i % 50 === 0 ? null : approvedOn, services: SERVICES.filter(() => rand() < 0.97) }],
    });
  });
  for (let i = 0; i < RECIPIENTS; i += 10) w.ledger.push({ recipientId: `r${i}`, sfy: 'SFY2027', category: 'TCM', minutes: 12_000 + int(2_000), claim: { providerId: `p${i % PROVIDERS}`, claimId: `old-${i}` } });
  return w;
}

function buildBatch(): ClaimInput[] {
  const claims: ClaimInput[] = [];
  for (let c = 0; c * LINES_PER_CLAIM < LINES; c++) {
    const r = int(RECIPIENTS);
    const p = r % PROVIDERS;
    const lines: ClaimLineInput[] = [];
    const unmapped = c % 100 === 0; // 1% of claims carry an unknown code
    const dos0 = addDays(FIRST_DOS, int(PERIOD_DAYS - LINES_PER_CLAIM + 1));
    for (let l = 0; l < LINES_PER_CLAIM; l++) {
      const [code, modifiers] = pick(CODES);
      lines.push({
        lineId: String(l + 1),
        dateOfService: addDays(dos0, l),
        units: 1 + int(8),
        renderingStaffId: `s${p + PROVIDERS * int(STAFF / PROVIDERS)}`,
        placeOfService: pick(['11', '11', '11', '53', '53', '12']),
        procedureCode: unmapped && l === 0 ? 'H9999' : code,
        modifiers,
        groupSize: modifiers.includes('HQ') || code === 'S9480' ? 3 + int(6) : undefined,
      });
    }
    claims.push({ claimId: `c${c}`, providerId: `p${p}`, recipientId: `r${r}`, frequency: c % 50 === 0 ? 'REPLACEMENT' : 'ORIGINAL', lines });
  }
  return claims;
}

/** The duplicate check's history for the batch: see the top of the file. */
function buildHistory(batch: ClaimInput[]): NonNullable<FakeWorld['recorded']> {
  const { procedureCodes } = shippedConfig();
  const out: NonNullable<FakeWorld['recorded']> = [];
  const hist = mulberry32(0x415);
  for (const c of batch) {
    for (const l of c.lines) {
      const found = procedureCodes.lookup(l.procedureCode as string, l.modifiers, l.dateOfService);
      if (!found.ok || found.mapping.encounter || !found.mapping.service) continue;
      const recorded: RecordedLine = {
        providerId: c.providerId as string,
        claimId: `h-${c.claimId}`,
        lineId: l.lineId,
        service: found.mapping.service,
        staffId: l.renderingStaffId as string,
        modality: found.modality ?? found.mapping.modality ?? 'INDIVIDUAL',
        contact: found.contact ?? found.mapping.contact ?? 'FACE_TO_FACE',
        code: sessionCode(l.procedureCode, l.modifiers),
        recordedOn: FIRST_DOS,
      };
      const draw = hist();
      if (draw < 0.1) out.push({ ...recorded, staffId: `other-than-${recorded.staffId}`, recipientId: c.recipientId as string, dateOfService: l.dateOfService });
      else if (draw < 0.12) out.push({ ...recorded, recipientId: c.recipientId as string, dateOfService: l.dateOfService });
    }
  }
  return out;
}

const RUNS = 3;

/** Warm-up on a slice (JIT), then timed runs, each on a fresh context (empty memo): the machine may be shared, so the best and the median of RUNS are printed. */
function timeRuns(world: FakeWorld, batch: ClaimInput[], explain = false, rosters: Map<string, StaffFacts[]> | null = null) {
  const check = (claims: ClaimInput[], ctx: ReturnType<typeof contextFor>) => {
    if (!rosters) return validateClaims(claims, ctx, { explain });
    const names = new StaffErrorNames();
    const out = validateClaims(claims, ctx, { explain, onStaffError: names.listen });
    names.name((id) => rosters.get(id) ?? [], ctx);
    return out;
  };
  check(batch.slice(0, 2_000), contextFor(world));
  const times: number[] = [];
  let ctx = contextFor(world);
  let report = validateClaims([], ctx);
  for (let run = 0; run < RUNS; run++) {
    ctx = contextFor(world);
    const t0 = process.hrtime.bigint();
    report = check(batch, ctx);
    times.push(Number(process.hrtime.bigint() - t0));
  }
  times.sort((a, b) => a - b);
  return { times, report, ctx, median: times[Math.floor(RUNS / 2)] };
}

function main(): void {
  const world = buildWorld();
  const batch = buildBatch();
  const lineCount = batch.reduce((n, c) => n + c.lines.length, 0);
  const rate = (ns: number) => Math.round((lineCount * 1e9) / ns).toLocaleString('en-US');

  const { times, report, ctx, median } = timeRuns(world, batch);
  const statuses: Record<string, number> = {};
  let duplicates = 0;
  for (const c of report.claims) for (const l of c.lines) {
    statuses[l.status] = (statuses[l.status] ?? 0) + 1;
    if (l.findings.some((f) => f.code === 'DUPLICATE_LINE')) duplicates++;
  }
  console.log(`claims engine: ${lineCount.toLocaleString('en-US')} lines in ${batch.length.toLocaleString('en-US')} claims, ${RUNS} runs: ${times.map((t) => `${(t / 1e6).toFixed(0)} ms`).join(', ')}`);
  console.log(`  best ${rate(times[0])} lines/s, median ${rate(median)} lines/s (goal 100,000 lines/s on one core)`);
  console.log(`  line statuses: ${JSON.stringify(statuses)}; DUPLICATE_LINE ${duplicates.toLocaleString('en-US')}; caps reported: ${report.caps.length.toLocaleString('en-US')}`);
  console.log(`  calls: credentialOf ${ctx.calls.credentialOf.toLocaleString('en-US')}, programInForce ${ctx.calls.programInForce.toLocaleString('en-US')}, capUsedMinutes ${ctx.calls.capUsedMinutes.toLocaleString('en-US')}`);

  world.recorded = buildHistory(batch);
  const withHistory = timeRuns(world, batch);
  let dupHistory = 0;
  for (const c of withHistory.report.claims) for (const l of c.lines) if (l.findings.some((f) => f.code === 'DUPLICATE_LINE')) dupHistory++;
  console.log(`with a recorded history of ${world.recorded.length.toLocaleString('en-US')} lines (duplicate check against it), ${RUNS} runs: ${withHistory.times.map((t) => `${(t / 1e6).toFixed(0)} ms`).join(', ')}`);
  console.log(`  best ${rate(withHistory.times[0])} lines/s, median ${rate(withHistory.median)} lines/s; DUPLICATE_LINE ${dupHistory.toLocaleString('en-US')}; median ${((withHistory.median / median - 1) * 100).toFixed(1)}% against no history`);

  world.recorded = [];
  const explained = timeRuns(world, batch, true);
  let checks = 0;
  for (const c of explained.report.claims) for (const l of c.lines) checks += l.checks?.length ?? 0;
  console.log(`with explanations (every line's checks, ?explain=true), ${RUNS} runs: ${explained.times.map((t) => `${(t / 1e6).toFixed(0)} ms`).join(', ')}`);
  console.log(`  best ${rate(explained.times[0])} lines/s, median ${rate(explained.median)} lines/s; ${checks.toLocaleString('en-US')} checks (${(checks / lineCount).toFixed(1)} a line); median ${((explained.median / median - 1) * 100).toFixed(1)}% against without`);

  const rosters = new Map<string, StaffFacts[]>();
  for (const s of world.staff) rosters.set(s.providerId, [...(rosters.get(s.providerId) ?? []), s]);
  const named = timeRuns(world, batch, false, rosters);
  let namedErrors = 0;
  for (const c of named.report.claims) for (const l of c.lines) for (const f of l.findings) if (/ (Eligible to render|Nobody on the roster)/.test(f.action)) namedErrors++;
  console.log(`with who could have rendered it named in each staff error's action (${namedErrors.toLocaleString('en-US')} findings, rosters of ${Math.round(STAFF / PROVIDERS)}), ${RUNS} runs: ${named.times.map((t) => `${(t / 1e6).toFixed(0)} ms`).join(', ')}`);
  console.log(`  best ${rate(named.times[0])} lines/s, median ${rate(named.median)} lines/s; median ${((named.median / median - 1) * 100).toFixed(1)}% against without`);
}

main();
