/**
 * The rule catalogue (GET /rules, docs/rules.md): every finding code has a rule, and every rule's two
 * examples, run through the engine with explanations on against the example registry, give the outcome
 * they claim: the passing one shows the rule passed and raises none of its findings, the failing one
 * raises the finding it names and shows the rule failed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FINDING_CODES, RULE_GROUPS, buildRuleCatalogue, rulesMarkdown, type Check, type ClaimReport, type RuleRecord } from '../../../src/rules/claims';
import { runExample, shippedConfig } from '../../../src/rules/claims/testing';

const { catalog, procedureCodes } = shippedConfig();
const catalogue = buildRuleCatalogue(catalog, procedureCodes);

const checksOf = (r: ClaimReport): Check[] => r.lines.flatMap((l) => l.checks ?? []);
const findingsOf = (r: ClaimReport) => [...r.findings, ...r.lines.flatMap((l) => l.findings)];

describe('the rule catalogue', () => {
  it('has a rule for every finding code, and finding codes only from the contract', () => {
    expect(FINDING_CODES.filter((c) => catalogue.raising(c).length === 0)).toEqual([]);
    for (const r of catalogue.records) for (const c of r.findingCodes) expect(FINDING_CODES).toContain(c);
  });

  it('gives every rule its fields: a unique ID, citations, codes, severity, group, dates, an action naming a role', () => {
    const ids = catalogue.records.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of catalogue.records) {
      expect(r.citations.length).toBeGreaterThan(0);
      for (const c of r.citations) expect(c).toMatch(/^140\./);
      expect(r.findingCodes.length).toBeGreaterThan(0);
      expect(RULE_GROUPS).toContain(r.group);
      expect(r.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.action).toMatch(/\((billing|clinical director|reviewer|administrator|billing or clinical director)\)/);
      for (const a of Object.values(r.actions ?? {})) expect(a).toMatch(/\((billing|clinical director|reviewer|administrator|billing or clinical director)\)/);
      expect(r.examples.fail !== null || (r.examples.cannotFail ?? '').length > 10).toBe(true);
    }
  });

  it('holds the engine rules, every rule field a service record sets, the caps and the procedure codes', () => {
    expect(catalogue.byId('CLM-ASSESSMENT-CURRENT-v1')).toMatchObject({ source: 'engine', group: 'recipient', findingCodes: ['ASSESSMENT_MISSING', 'ASSESSMENT_EXPIRED'] });
    expect(catalogue.byId('SVC-INTENSIVE_OUTPATIENT-v1#tiers')).toMatchObject({ source: 'service-catalog', group: 'staff', citations: ['140.453(d)(2)(B)(i)'], appliesTo: { services: ['INTENSIVE_OUTPATIENT'] } });
    expect(catalogue.byId('SVC-INTENSIVE_OUTPATIENT-v1#tiers')?.action).toBe('Have a QMHP or LPHA render Intensive Outpatient (billing), or record the credential that qualifies the person (clinical director).');
    expect(catalogue.byId('CAP-TCM-v1')).toMatchObject({ group: 'caps', findingCodes: ['TCM_CAP_EXCEEDED', 'CAP_NEAR'] });
    expect(catalogue.byId('PC-H0004-v1')).toMatchObject({ source: 'procedure-codes', findingCodes: ['SERVICE_CODE_CONFLICT'] });
    for (const s of catalog.services) for (const ref of Object.values(s.refs)) expect(catalogue.byId(ref!.id)).toBeDefined();
    // a record with no such rule has no record: Therapy/Counseling needs no Table N approval
    expect(catalogue.byId('SVC-THERAPY_COUNSELING-v1#programApproval')).toBeUndefined();
    // the staff rules are one group: the question "who may render this service here on this day"
    expect(catalogue.inGroup('staff').map((r) => r.id)).toEqual(expect.arrayContaining(['CLM-STAFF-EMPLOYED-v1', 'CLM-STAFF-EXCLUDED-v1', 'CLM-SUPERVISION-v1', 'SVC-MEDICATION_MONITORING-v1#designationRequired']));
  });

  describe.each(catalogue.records.map((r) => [r.id, r] as [string, RuleRecord]))('%s', (id, rule) => {
    it(`passes: ${rule.examples.pass.description}`, () => {
      const report = runExample(rule.examples.pass);
      const mine = checksOf(report).filter((c) => c.ruleId === id);
      expect(findingsOf(report).filter((f) => f.ruleId === id)).toEqual([]);
      expect(mine.filter((c) => c.outcome === 'failed')).toEqual([]);
      expect(mine.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(0);
    });

    if (rule.examples.fail) {
      const example = rule.examples.fail;
      it(`fails: ${example.description}`, () => {
        const report = runExample(example);
        const raised = findingsOf(report).filter((f) => f.ruleId === id);
        expect(raised.map((f) => f.code)).toContain(example.findingCode);
        for (const f of raised) expect(f.action).toBe(rule.actions?.[f.code] ?? rule.action);
        expect(checksOf(report).filter((c) => c.ruleId === id && c.outcome === 'failed').length).toBeGreaterThan(0);
        if (raised.some((f) => f.severity === 'error')) expect(report.status).toBe('FAIL');
      });
    }
  });

  it('names in the checks and findings of every example only rules of the catalogue', () => {
    const unknown = new Set<string>();
    for (const r of catalogue.records) {
      for (const example of [r.examples.pass, r.examples.fail]) {
        if (!example) continue;
        const report = runExample(example);
        for (const id of [...checksOf(report).map((c) => c.ruleId), ...findingsOf(report).map((f) => f.ruleId)]) if (!catalogue.byId(id)) unknown.add(id);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('docs/rules.md is what the catalogue gives (npm run docs:rules writes it)', () => {
    const file = path.resolve(__dirname, '../../../docs/rules.md');
    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(docs/rules.md is missing)').toBe(rulesMarkdown(catalogue));
  });
});
