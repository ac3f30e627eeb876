import {
  applyEvent,
  openDeadlines,
  programInForceOn,
  programStateOn,
} from '../../../src/rules/program-approval';
import { ev, build, deadlinesOf as dl, PSR_ANNUAL_REVIEW, PSR_TO_APPROVAL, refusal } from './helpers';

/** PSR approved 2026-02-27 through 2027-02-26; annual review held 2027-01-15 */
const APPROVED_PSR = build('PSR', [...PSR_TO_APPROVAL, ...PSR_ANNUAL_REVIEW]);
const WITH_NOD = build('PSR', [...APPROVED_PSR, ev('NOTICE_OF_DEFICIENCIES', '2027-01-29')]);

describe('Notice of Deficiencies → remedied', () => {
  it('IN_REMEDY for the 30 days with the approval in force; REMEDY_PERIOD_ENDS on 2027-02-28; findings met', () => {
    const st = programStateOn('PSR', WITH_NOD, '2027-02-10');
    expect(st).toMatchObject({ status: 'IN_REMEDY', inForce: true, approvedThrough: '2027-02-26', citation: '140.TABLE N(b)(2)(B)' });
    expect(dl('PSR', WITH_NOD, '2027-02-10', 'REMEDY_PERIOD_ENDS')[0]).toMatchObject({ dueOn: '2027-02-28', open: true, party: 'PROVIDER' });
    expect(dl('PSR', WITH_NOD, '2027-02-10', 'FINDINGS_DUE')[1]).toMatchObject({ open: false, closedBy: 'NOTICE_OF_DEFICIENCIES' });
    expect(programInForceOn('PSR', WITH_NOD, '2027-02-10').reason).toBe(
      'PSR approval (through 2027-02-26) stays in force under the Notice of Deficiencies of 2027-01-29 (30-day remedy period ends 2027-02-28)',
    );
  });

  it('the approval stays in force past its 12-month period while the remedy is open', () => {
    expect(programInForceOn('PSR', WITH_NOD, '2027-03-05')).toMatchObject({ inForce: true, status: 'IN_REMEDY' });
    expect(dl('PSR', WITH_NOD, '2027-03-05', 'REAPPROVAL_DUE')[0].overdue('2027-03-05')).toBe(true);
  });

  it('remedied on the last day: back to APPROVED, then re-approved from the end of the period', () => {
    const remedied = build('PSR', [...WITH_NOD, ev('DEFICIENCIES_REMEDIED', '2027-02-28')]);
    expect(dl('PSR', remedied, '2027-02-28', 'REMEDY_PERIOD_ENDS')[0]).toMatchObject({ open: false, closedBy: 'DEFICIENCIES_REMEDIED' });
    // remedied after the 12-month period ended: in force until the re-approval is decided (b)(2)(B)(i)
    expect(programStateOn('PSR', remedied, '2027-02-28')).toMatchObject({ status: 'APPROVED', inForce: true, approvedThrough: '2027-02-26', citation: '140.TABLE N(b)(2)(B)(i)' });
    const reapproved = build('PSR', [...remedied, ev('REAPPROVED', '2027-03-03')]);
    expect(programStateOn('PSR', reapproved, '2027-03-03')).toMatchObject({ status: 'APPROVED', approvedThrough: '2028-02-26' });
  });

  it('remedied within the period keeps APPROVED', () => {
    const remedied = build('PSR', [...WITH_NOD, ev('DEFICIENCIES_REMEDIED', '2027-02-10')]);
    expect(programStateOn('PSR', remedied, '2027-02-10')).toMatchObject({ status: 'APPROVED', inForce: true });
  });

  it('REMEDY_PERIOD_ENDS across a month end in a leap year: 2028-01-31 + 30 = 2028-03-01', () => {
    const events = build('CST', [
      ev('INTENT_SUBMITTED', '2027-06-01'),
      ev('ENROLLMENT_PROCESSED', '2027-06-02'),
      ev('ATTESTATION_SUBMITTED', '2027-06-02'),
      ev('APPROVED', '2027-06-30'),
      ev('NOTICE_OF_DEFICIENCIES', '2028-01-31'),
    ]);
    expect(dl('CST', events, '2028-01-31', 'REMEDY_PERIOD_ENDS')[0].dueOn).toBe('2028-03-01');
    expect(refusal('CST', events, ev('FINAL_NOTICE', '2028-03-01')).citation).toBe('140.TABLE N(b)(2)(B)(ii)');
    expect(applyEvent('CST', events, ev('FINAL_NOTICE', '2028-03-02')).ok).toBe(true);
  });
});

