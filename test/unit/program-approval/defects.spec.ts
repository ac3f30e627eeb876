/**
 * The four lifecycle defects of the second Table N round, each at its boundary days:
 * 1. the gap after a remedy or a reversal (and what was known on which date),
 * 2. a Notice of Deficiencies that never ends (FINAL_NOTICE_OVERDUE),
 * 3. a request submitted on one day and received on another,
 * 4. events dated after the day they are recorded.
 */
import { applyEvent, programInForceOn, programStateOn } from '../../../src/rules/program-approval';
import { build, deadlinesOf as dl, ev, PSR_ANNUAL_REVIEW, PSR_TO_APPROVAL, refusal } from './helpers';

/** PSR approved 2026-02-27 through 2027-02-26; annual review held 2027-01-15 */
const APPROVED_PSR = build('PSR', [...PSR_TO_APPROVAL, ...PSR_ANNUAL_REVIEW]);
/** Notice of Deficiencies 2027-01-29: remedy period through 2027-02-28, Final Notice due 2027-03-01 */
const WITH_NOD = build('PSR', [...APPROVED_PSR, ev('NOTICE_OF_DEFICIENCIES', '2027-01-29')]);

/** CST approved 2026-03-31 through 2027-03-30 */
const APPROVED_CST = build('CST', [ev('INTENT_SUBMITTED', '2026-03-02'), ev('ENROLLMENT_PROCESSED', '2026-03-03'), ev('ATTESTATION_SUBMITTED', '2026-03-04'), ev('APPROVED', '2026-03-31')]);

describe('defect 1: a remedied or reversed approval stays in force until its re-approval is decided', () => {
  const remedied = build('PSR', [...WITH_NOD, ev('DEFICIENCIES_REMEDIED', '2027-02-20')]);

  it('remedied within the period: APPROVED through 2027-02-26, and in force from 2027-02-27 awaiting the re-approval', () => {
    expect(programInForceOn('PSR', remedied, '2027-02-26')).toMatchObject({ inForce: true, status: 'APPROVED', citation: '140.TABLE N(b)(1)(G)(i)' });
    const gap = programInForceOn('PSR', remedied, '2027-02-27');
    expect(gap).toMatchObject({ inForce: true, status: 'APPROVED', approvedThrough: '2027-02-26', citation: '140.TABLE N(b)(2)(B)(i)' });
    expect(gap.reason).toBe('PSR approval (period ended 2027-02-26) stays in force until its re-approval is decided: the deficiencies were remedied on 2027-02-20');
    // a year later still in force; the Department's re-approval deadline shows overdue meanwhile
    expect(programInForceOn('PSR', remedied, '2028-03-01').inForce).toBe(true);
    const [reapproval] = dl('PSR', remedied, '2027-02-27', 'REAPPROVAL_DUE');
    expect(reapproval).toMatchObject({ dueOn: '2027-02-26', open: true, party: 'DEPARTMENT' });
    expect(reapproval.overdue('2027-02-27')).toBe(true);
  });

  it('a re-approval recorded later covers the gap: dates before it are answered from it, with the day it was recorded', () => {
    const reapproved = build('PSR', [...remedied, { ...ev('REAPPROVED', '2027-03-10'), recordedOn: '2027-03-12' }]);
    const covered = programInForceOn('PSR', reapproved, '2027-02-27');
    expect(covered).toMatchObject({ inForce: true, status: 'APPROVED', approvedThrough: '2028-02-26', citation: '140.TABLE N(b)(2)(A)', recordedThrough: '2027-03-12' });
    expect(covered.reason).toMatch(/^PSR re-approved on 2027-03-10 \(recorded 2027-03-12\) for 2027-02-27 through 2028-02-26; PSR approval \(period ended 2027-02-26\) stays in force/);
    // what a check made on 2027-03-11 saw: in force, awaiting the re-approval not yet recorded
    const before = programInForceOn('PSR', reapproved, '2027-02-27', { knownOn: '2027-03-11' });
    expect(before).toMatchObject({ inForce: true, status: 'APPROVED', approvedThrough: '2027-02-26', citation: '140.TABLE N(b)(2)(B)(i)' });
    expect(programStateOn('PSR', reapproved, '2027-03-20', { knownOn: '2027-03-11' })).toMatchObject({ knownOn: '2027-03-11', approvedThrough: '2027-02-26' });
    expect(programStateOn('PSR', reapproved, '2027-03-20', { knownOn: '2027-03-12' }).approvedThrough).toBe('2028-02-26');
  });

  it('what was known on which date: a claim checked before a late-recorded approval was refused, and that answer can be asked again', () => {
    const events = build('CST', [
      ev('INTENT_SUBMITTED', '2026-03-02'),
      ev('ENROLLMENT_PROCESSED', '2026-03-03'),
      ev('ATTESTATION_SUBMITTED', '2026-03-04'),
      { ...ev('APPROVED', '2026-03-31'), recordedOn: '2026-04-10' },
    ]);
    expect(programInForceOn('CST', events, '2026-04-01', { knownOn: '2026-04-09' })).toMatchObject({ inForce: false, status: 'PENDING', recordedThrough: '2026-03-04' });
    expect(programInForceOn('CST', events, '2026-04-01', { knownOn: '2026-04-10' })).toMatchObject({ inForce: true, status: 'APPROVED', recordedThrough: '2026-04-10' });
    expect(programStateOn('CST', events, '2026-04-10').history.at(-1)).toMatchObject({ type: 'APPROVED', on: '2026-03-31', recordedOn: '2026-04-10' });
  });

  it('a revocation reversed by BBH after the period ran out stays in force until re-approval; reversed on the last day of the period, it lapses after it', () => {
    const stayed = build('CST', [...APPROVED_CST, ev('REVOKED', '2027-03-10'), ev('INFORMAL_REVIEW_REQUESTED', '2027-03-15')]);
    const onLastDay = build('CST', [...stayed, ev('INFORMAL_REVIEW_DECIDED', '2027-03-30', { outcome: 'REVERSED' })]);
    expect(programStateOn('CST', onLastDay, '2027-03-30')).toMatchObject({ status: 'APPROVED', citation: '140.TABLE N(b)(1)(G)(i)' });
    expect(programStateOn('CST', onLastDay, '2027-03-31')).toMatchObject({ status: 'LAPSED', inForce: false });
    const dayAfter = build('CST', [...stayed, ev('INFORMAL_REVIEW_DECIDED', '2027-03-31', { outcome: 'REVERSED' })]);
    expect(programStateOn('CST', dayAfter, '2027-03-31')).toMatchObject({ status: 'APPROVED', inForce: true, citation: '140.TABLE N(e)(3)(B)' });
    expect(programInForceOn('CST', dayAfter, '2027-06-01').reason).toMatch(/the informal review reversed the action on 2027-03-31/);
  });

  it('after a reversal in the gap the annual review may still find deficiencies (a Notice of Deficiencies is allowed)', () => {
    const reversed = build('PSR', [...WITH_NOD, ev('FINAL_NOTICE', '2027-03-01'), ev('INFORMAL_REVIEW_REQUESTED', '2027-03-05'), ev('INFORMAL_REVIEW_DECIDED', '2027-03-20', { outcome: 'REVERSED' })]);
    expect(applyEvent('PSR', reversed, ev('NOTICE_OF_DEFICIENCIES', '2027-04-01')).ok).toBe(true);
    expect(refusal('PSR', reversed, ev('APPROVED', '2027-04-01')).reason).toMatch(/REAPPROVED/);
  });
});

