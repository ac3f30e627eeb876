/** The service catalogue file: what it says, how it is validated, and version selection by date. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError, loadServiceCatalogFile, parseServiceCatalog, validateClaims } from '../../../src/rules/claims';
import { baselineWorld, claim, contextFor, line, shippedConfig } from '../../../src/rules/claims/testing';
import { SERVICES } from '../../../src/rules/vocabulary';

const shippedJson = (): Record<string, unknown> & { services: Record<string, unknown>[]; caps: Record<string, unknown>[] } =>
  JSON.parse(JSON.stringify(require('../../../config/service-catalog.json')));

function refused(json: unknown): string {
  try {
    parseServiceCatalog(json, 'test-catalog.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the catalogue was accepted');
}

describe('the shipped service catalogue', () => {
  const { catalog } = shippedConfig();

  it('has one record in force for each of the 15 services, each with citations', () => {
    for (const s of SERVICES) {
      const r = catalog.ruleFor(s, '2026-09-14');
      expect(r?.service).toBe(s);
      expect(r?.id).toBe(`SVC-${s}-v1`);
      expect(r?.citations.length).toBeGreaterThan(0);
    }
  });

  it('reads the regulation: IO by a QMHP only, in groups, face-to-face, through a Table N program', () => {
    const io = catalog.ruleFor('INTENSIVE_OUTPATIENT', '2026-09-14')!;
    expect(io.tiers?.allowed).toEqual(['LPHA', 'QMHP']);
    expect(io.modalities.allowed).toEqual(['GROUP']);
    expect(io.contacts.allowed).toEqual(['FACE_TO_FACE']);
    expect(io.programApproval).toEqual({ program: 'IO', citation: '140.453(d)(2)(B)(i)' });
    expect(io.groupRatio).toMatchObject({ perStaff: 8, youthPerStaff: 4, youthUnderAge: 18 });
  });

  it('reads 140.452: ACT only at a CMHC, PSR only at a CMHC, IPs only assessment, planning, therapy and crisis', () => {
    const by = (type: 'CMHC' | 'BHC' | 'IP') => SERVICES.filter((s) => catalog.ruleFor(s, '2026-09-14')!.providerTypes.allowed.includes(type));
    expect(by('CMHC')).toEqual([...SERVICES]);
    expect(by('BHC')).toEqual(SERVICES.filter((s) => s !== 'ASSERTIVE_COMMUNITY_TREATMENT' && s !== 'PSYCHOSOCIAL_REHABILITATION'));
    expect(by('IP')).toEqual(['ASSESSMENT', 'TREATMENT_PLAN', 'THERAPY_COUNSELING', 'CRISIS_INTERVENTION']);
  });

  it('needs no assessment and plan for assessment, planning, crisis intervention and mental health case management', () => {
    const without = SERVICES.filter((s) => !catalog.ruleFor(s, '2026-09-14')!.requiresAssessmentAndPlan.required);
    expect(without).toEqual(['ASSESSMENT', 'TREATMENT_PLAN', 'CRISIS_INTERVENTION', 'MENTAL_HEALTH_CASE_MANAGEMENT']);
  });

  it('has the caps as data', () => {
    expect(catalog.capFor('TCM', '2026-09-14')).toMatchObject({ id: 'CAP-TCM-v1', minutesPerSfy: 14400, citation: '140.453(e)(2)' });
    expect(catalog.capFor('TLA', '2026-09-14')).toMatchObject({ id: 'CAP-TLA-v1', minutesPerSfy: 2400, citation: '140.453(e)(1)(C)(i)' });
  });

  it('is in force from 2018-07-01, not before', () => {
    expect(catalog.ruleFor('THERAPY_COUNSELING', '2018-06-30')).toBeUndefined();
    expect(catalog.ruleFor('THERAPY_COUNSELING', '2018-07-01')).toBeDefined();
  });
});

describe('catalogue validation refuses a malformed file with a clear message', () => {
  it.each<[string, (j: ReturnType<typeof shippedJson>) => void, RegExp]>([
    ['unknown service', (j) => (j.services[0].service = 'ART_THERAPY'), /services\[0\]\.service: unknown service "ART_THERAPY"/],
    ['missing citation', (j) => delete (j.services[3].tiers as Record<string, unknown>).citation, /services\[3\]\.tiers\.citation: is missing/],
    ['malformed citation', (j) => ((j.services[3].modalities as Record<string, unknown>).citation = 'section 453'), /must be a citation like 140\.453/],
    ['unknown tier', (j) => ((j.services[2].tiers as Record<string, unknown>).allowed = ['QHMP']), /unknown tier "QHMP"/],
    ['misspelt key', (j) => ((j.services[1] as Record<string, unknown>).tier = null), /services\[1\]\.tier: unknown key/],
    ['a service with no record', (j) => j.services.splice(14, 1), /no record for TRANSITION_LINKAGE_AFTERCARE/],
    [
      'overlapping versions',
      (j) => j.services.push({ ...j.services[8], id: 'SVC-THERAPY_COUNSELING-v2', version: 2, effectiveFrom: '2026-01-01' }),
      /versions overlap: SVC-THERAPY_COUNSELING-v1 \(2018-07-01 to open\) and SVC-THERAPY_COUNSELING-v2/,
    ],
    ['a version number used twice', (j) => j.services.push({ ...j.services[8], effectiveFrom: '2010-01-01', effectiveTo: '2011-01-01' }), /version 1 is used twice/],
    ['id not naming its service', (j) => (j.services[0].id = 'SVC-TREATMENT_PLAN-v9'), /does not name its service ASSESSMENT/],
    ['effectiveTo before effectiveFrom', (j) => (j.services[0].effectiveTo = '2018-01-01'), /is before effectiveFrom 2018-07-01/],
    ['a bad date', (j) => (j.services[0].effectiveFrom = '2018-02-30'), /effectiveFrom: must be a calendar date/],
    ['a cap in fractions', (j) => (j.caps[0].minutesPerSfy = 14400.5), /minutesPerSfy: must be a whole number/],
    ['a capped service with no cap in force', (j) => (j.caps[1].effectiveFrom = '2019-07-01'), /counts toward TLA but no TLA cap is in force on 2018-07-01/],
    ['wrong schema version', (j) => (j.schemaVersion = 2), /schemaVersion: must be 1/],
    ['an on-site place of service that is not a code', (j) => ((j.services[7].onSiteOnly as Record<string, unknown>).placesOfService = ['office']), /a two-digit CMS place-of-service code/],
  ])('%s', (_name, breakIt, message) => {
    const j = shippedJson();
    breakIt(j);
    const text = refused(j);
    expect(text).toMatch(/^test-catalog\.json is not valid/);
    expect(text).toMatch(message);
  });

  it('lists every problem at once', () => {
    const j = shippedJson();
    j.services[0].service = 'X';
    j.caps[0].minutesPerSfy = -1;
    const text = refused(j);
    expect(text).toMatch(/services\[0\]\.service: unknown service "X"/);
    expect(text).toMatch(/caps\[0\]\.minutesPerSfy: must be a whole number from 1/);
  });

  it('refuses something that is not an object', () => {
    expect(refused([])).toMatch(/\$: must be an object/);
  });
});

describe('versions: a changed rule is a new dated record', () => {
  /** v1 until 2026-06-30; v2 from 2026-07-01 lets only a QMHP provide therapy. */
  function twoVersions() {
    const j = shippedJson();
    const v1 = j.services.find((s) => s.service === 'THERAPY_COUNSELING')!;
    v1.effectiveTo = '2026-06-30';
    const v2 = JSON.parse(JSON.stringify(v1));
    Object.assign(v2, { id: 'SVC-THERAPY_COUNSELING-v2', version: 2, effectiveFrom: '2026-07-01', effectiveTo: null });
    v2.tiers.allowed = ['LPHA', 'QMHP'];
    j.services.push(v2);
    return parseServiceCatalog(j);
  }

  it('picks the record in force on the date of service (effectiveTo inclusive)', () => {
    const c = twoVersions();
    expect(c.ruleFor('THERAPY_COUNSELING', '2026-06-30')?.id).toBe('SVC-THERAPY_COUNSELING-v1');
    expect(c.ruleFor('THERAPY_COUNSELING', '2026-07-01')?.id).toBe('SVC-THERAPY_COUNSELING-v2');
    expect(c.versionsOf('THERAPY_COUNSELING').map((r) => r.version)).toEqual([1, 2]);
  });

  it('the engine applies the version of the date of service, and the finding names it', () => {
    const w = baselineWorld();
    w.tierOf['st-lpha'] = 'MHP';
    const ctx = { ...contextFor(w), catalog: twoVersions() };
    const r = validateClaims([claim({}, [line({ lineId: 'old', dateOfService: '2026-06-30' }), line({ lineId: 'new', dateOfService: '2026-07-01' })])], ctx);
    expect(r.claims[0].lines[0].findings).toEqual([]);
    expect(r.claims[0].lines[1].findings.map((f) => [f.code, f.ruleId])).toEqual([['STAFF_TIER_INSUFFICIENT', 'SVC-THERAPY_COUNSELING-v2#tiers']]);
  });

  it('a changed cap is a new dated record too', () => {
    const j = shippedJson();
    j.caps[0].effectiveTo = '2027-06-30';
    j.caps.push({ ...j.caps[0], id: 'CAP-TCM-v2', version: 2, minutesPerSfy: 12000, effectiveFrom: '2027-07-01', effectiveTo: null });
    const c = parseServiceCatalog(j);
    expect(c.capFor('TCM', '2027-06-30')?.minutesPerSfy).toBe(14400);
    expect(c.capFor('TCM', '2027-07-01')?.minutesPerSfy).toBe(12000);
  });
});

describe('loading from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bhcheck-catalog-'));

  it('loads the shipped file by default', () => {
    expect(loadServiceCatalogFile().services.length).toBe(15);
  });

  it('refuses a file that is not JSON, naming it', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "schemaVersion": 1,');
    expect(() => loadServiceCatalogFile(file)).toThrow(/broken\.json is not valid.*is not JSON/s);
  });

  it('refuses a missing file', () => {
    expect(() => loadServiceCatalogFile(join(dir, 'nope.json'))).toThrow(/nope\.json is not valid.*cannot be read/s);
  });
});