describe('Final Notice → informal review (stayed) → MAINTAINED → BAH appeal → final decision → implemented', () => {
  const FN = build('PSR', [...WITH_NOD, ev('FINAL_NOTICE', '2027-03-01')]);
  const REQ = build('PSR', [...FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-05')]);
  const DECIDED = build('PSR', [...REQ, ev('INFORMAL_REVIEW_DECIDED', '2027-03-30', { outcome: 'MAINTAINED' })]);
  const FILED = build('PSR', [...DECIDED, ev('FORMAL_APPEAL_FILED', '2027-04-08')]);
  const DECISION = build('PSR', [...FILED, ev('FINAL_DECISION', '2027-06-15', { outcome: 'UPHELD' })]);
  const DONE = build('PSR', [...DECISION, ev('ACTION_IMPLEMENTED', '2027-07-01')]);

  it('Final Notice: effect defaults to 2027-03-12 (day after the 10-day request period); still IN_REMEDY until then', () => {
    const st = programStateOn('PSR', FN, '2027-03-01');
    expect(st.status).toBe('IN_REMEDY');
    expect(st.inForce).toBe(true);
    expect(st.contestedAction).toMatchObject({ kind: 'FINAL_NOTICE', noticeOn: '2027-03-01', effectiveOn: '2027-03-12', effectiveOnDefaulted: true, stayed: false });
    expect(dl('PSR', FN, '2027-03-01', 'INFORMAL_REVIEW_REQUEST_DUE')[0]).toMatchObject({ dueOn: '2027-03-11', open: true, citation: '140.TABLE N(e)(3)(A)(i)' });
    expect(dl('PSR', FN, '2027-03-01', 'REMEDY_PERIOD_ENDS')[0]).toMatchObject({ open: false, closedBy: 'FINAL_NOTICE' });
    expect(programInForceOn('PSR', FN, '2027-03-11').inForce).toBe(true);
  });

  it('with no request the Final Notice takes effect on 2027-03-12 (REVOKED)', () => {
    expect(programInForceOn('PSR', FN, '2027-03-12')).toMatchObject({
      inForce: false,
      status: 'REVOKED',
      citation: '140.TABLE N(b)(2)(B)(ii)',
      reason: 'PSR program approval ended by the Final Notice of 2027-03-01, in effect from 2027-03-12',
    });
    const st = programStateOn('PSR', FN, '2027-03-12');
    expect(st.history.find((h) => h.type === 'ACTION_TOOK_EFFECT')).toMatchObject({ on: '2027-03-12', status: 'REVOKED' });
    expect(st.deadlines.find((d) => d.kind === 'REAPPROVAL_DUE')).toMatchObject({ open: false, closedBy: 'ACTION_TOOK_EFFECT', closedOn: '2027-03-12' });
    expect(dl('PSR', FN, '2027-03-12', 'INFORMAL_REVIEW_REQUEST_DUE')[0].overdue('2027-03-12')).toBe(true);
  });

  it('a request received before the effect stays it: STAYED, approval in force, BBH decision due in 30 days', () => {
    const st = programStateOn('PSR', REQ, '2027-03-20');
    expect(st).toMatchObject({ status: 'STAYED', inForce: true, citation: '140.TABLE N(e)(3)(A)(ii)' });
    expect(st.contestedAction).toMatchObject({ stayed: true, informalReviewRequestedOn: '2027-03-05', takesEffectOn: null });
    expect(dl('PSR', REQ, '2027-03-20', 'BBH_DECISION_DUE')[0]).toMatchObject({ dueOn: '2027-04-04', open: true, party: 'BBH' });
    expect(dl('PSR', REQ, '2027-03-20', 'INFORMAL_REVIEW_REQUEST_DUE')[0]).toMatchObject({ open: false, closedBy: 'INFORMAL_REVIEW_REQUESTED' });
    expect(programInForceOn('PSR', REQ, '2027-03-20').reason).toMatch(/stays in force: the Final Notice \(revocation of program approval\) noticed on 2027-03-01 is stayed pending the informal review requested on 2027-03-05/);
  });

  it('MAINTAINED: still STAYED through the 10 days to appeal to BAH (due 2027-04-09); without an appeal REVOKED from 2027-04-10', () => {
    expect(dl('PSR', DECIDED, '2027-03-30', 'BAH_APPEAL_DUE')[0]).toMatchObject({ dueOn: '2027-04-09', open: true });
    expect(dl('PSR', DECIDED, '2027-03-30', 'BBH_DECISION_DUE')[0]).toMatchObject({ open: false, closedBy: 'INFORMAL_REVIEW_DECIDED' });
    expect(programStateOn('PSR', DECIDED, '2027-04-09')).toMatchObject({ status: 'STAYED', inForce: true });
    expect(programStateOn('PSR', DECIDED, '2027-04-10')).toMatchObject({ status: 'REVOKED', inForce: false });
  });

  it('an appeal BAH receives within the 10 days keeps it STAYED until the final decision (due 90 days after filing)', () => {
    const st = programStateOn('PSR', FILED, '2027-05-01');
    expect(st).toMatchObject({ status: 'STAYED', inForce: true, citation: '140.TABLE N(e)(3)(C)' });
    expect(dl('PSR', FILED, '2027-05-01', 'FINAL_DECISION_DUE')[0]).toMatchObject({ dueOn: '2027-07-07', open: true, party: 'BAH' });
    expect(dl('PSR', FILED, '2027-05-01', 'BAH_APPEAL_DUE')[0]).toMatchObject({ open: false, closedBy: 'FORMAL_APPEAL_FILED' });
    expect(programInForceOn('PSR', FILED, '2027-06-14')).toMatchObject({ inForce: true, status: 'STAYED' });
  });

  it('UPHELD: the stay ends and the action takes effect on the decision day; implementation due in 30 days', () => {
    expect(programInForceOn('PSR', DECISION, '2027-06-14').inForce).toBe(true);
    const inForce = programInForceOn('PSR', DECISION, '2027-06-15');
    expect(inForce).toMatchObject({ inForce: false, status: 'REVOKED', citation: '140.TABLE N(e)(3)(E)' });
    expect(inForce.reason).toMatch(/upheld by the final administrative decision of 2027-06-15/);
    expect(dl('PSR', DECISION, '2027-06-15', 'IMPLEMENTATION_DUE')[0]).toMatchObject({ dueOn: '2027-07-15', open: true });
    expect(dl('PSR', DECISION, '2027-06-15', 'FINAL_DECISION_DUE')[0]).toMatchObject({ open: false, closedBy: 'FINAL_DECISION' });
  });

  it('ACTION_IMPLEMENTED: REVOKED with no open deadline but the missed re-approval closed by the revocation', () => {
    const st = programStateOn('PSR', DONE, '2027-07-01');
    expect(st.status).toBe('REVOKED');
    expect(st.approvedThrough).toBe('2027-02-26');
    expect(st.deadlines.filter((d) => d.open)).toEqual([]);
    expect(st.deadlines.find((d) => d.kind === 'IMPLEMENTATION_DUE')).toMatchObject({ open: false, closedBy: 'ACTION_IMPLEMENTED' });
    expect(st.history.map((h) => h.type).slice(-4)).toEqual(['FORMAL_APPEAL_FILED', 'ACTION_TOOK_EFFECT', 'FINAL_DECISION', 'ACTION_IMPLEMENTED']);
  });

  it('DEFICIENCIES_REMEDIED after the 30-day period is refused, and FINAL_NOTICE inside it', () => {
    expect(refusal('PSR', WITH_NOD, ev('DEFICIENCIES_REMEDIED', '2027-03-01'))).toMatchObject({ code: 'EVENT_NOT_ALLOWED', citation: '140.TABLE N(b)(2)(B)(ii)' });
    const early = refusal('PSR', WITH_NOD, ev('FINAL_NOTICE', '2027-02-28'));
    expect(early.citation).toBe('140.TABLE N(b)(2)(B)(ii)');
    expect(early.reason).toMatch(/runs through 2027-02-28/);
  });

  it('an informal review request on day 11 after the Final Notice is refused; day 10 is accepted', () => {
    const late = refusal('PSR', FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-12'));
    expect(late).toMatchObject({ code: 'EVENT_NOT_ALLOWED', citation: '140.TABLE N(e)(3)(A)(i)' });
    expect(late.reason).toMatch(/by 2027-03-11/);
    expect(applyEvent('PSR', FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-11')).ok).toBe(true);
  });

  it('a BAH appeal on day 11 after the informal result is refused', () => {
    expect(refusal('PSR', DECIDED, ev('FORMAL_APPEAL_FILED', '2027-04-10'))).toMatchObject({ citation: '140.TABLE N(e)(3)(C)' });
  });

  it('withdrawing the BAH appeal ends the stay that day', () => {
    const events = build('PSR', [...FILED, ev('APPEAL_WITHDRAWN', '2027-05-10')]);
    expect(programStateOn('PSR', events, '2027-05-10')).toMatchObject({ status: 'REVOKED', inForce: false });
    expect(programStateOn('PSR', events, '2027-05-09').status).toBe('STAYED');
    expect(dl('PSR', events, '2027-05-10', 'FINAL_DECISION_DUE')[0]).toMatchObject({ open: false, closedBy: 'APPEAL_WITHDRAWN' });
  });

  it('withdrawing the informal review ends the stay (effect not before the default effective day)', () => {
    const events = build('PSR', [...REQ, ev('APPEAL_WITHDRAWN', '2027-03-08')]);
    expect(programStateOn('PSR', events, '2027-03-11').status).toBe('IN_REMEDY');
    expect(programStateOn('PSR', events, '2027-03-12').status).toBe('REVOKED');
  });

  it('REVERSED by the final decision: the approval goes on past its period until re-approved', () => {
    const events = build('PSR', [...FILED, ev('FINAL_DECISION', '2027-06-15', { outcome: 'REVERSED' })]);
    const st = programStateOn('PSR', events, '2027-06-15');
    // the 12-month period ended 2027-02-26 while the stay kept it in force; it stays in force until re-approved
    expect(st).toMatchObject({ status: 'APPROVED', inForce: true, citation: '140.TABLE N(e)(3)(D)' });
    expect(st.contestedAction).toMatchObject({ finalDecisionOutcome: 'REVERSED', resolvedOn: '2027-06-15', takesEffectOn: null });
    expect(st.history.some((h) => h.type === 'ACTION_TOOK_EFFECT')).toBe(false);
    const renewed = build('PSR', [...events, ev('ACTION_IMPLEMENTED', '2027-06-20'), ev('REAPPROVED', '2027-06-20')]);
    expect(programStateOn('PSR', renewed, '2027-06-20')).toMatchObject({ status: 'APPROVED', approvedThrough: '2028-02-26' });
  });

  it('REVERSED by BBH: no BAH deadline, the approval goes on, nothing to appeal', () => {
    const events = build('PSR', [...REQ, ev('INFORMAL_REVIEW_DECIDED', '2027-03-20', { outcome: 'REVERSED' })]);
    expect(dl('PSR', events, '2027-03-20', 'BAH_APPEAL_DUE')).toEqual([]);
    expect(programStateOn('PSR', events, '2027-03-20')).toMatchObject({ status: 'APPROVED', inForce: true, citation: '140.TABLE N(e)(3)(B)' });
    expect(refusal('PSR', events, ev('FORMAL_APPEAL_FILED', '2027-03-25')).reason).toMatch(/reversed the action/);
  });

  it('MODIFIED is appealable like MAINTAINED', () => {
    const events = build('PSR', [...REQ, ev('INFORMAL_REVIEW_DECIDED', '2027-03-20', { outcome: 'MODIFIED' })]);
    expect(dl('PSR', events, '2027-03-20', 'BAH_APPEAL_DUE')[0].dueOn).toBe('2027-03-30');
    expect(programStateOn('PSR', events, '2027-03-31').status).toBe('REVOKED');
  });
});

describe('revocation', () => {
  const approvedCst = build('CST', [
    ev('INTENT_SUBMITTED', '2026-03-02'),
    ev('ENROLLMENT_PROCESSED', '2026-03-03'),
    ev('ATTESTATION_SUBMITTED', '2026-03-04'),
    ev('APPROVED', '2026-03-31'),
  ]);

  it('a request period ending on a Saturday is not moved: due 2026-10-31, day 11 (Sunday) refused', () => {
    const events = build('CST', [...approvedCst, ev('REVOKED', '2026-10-21')]);
    expect(dl('CST', events, '2026-10-21', 'INFORMAL_REVIEW_REQUEST_DUE')[0].dueOn).toBe('2026-10-31');
    expect(refusal('CST', events, ev('INFORMAL_REVIEW_REQUESTED', '2026-11-01')).citation).toBe('140.TABLE N(e)(3)(A)(i)');
    expect(applyEvent('CST', events, ev('INFORMAL_REVIEW_REQUESTED', '2026-10-31')).ok).toBe(true);
  });

  it('an immediate revocation (effectiveOn = notice) is not stayed by a later request; reversal restores the approval', () => {
    const events = build('CST', [...approvedCst, ev('REVOKED', '2026-10-21', { effectiveOn: '2026-10-21' }), ev('INFORMAL_REVIEW_REQUESTED', '2026-10-23')]);
    expect(programStateOn('CST', events, '2026-10-21').status).toBe('REVOKED');
    expect(programStateOn('CST', events, '2026-10-23')).toMatchObject({ status: 'REVOKED', approvedThrough: '2026-10-20' });
    expect(programStateOn('CST', events, '2026-10-23').contestedAction?.stayed).toBe(false);
    const reversed = build('CST', [...events, ev('INFORMAL_REVIEW_DECIDED', '2026-11-10', { outcome: 'REVERSED' })]);
    expect(programInForceOn('CST', reversed, '2026-11-09').inForce).toBe(false);
    expect(programInForceOn('CST', reversed, '2026-11-10')).toMatchObject({ inForce: true, status: 'APPROVED', reason: 'CST approved through 2027-03-30' });
    const history = programStateOn('CST', reversed, '2026-11-10').history;
    expect(history.find((h) => h.type === 'ACTION_TOOK_EFFECT')?.on).toBe('2026-10-21');
  });

  it('a request received on the day the action takes effect is not received before it: no stay', () => {
    const noticed = build('CST', [...approvedCst, ev('REVOKED', '2026-10-21', { effectiveOn: '2026-10-26' })]);
    const onTheDay = build('CST', [...noticed, ev('INFORMAL_REVIEW_REQUESTED', '2026-10-26')]);
    expect(programStateOn('CST', onTheDay, '2026-10-26')).toMatchObject({ status: 'REVOKED', contestedAction: expect.objectContaining({ stayed: false }) });
    const dayBefore = build('CST', [...noticed, ev('INFORMAL_REVIEW_REQUESTED', '2026-10-25')]);
    expect(programStateOn('CST', dayBefore, '2026-10-26')).toMatchObject({ status: 'STAYED', inForce: true });
  });

  it('a revocation pending its effect leaves the approval in force and says when it takes effect', () => {
    const events = build('CST', [...approvedCst, ev('REVOKED', '2026-10-21', { effectiveOn: '2026-11-20' })]);
    expect(programInForceOn('CST', events, '2026-11-19')).toMatchObject({ inForce: true, status: 'APPROVED' });
    expect(programInForceOn('CST', events, '2026-11-19').reason).toMatch(/takes effect 2026-11-20/);
    expect(programInForceOn('CST', events, '2026-11-20')).toMatchObject({ inForce: false, status: 'REVOKED', citation: '140.TABLE N(e)(2)(B)' });
  });

  it('with an explicit later effectiveOn the stay ends with the BAH window and the action waits for its day', () => {
    const events = build('CST', [
      ...approvedCst,
      ev('REVOKED', '2026-10-21', { effectiveOn: '2026-12-31' }),
      ev('INFORMAL_REVIEW_REQUESTED', '2026-10-22'),
      ev('INFORMAL_REVIEW_DECIDED', '2026-11-02', { outcome: 'MAINTAINED' }),
    ]);
    expect(programStateOn('CST', events, '2026-11-12').status).toBe('STAYED');
    expect(programStateOn('CST', events, '2026-11-13').status).toBe('APPROVED');
    expect(programStateOn('CST', events, '2026-12-30').reason).toMatch(/takes effect 2026-12-31/);
    expect(programStateOn('CST', events, '2026-12-31').status).toBe('REVOKED');
  });
});

describe('initial refusal', () => {
  const io = build('IO', [
    ev('INTENT_SUBMITTED', '2026-01-05'),
    ev('ENROLLMENT_PROCESSED', '2026-01-20'),
    ev('ATTESTATION_SUBMITTED', '2026-01-22'),
    ev('ONSITE_REVIEW_SCHEDULED', '2026-01-30', { noticeOn: '2026-01-30', reviewOn: '2026-02-13' }),
    ev('ONSITE_REVIEW_HELD', '2026-02-13'),
  ]);
  const refused = build('IO', [...io, ev('NOT_APPROVED', '2026-03-02')]);

  it('NOT_APPROVED from the notice: no approval, request due in 10 days, findings and initial deadline met', () => {
    const st = programStateOn('IO', refused, '2026-03-02');
    expect(st).toMatchObject({ status: 'NOT_APPROVED', inForce: false, approvedThrough: null, citation: '140.TABLE N(b)(1)(G)(ii)' });
    expect(st.reason).toBe('IO program approval was refused on 2026-03-02 (takes effect 2026-03-13 unless informal review is requested by 2026-03-12)');
    expect(openDeadlines('IO', refused, '2026-03-02').map((d) => [d.kind, d.dueOn])).toEqual([['INFORMAL_REVIEW_REQUEST_DUE', '2026-03-12']]);
  });

  it('a stayed refusal is STAYED but creates no approval', () => {
    const events = build('IO', [...refused, ev('INFORMAL_REVIEW_REQUESTED', '2026-03-10'), ev('INFORMAL_REVIEW_DECIDED', '2026-03-20', { outcome: 'MAINTAINED' })]);
    expect(programInForceOn('IO', events, '2026-03-15')).toMatchObject({ inForce: false, status: 'STAYED', citation: '140.TABLE N(e)(3)(A)(ii)' });
    expect(programInForceOn('IO', events, '2026-03-15').reason).toMatch(/does not create an approval/);
    expect(programStateOn('IO', events, '2026-03-30').status).toBe('STAYED');
    expect(programStateOn('IO', events, '2026-03-31').status).toBe('NOT_APPROVED');
  });

  it('a refusal reversed on informal review returns to PENDING and is then approved without technical assistance', () => {
    const events = build('IO', [...refused, ev('INFORMAL_REVIEW_REQUESTED', '2026-03-10'), ev('INFORMAL_REVIEW_DECIDED', '2026-03-20', { outcome: 'REVERSED' })]);
    expect(programStateOn('IO', events, '2026-03-20').status).toBe('PENDING');
    expect(refusal('IO', events, ev('NOT_APPROVED', '2026-03-21')).reason).toMatch(/reversed/);
    const approved = build('IO', [...events, ev('APPROVED', '2026-03-25')]);
    expect(programStateOn('IO', approved, '2026-03-25')).toMatchObject({ status: 'APPROVED', approvedThrough: '2027-03-24' });
  });

  it('technical assistance suspends the request period; its end is the notice of appeal rights (new 10 days)', () => {
    const ta = build('IO', [...refused, ev('TECHNICAL_ASSISTANCE_STARTED', '2026-03-05')]);
    expect(dl('IO', ta, '2026-03-05', 'INFORMAL_REVIEW_REQUEST_DUE')[0]).toMatchObject({ open: false, closedBy: 'TECHNICAL_ASSISTANCE_STARTED' });
    // during technical assistance, past the first 10 days
    expect(refusal('IO', ta, ev('INFORMAL_REVIEW_REQUESTED', '2026-03-20')).reason).toMatch(/notified again when technical assistance ends/);
    const ended = build('IO', [...ta, ev('TECHNICAL_ASSISTANCE_ENDED', '2026-04-15')]);
    expect(openDeadlines('IO', ended, '2026-04-15').map((d) => [d.kind, d.dueOn])).toEqual([['INFORMAL_REVIEW_REQUEST_DUE', '2026-04-25']]);
    expect(applyEvent('IO', ended, ev('INFORMAL_REVIEW_REQUESTED', '2026-04-25')).ok).toBe(true);
    expect(refusal('IO', ended, ev('INFORMAL_REVIEW_REQUESTED', '2026-04-26')).citation).toBe('140.TABLE N(e)(3)(A)(i)');
  });

  it('approved during technical assistance (b)(1)(G)(ii), with a new on-site review; open appeal deadlines close', () => {
    const events = build('IO', [
      ...refused,
      ev('INFORMAL_REVIEW_REQUESTED', '2026-03-06'),
      ev('TECHNICAL_ASSISTANCE_STARTED', '2026-03-09'),
      ev('ONSITE_REVIEW_SCHEDULED', '2026-03-09', { noticeOn: '2026-03-09', reviewOn: '2026-03-23' }),
      ev('ONSITE_REVIEW_HELD', '2026-03-23'),
      ev('APPROVED', '2026-03-30'),
    ]);
    const st = programStateOn('IO', events, '2026-03-30');
    expect(st).toMatchObject({ status: 'APPROVED', approvedThrough: '2027-03-29', inForce: true });
    expect(st.deadlines.find((d) => d.kind === 'BBH_DECISION_DUE')).toMatchObject({ open: false, closedBy: 'APPROVED' });
    expect(st.contestedAction?.resolvedOn).toBe('2026-03-30');
    expect(build('IO', [...events, ev('TECHNICAL_ASSISTANCE_ENDED', '2026-04-01')])).toHaveLength(events.length + 1);
  });

  it('a refusal upheld by BAH and a reversal by BAH that the approval implements', () => {
    const appealed = build('IO', [
      ...refused,
      ev('INFORMAL_REVIEW_REQUESTED', '2026-03-06'),
      ev('INFORMAL_REVIEW_DECIDED', '2026-03-20', { outcome: 'MAINTAINED' }),
      ev('FORMAL_APPEAL_FILED', '2026-03-25'),
    ]);
    expect(programStateOn('IO', appealed, '2026-05-01').status).toBe('STAYED');
    const upheld = build('IO', [...appealed, ev('FINAL_DECISION', '2026-06-01', { outcome: 'UPHELD' })]);
    expect(programStateOn('IO', upheld, '2026-06-01').status).toBe('NOT_APPROVED');
    const reversed = build('IO', [...appealed, ev('FINAL_DECISION', '2026-06-01', { outcome: 'REVERSED' }), ev('APPROVED', '2026-06-10')]);
    const st = programStateOn('IO', reversed, '2026-06-10');
    expect(st.status).toBe('APPROVED');
    expect(st.deadlines.find((d) => d.kind === 'IMPLEMENTATION_DUE')).toMatchObject({ dueOn: '2026-07-01', open: false, closedBy: 'APPROVED' });
    expect(refusal('IO', reversed, ev('ACTION_IMPLEMENTED', '2026-06-11')).citation).toBe('140.TABLE N(e)(3)(E)');
  });

  it('after a refusal in effect a new application may start', () => {
    const events = build('IO', [...refused, ev('INTENT_SUBMITTED', '2026-04-01')]);
    expect(programStateOn('IO', events, '2026-04-01')).toMatchObject({ status: 'PENDING', contestedAction: null });
  });
});