describe('defect 2: a Notice of Deficiencies with no Final Notice is in force with FINAL_NOTICE_OVERDUE once the remedy period and the 12 months are over', () => {
  it('the Final Notice is due 2027-03-01, the day after the remedy period closes (the Department acts; met by the Final Notice)', () => {
    const [due] = dl('PSR', WITH_NOD, '2027-01-29', 'FINAL_NOTICE_DUE');
    expect(due).toMatchObject({ dueOn: '2027-03-01', open: true, party: 'DEPARTMENT', citation: '140.TABLE N(b)(2)(B)(ii)', ruleId: 'TN-DL-FINAL_NOTICE_DUE-v1' });
    expect(due.overdue('2027-03-01')).toBe(false);
    expect(due.overdue('2027-03-02')).toBe(true);
    const fn = build('PSR', [...WITH_NOD, ev('FINAL_NOTICE', '2027-03-01')]);
    expect(dl('PSR', fn, '2027-03-01', 'FINAL_NOTICE_DUE')[0]).toMatchObject({ open: false, closedBy: 'FINAL_NOTICE', closedOn: '2027-03-01' });
    const remedied = build('PSR', [...WITH_NOD, ev('DEFICIENCIES_REMEDIED', '2027-02-28')]);
    expect(dl('PSR', remedied, '2027-02-28', 'FINAL_NOTICE_DUE')[0]).toMatchObject({ open: false, closedBy: 'DEFICIENCIES_REMEDIED' });
  });

  it('in force throughout; the warning from the day after the Final Notice was due (2027-03-02), not before', () => {
    expect(programInForceOn('PSR', WITH_NOD, '2027-03-01')).toMatchObject({ inForce: true, status: 'IN_REMEDY' });
    expect(programInForceOn('PSR', WITH_NOD, '2027-03-01').warning).toBeUndefined();
    const late = programInForceOn('PSR', WITH_NOD, '2027-03-02');
    expect(late).toMatchObject({ inForce: true, status: 'IN_REMEDY', warning: { code: 'FINAL_NOTICE_OVERDUE', citation: '140.TABLE N(b)(2)(B)(ii)', dueOn: '2027-03-01' } });
    expect(late.reason).toMatch(/the Department's Final Notice, due 2027-03-01, is not recorded/);
    expect(late.warning?.message).toMatch(/12-month period on 2027-02-26 .* kept in force only by the Notice of Deficiencies of 2027-01-29/);
    // seen a year later: still flagged, never silently in force
    expect(programInForceOn('PSR', WITH_NOD, '2028-03-01').warning?.code).toBe('FINAL_NOTICE_OVERDUE');
    expect(programStateOn('PSR', WITH_NOD, '2028-03-01').finalNoticeOverdueSince).toBe('2027-03-01');
  });

  it('within the 12 months there is no warning even with the Final Notice overdue (the period covers the date); from the day after it there is', () => {
    const events = build('CST', [...APPROVED_CST, ev('NOTICE_OF_DEFICIENCIES', '2026-06-01')]);
    expect(dl('CST', events, '2026-07-05', 'FINAL_NOTICE_DUE')[0].overdue('2026-07-05')).toBe(true);
    expect(programInForceOn('CST', events, '2027-03-30').warning).toBeUndefined();
    expect(programInForceOn('CST', events, '2027-03-31').warning?.dueOn).toBe('2026-07-02');
  });

  it('once the Final Notice is recorded the warning ends: the action follows its own course', () => {
    const fn = build('PSR', [...WITH_NOD, ev('FINAL_NOTICE', '2027-03-05')]);
    expect(programInForceOn('PSR', fn, '2027-03-04').warning?.code).toBe('FINAL_NOTICE_OVERDUE');
    expect(programInForceOn('PSR', fn, '2027-03-05')).toMatchObject({ inForce: true, status: 'IN_REMEDY' });
    expect(programInForceOn('PSR', fn, '2027-03-05').warning).toBeUndefined();
    expect(programInForceOn('PSR', fn, '2027-03-16')).toMatchObject({ inForce: false, status: 'REVOKED' });
  });
});

describe('defect 3: a request is timely by the day it was submitted; the stay and the decision periods run from the day it was received', () => {
  const FN = build('PSR', [...WITH_NOD, ev('FINAL_NOTICE', '2027-03-01')]);

  it('submitted on day 10 (2027-03-11), received on day 12: accepted, not stayed (received after the action took effect on 2027-03-12)', () => {
    const events = build('PSR', [...FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-13', { submittedOn: '2027-03-11' })]);
    const st = programStateOn('PSR', events, '2027-03-13');
    expect(st).toMatchObject({ status: 'REVOKED', inForce: false });
    expect(st.contestedAction).toMatchObject({ informalReviewSubmittedOn: '2027-03-11', informalReviewRequestedOn: '2027-03-13', stayed: false });
    expect(dl('PSR', events, '2027-03-13', 'INFORMAL_REVIEW_REQUEST_DUE')[0]).toMatchObject({ open: false, closedOn: '2027-03-11', closedBy: 'INFORMAL_REVIEW_REQUESTED' });
    expect(dl('PSR', events, '2027-03-13', 'BBH_DECISION_DUE')[0]).toMatchObject({ dueOn: '2027-04-12', open: true });
    // reversed on that review, the approval is restored from the reversal
    const reversed = build('PSR', [...events, ev('INFORMAL_REVIEW_DECIDED', '2027-04-01', { outcome: 'REVERSED' })]);
    expect(programInForceOn('PSR', reversed, '2027-03-31').inForce).toBe(false);
    expect(programInForceOn('PSR', reversed, '2027-04-01')).toMatchObject({ inForce: true, status: 'APPROVED' });
  });

  it('submitted on day 11 is refused; received on day 11 but submitted on day 10 is stayed (received before the effect day)', () => {
    const late = refusal('PSR', FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-13', { submittedOn: '2027-03-12' }));
    expect(late).toMatchObject({ code: 'EVENT_NOT_ALLOWED', citation: '140.TABLE N(e)(3)(A)(i)', guardId: 'TN-G-IR-WITHIN-10' });
    expect(late.reason).toMatch(/by 2027-03-11\); submitted 2027-03-12/);
    const stayed = build('PSR', [...FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-11', { submittedOn: '2027-03-10' })]);
    expect(programStateOn('PSR', stayed, '2027-03-12')).toMatchObject({ status: 'STAYED', inForce: true });
  });

  it('a request sent before the notice it contests, or a submittedOn after the receipt or on another event, is refused', () => {
    expect(refusal('PSR', FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-05', { submittedOn: '2027-02-28' })).citation).toBe('140.TABLE N(e)(3)(A)(i)');
    const after = applyEvent('PSR', FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-05', { submittedOn: '2027-03-06' }));
    expect(after).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: '/submittedOn' })] });
    expect(applyEvent('PSR', FN, ev('ATTESTATION_SUBMITTED', '2027-03-05', { submittedOn: '2027-03-05' }))).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  describe('formal appeal to BAH (result 2027-03-30: window through 2027-04-09, the action takes effect 2027-04-10 without an appeal)', () => {
    const DECIDED = build('PSR', [...FN, ev('INFORMAL_REVIEW_REQUESTED', '2027-03-05'), ev('INFORMAL_REVIEW_DECIDED', '2027-03-30', { outcome: 'MAINTAINED' })]);

    it('sent on day 10, received on day 10: stayed until the final decision', () => {
      const events = build('PSR', [...DECIDED, ev('FORMAL_APPEAL_FILED', '2027-04-09', { submittedOn: '2027-04-09' })]);
      expect(programStateOn('PSR', events, '2027-05-01')).toMatchObject({ status: 'STAYED', citation: '140.TABLE N(e)(3)(C)' });
    });

    it('sent on day 10, received on day 11: timely, but the action took effect that day; the final decision is due 90 days after receipt', () => {
      const events = build('PSR', [...DECIDED, ev('FORMAL_APPEAL_FILED', '2027-04-10', { submittedOn: '2027-04-09' })]);
      expect(programStateOn('PSR', events, '2027-04-10')).toMatchObject({ status: 'REVOKED', inForce: false });
      expect(programStateOn('PSR', events, '2027-04-09').status).toBe('STAYED');
      expect(dl('PSR', events, '2027-04-10', 'FINAL_DECISION_DUE')[0]).toMatchObject({ dueOn: '2027-07-09', open: true });
      expect(dl('PSR', events, '2027-04-10', 'BAH_APPEAL_DUE')[0]).toMatchObject({ open: false, closedOn: '2027-04-09' });
      expect(programStateOn('PSR', events, '2027-04-10').contestedAction).toMatchObject({ formalAppealSubmittedOn: '2027-04-09', formalAppealFiledOn: '2027-04-10' });
      expect(programStateOn('PSR', events, '2027-04-10').history.at(-1)?.summary).toMatch(/sent 2027-04-09.*stays nothing/);
    });

    it('sent on day 11 is refused', () => {
      expect(refusal('PSR', DECIDED, ev('FORMAL_APPEAL_FILED', '2027-04-11', { submittedOn: '2027-04-10' }))).toMatchObject({ citation: '140.TABLE N(e)(3)(C)', guardId: 'TN-G-FA-WITHIN-10' });
    });
  });
});

describe('defect 4: an event dated after the day it is recorded is refused', () => {
  it('dated the day it is recorded: accepted; the day after: refused, naming both days', () => {
    expect(applyEvent('CST', APPROVED_CST, { ...ev('ATTESTATION_SUBMITTED', '2026-11-30'), recordedOn: '2026-11-30' }).ok).toBe(true);
    const r = refusal('CST', APPROVED_CST, { ...ev('ATTESTATION_SUBMITTED', '2026-12-01'), recordedOn: '2026-11-30' });
    expect(r).toMatchObject({ code: 'EVENT_NOT_ALLOWED', citation: '140.TABLE N', guardId: 'TN-G-NOT-FUTURE' });
    expect(r.reason).toMatch(/dated 2026-12-01, after the day it is being recorded \(2026-11-30\)/);
  });

  it('a notice taking effect later is recorded on its notice day with effectiveOn', () => {
    expect(applyEvent('CST', APPROVED_CST, { ...ev('REVOKED', '2026-11-30', { effectiveOn: '2027-01-15' }), recordedOn: '2026-11-30' }).ok).toBe(true);
  });

  it('a stored history recorded before the check existed is still read, and flagged in the history', () => {
    const stored = [...APPROVED_CST, { ...ev('ATTESTATION_SUBMITTED', '2027-01-10'), recordedOn: '2026-11-30' }];
    const entry = programStateOn('CST', stored, '2027-01-10').history.at(-1);
    expect(entry).toMatchObject({ type: 'ATTESTATION_SUBMITTED', recordedOn: '2026-11-30', warning: 'dated 2027-01-10, after the day it was recorded (2026-11-30)' });
  });
});
