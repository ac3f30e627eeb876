/** The procedure code table: the shipped default, matching codes and modifiers, validation, versions. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError, loadProcedureCodeFile, parseProcedureCodeTable, validateClaims, type CodeLookup } from '../../../src/rules/claims';
import { baselineWorld, claim, contextFor, line, shippedConfig } from '../../../src/rules/claims/testing';

const shippedJson = (): { notice?: string; modifiers: Record<string, unknown>[]; codes: Record<string, unknown>[]; [k: string]: unknown } =>
  JSON.parse(JSON.stringify(require('../../../config/procedure-codes.json')));

const ok = (r: CodeLookup) => {
  if (!r.ok) throw new Error(`expected a mapping, got: ${r.reason}`);
  return r;
};

function refused(json: unknown): string {
  try {
    parseProcedureCodeTable(json, 'codes.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('the table was accepted');
}

describe('the shipped procedure code table', () => {
  const { procedureCodes: table } = shippedConfig();
  const D = '2026-09-14';

  it('says it is a default to be replaced by the site fee schedule', () => {
    expect(table.notice).toMatch(/^DEFAULT TABLE/);
    expect(table.notice).toMatch(/fee schedule/);
  });

  it.each([
    ['H0031', [], 'ASSESSMENT'],
    ['H0032', [], 'TREATMENT_PLAN'],
    ['H2015', [], 'COMMUNITY_SUPPORT'],
    ['S9480', [], 'INTENSIVE_OUTPATIENT'],
    ['H2010', ['U1'], 'MEDICATION_ADMINISTRATION'],
    ['H2010', [], 'MEDICATION_MONITORING'],
    ['H0034', [], 'MEDICATION_TRAINING'],
    ['H2017', [], 'PSYCHOSOCIAL_REHABILITATION'],
    ['H0004', [], 'THERAPY_COUNSELING'],
    ['H2011', [], 'CRISIS_INTERVENTION'],
    ['H0039', [], 'ASSERTIVE_COMMUNITY_TREATMENT'],
    ['H2016', [], 'COMMUNITY_SUPPORT_TEAM'],
    ['T1017', [], 'CLIENT_CENTERED_CONSULTATION'],
    ['T1016', [], 'MENTAL_HEALTH_CASE_MANAGEMENT'],
    ['T1016', ['U1'], 'TRANSITION_LINKAGE_AFTERCARE'],
  ])('%s %j → %s', (code, mods, service) => {
    const r = ok(table.lookup(code, mods, D));
    expect(r.mapping.service).toBe(service);
    expect(r.mapping.unitMinutes).toBe(15);
  });

  it('T1015 is the encounter code and names no service', () => {
    const r = ok(table.lookup('T1015', [], D));
    expect(r.mapping.encounter).toBe(true);
    expect(r.mapping.service).toBeNull();
  });

  it.each([
    [['HQ'], 'GROUP', null],
    [['HR'], 'FAMILY', null],
    [['HS'], 'FAMILY', null],
    [['GT'], null, 'VIDEO'],
    [['95'], null, 'VIDEO'],
    [['93'], null, 'PHONE'],
    [['HA'], null, null],
    [['HQ', 'GT', 'HA'], 'GROUP', 'VIDEO'],
  ])('modifiers %j: modality %s, contact %s', (mods, modality, contact) => {
    const r = ok(table.lookup('H0004', mods, D));
    expect(r.mapping.service).toBe('THERAPY_COUNSELING');
    expect(r.modality).toBe(modality);
    expect(r.contact).toBe(contact);
  });

  it('matches codes and modifiers whatever their case and spacing', () => {
    expect(ok(table.lookup(' t1016 ', ['u1'], D)).mapping.service).toBe('TRANSITION_LINKAGE_AFTERCARE');
  });

  it('a selecting modifier with a meaning modifier: T1016 U1 GT is TLA by video', () => {
    const r = ok(table.lookup('T1016', ['GT', 'U1'], D));
    expect([r.mapping.service, r.contact]).toEqual(['TRANSITION_LINKAGE_AFTERCARE', 'VIDEO']);
  });

  it.each([
    ['H9999', [], /H9999 is not in the procedure code table/],
    ['H0004', ['XX'], /modifier XX is not in the procedure code table for H0004/],
    ['H0004', ['U1'], /modifier U1 is not in the procedure code table for H0004/],
  ])('%s %j is unmapped', (code, mods, reason) => {
    const r = table.lookup(code, mods, D);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('a code before its effective date is unmapped', () => {
    const r = table.lookup('H0004', [], '2018-06-30');
    expect(!r.ok && r.reason).toMatch(/no mapping in force on 2018-06-30/);
  });

  it('reports modifiers that disagree', () => {
    expect(ok(table.lookup('H0004', ['HQ', 'HR'], D)).modifierConflict).toMatch(/HQ \(GROUP\) and HR \(FAMILY\) disagree/);
    expect(ok(table.lookup('H0004', ['GT', '93'], D)).modifierConflict).toMatch(/disagree on the contact/);
  });
});

describe('versions and ambiguity', () => {
  it('picks the entry in force on the date of service: unit length changes from 2027-01-01', () => {
    const j = shippedJson();
    const v1 = j.codes.find((c) => c.id === 'PC-H0004-v1')!;
    v1.effectiveTo = '2026-12-31';
    j.codes.push({ ...v1, id: 'PC-H0004-v2', version: 2, effectiveFrom: '2027-01-01', effectiveTo: null, unitMinutes: 60 });
    const table = parseProcedureCodeTable(j);
    expect(ok(table.lookup('H0004', [], '2026-12-31')).mapping.unitMinutes).toBe(15);
    expect(ok(table.lookup('H0004', [], '2027-01-01')).mapping.unitMinutes).toBe(60);
    const ctx = { ...contextFor(baselineWorld()), procedureCodes: table };
    const r = validateClaims([claim({}, [line({ lineId: 'a', dateOfService: '2026-12-31', units: 2 }), line({ lineId: 'b', dateOfService: '2027-01-01', units: 2 })])], ctx);
    expect(r.claims[0].lines.map((l) => l.minutes)).toEqual([30, 120]);
  });

  it('two entries equally specific for the line leave it unmapped', () => {
    const j = shippedJson();
    j.codes.push({ ...j.codes[0], id: 'PC-H0031-U2', modifiers: ['U2'], service: 'CRISIS_INTERVENTION' });
    j.codes.push({ ...j.codes[0], id: 'PC-H0031-U3', modifiers: ['U3'], service: 'TREATMENT_PLAN' });
    const r = parseProcedureCodeTable(j).lookup('H0031', ['U2', 'U3'], '2026-09-14');
    expect(!r.ok && r.reason).toMatch(/ambiguous/);
  });
});

describe('validation refuses a malformed table with a clear message', () => {
  it.each<[string, (j: ReturnType<typeof shippedJson>) => void, RegExp]>([
    ['no notice', (j) => delete j.notice, /\$\.notice: is missing/],
    ['unknown service', (j) => (j.codes[0].service = 'ASSESMENT'), /codes\[0\]\.service: unknown service "ASSESMENT"/],
    ['a lower-case code', (j) => (j.codes[0].code = 'h0031'), /a five-character HCPCS\/CPT code/],
    ['a unit in fractions', (j) => (j.codes[0].unitMinutes = 7.5), /unitMinutes: must be a whole number/],
    ['overlapping versions', (j) => j.codes.push({ ...j.codes[8], id: 'PC-H0004-v2', version: 2, effectiveFrom: '2025-01-01' }), /\$\.codes \(H0004\): versions overlap/],
    ['an encounter code naming a service', (j) => (j.codes[15].service = 'THERAPY_COUNSELING'), /an encounter code names no service/],
    ['a modifier with two meanings', (j) => (j.modifiers[0].contact = 'VIDEO'), /give exactly one of modality, contact or informational/],
    ['a duplicated id', (j) => (j.codes[1].id = j.codes[0].id), /PC-H0031-v1 is used twice/],
    ['a misspelt key', (j) => ((j.codes[2] as Record<string, unknown>).units = 15), /codes\[2\]\.units: unknown key/],
  ])('%s', (_name, breakIt, message) => {
    const j = shippedJson();
    breakIt(j);
    const text = refused(j);
    expect(text).toMatch(/^codes\.json is not valid/);
    expect(text).toMatch(message);
  });

  it('loading: replacing the table is a one-file change, and a broken file is refused on load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bhcheck-codes-'));
    const file = join(dir, 'procedure-codes.json');
    const j = shippedJson();
    j.codes = j.codes.filter((c) => c.code !== 'H0004');
    writeFileSync(file, JSON.stringify(j));
    const table = loadProcedureCodeFile(file);
    expect(table.lookup('H0004', [], '2026-09-14').ok).toBe(false);
    writeFileSync(file, JSON.stringify({ ...j, codes: 'none' }));
    expect(() => loadProcedureCodeFile(file)).toThrow(/procedure-codes\.json is not valid.*\$\.codes: must be an array/s);
  });
});
