import {
  applyEvent,
  approvalPeriodThrough,
  openDeadlines,
  programInForceOn,
  programStateOn,
  ProgramApprovalHistoryError,
} from '../../../src/rules/program-approval';
import { ev, build, deadlinesOf as deadline, PSR_TO_APPROVAL } from './helpers';

describe('PSR from intent to approval', () => {
  const events = build('PSR', PSR_TO_APPROVAL);

  it('is PENDING with no decision, and no approval is in force', () => {
    const st = programStateOn('PSR', events, '2026-01-21');
    expect(st.status).toBe('PENDING');
    expect(st.approvedThrough).toBeNull();
    expect(programInForceOn('PSR', events, '2026-01-21')).toMatchObject({ inForce: false, status: 'PENDING', citation: '140.TABLE N(b)(1)(C)' });
  });

  it('before any event there is no approval on record (status NONE)', () => {
    expect(programInForceOn('PSR', events, '2026-01-04')).toMatchObject({ inForce: false, status: 'NONE', reason: 'no PSR program approval on record on 2026-01-04' });
  });

  it('opens INITIAL_APPROVAL_DUE 90 days after enrollment, met by the approval', () => {
    const [d] = deadline('PSR', events, '2026-01-20', 'INITIAL_APPROVAL_DUE');
    expect(d).toMatchObject({ dueOn: '2026-04-20', open: true, citation: '140.TABLE N(b)(1)(C)' });
    expect(d.overdue('2026-04-20')).toBe(false);
    expect(d.overdue('2026-04-21')).toBe(true);
    const [after] = deadline('PSR', events, '2026-02-27', 'INITIAL_APPROVAL_DUE');
    expect(after).toMatchObject({ open: false, closedOn: '2026-02-27', closedBy: 'APPROVED' });
    expect(after.overdue('2026-05-01')).toBe(false);
  });

  it('records the on-site notice as met when given with the schedule', () => {
    const [d] = deadline('PSR', events, '2026-01-30', 'ONSITE_NOTICE_DUE');
    expect(d).toMatchObject({ dueOn: '2026-02-03', open: false, closedOn: '2026-01-30', citation: '140.TABLE N(b)(1)(E)' });
  });

  it('FINDINGS_DUE is 10 business days after the review, skipping Presidents\' Day', () => {
    const [d] = deadline('PSR', events, '2026-02-13', 'FINDINGS_DUE');
    expect(d).toMatchObject({ dueOn: '2026-03-02', open: true, citation: '140.TABLE N(b)(1)(G)' });
    expect(deadline('PSR', events, '2026-02-27', 'FINDINGS_DUE')[0]).toMatchObject({ open: false, closedBy: 'APPROVED' });
  });

  it('approved on 2026-02-27 is in force through 2027-02-26 and lapses the next day', () => {
    const st = programStateOn('PSR', events, '2026-02-27');
    expect(st).toMatchObject({ status: 'APPROVED', approvedThrough: '2027-02-26', approvedOn: '2026-02-27', inForce: true });
    expect(programInForceOn('PSR', events, '2027-02-26')).toEqual({
      program: 'PSR',
      date: '2027-02-26',
      inForce: true,
      status: 'APPROVED',
      reason: 'PSR approved through 2027-02-26',
      citation: '140.TABLE N(b)(1)(G)(i)',
      approvedThrough: '2027-02-26',
    });
    expect(programInForceOn('PSR', events, '2027-02-27')).toMatchObject({ inForce: false, status: 'LAPSED', reason: 'PSR approval expired after 2027-02-26 with no re-approval' });
    expect(programInForceOn('PSR', events, '2026-02-26')).toMatchObject({ inForce: false, status: 'PENDING' });
  });

  it('opens REAPPROVAL_DUE at the end of the period, overdue once lapsed', () => {
    const [d] = deadline('PSR', events, '2027-03-01', 'REAPPROVAL_DUE');
    expect(d).toMatchObject({ dueOn: '2027-02-26', open: true, citation: '140.TABLE N(b)(1)(G)(i)' });
    expect(d.overdue('2027-03-01')).toBe(true);
    expect(openDeadlines('PSR', events, '2027-03-01').map((x) => x.kind)).toEqual(['REAPPROVAL_DUE']);
  });

  it('keeps a history with the status after each event and the lapse', () => {
    const st = programStateOn('PSR', events, '2027-03-01');
    expect(st.history.map((h) => [h.on, h.type, h.status])).toEqual([
      ['2026-01-05', 'INTENT_SUBMITTED', 'PENDING'],
      ['2026-01-20', 'ENROLLMENT_PROCESSED', 'PENDING'],
      ['2026-01-22', 'ATTESTATION_SUBMITTED', 'PENDING'],
      ['2026-01-30', 'ONSITE_REVIEW_SCHEDULED', 'PENDING'],
      ['2026-02-13', 'ONSITE_REVIEW_HELD', 'PENDING'],
      ['2026-02-27', 'APPROVED', 'APPROVED'],
      ['2027-02-27', 'APPROVAL_LAPSED', 'LAPSED'],
    ]);
    expect(st.history[5].summary).toBe('Approved through 2027-02-26');
  });

  it('counts only events dated on or before asOf, in date order whatever the stored order', () => {
    expect(programStateOn('PSR', [...events].reverse(), '2026-03-01').status).toBe('APPROVED');
    expect(programStateOn('PSR', events, '2026-02-26').deadlines.some((d) => d.kind === 'REAPPROVAL_DUE')).toBe(false);
  });

  it('applyEvent returns the state on the new event\'s date', () => {
    const r = applyEvent('PSR', events.slice(0, 5), events[5]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.events).toHaveLength(6);
      expect(r.state).toMatchObject({ asOf: '2026-02-27', status: 'APPROVED', approvedThrough: '2027-02-26' });
    }
  });

  it('a stored history the rules refuse throws when read', () => {
    const broken = [ev('INTENT_SUBMITTED', '2026-01-05'), ev('APPROVED', '2026-01-06')];
    expect(() => programStateOn('PSR', broken, '2026-02-01')).toThrow(ProgramApprovalHistoryError);
    expect(() => programStateOn('PSR', broken, '2026-02-01')).toThrow(/event 1 is not allowed/);
  });
});

describe('CST may be approved without an on-site review', () => {
  it('approves from the attestation and documents alone', () => {
    const events = build('CST', [ev('INTENT_SUBMITTED', '2026-03-02'), ev('ENROLLMENT_PROCESSED', '2026-03-03'), ev('ATTESTATION_SUBMITTED', '2026-03-04'), ev('APPROVED', '2026-03-31')]);
    expect(programStateOn('CST', events, '2026-03-31')).toMatchObject({ status: 'APPROVED', approvedThrough: '2027-03-30' });
  });
});

describe('on-site notice given after scheduling', () => {
  const scheduled = build('IO', [
    ev('INTENT_SUBMITTED', '2026-09-01'),
    ev('ENROLLMENT_PROCESSED', '2026-09-02'),
    ev('ATTESTATION_SUBMITTED', '2026-09-02'),
    ev('ONSITE_REVIEW_SCHEDULED', '2026-09-03', { reviewOn: '2026-10-05' }),
  ]);

  it('opens ONSITE_NOTICE_DUE 10 days before the review, overdue if not given', () => {
    const [d] = deadline('IO', scheduled, '2026-09-03', 'ONSITE_NOTICE_DUE');
    expect(d).toMatchObject({ dueOn: '2026-09-25', open: true, party: 'DEPARTMENT' });
    expect(d.overdue('2026-09-25')).toBe(false);
    expect(d.overdue('2026-09-26')).toBe(true);
  });

  it('a later schedule event with the notice meets it; the review can then be held', () => {
    const events = build('IO', [...scheduled, ev('ONSITE_REVIEW_SCHEDULED', '2026-09-25', { noticeOn: '2026-09-25', reviewOn: '2026-10-05' }), ev('ONSITE_REVIEW_HELD', '2026-10-05')]);
    const ds = deadline('IO', events, '2026-10-05', 'ONSITE_NOTICE_DUE');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ open: false, closedOn: '2026-09-25' });
    // Columbus Day 2026-10-12 is skipped
    expect(deadline('IO', events, '2026-10-05', 'FINDINGS_DUE')[0].dueOn).toBe('2026-10-20');
  });

  it('rescheduling to a new date supersedes the old notice deadline and opens a new one', () => {
    const events = build('IO', [...scheduled, ev('ONSITE_REVIEW_SCHEDULED', '2026-09-20', { reviewOn: '2026-10-19' })]);
    const ds = deadline('IO', events, '2026-09-20', 'ONSITE_NOTICE_DUE');
    expect(ds.map((d) => [d.dueOn, d.open])).toEqual([
      ['2026-09-25', false],
      ['2026-10-09', true],
    ]);
  });
});

describe('findings due across holidays', () => {
  const upTo = (reviewOn: string, noticeOn: string) =>
    build('IO', [
      ev('INTENT_SUBMITTED', '2026-09-01'),
      ev('ENROLLMENT_PROCESSED', '2026-09-02'),
      ev('ATTESTATION_SUBMITTED', '2026-09-02'),
      ev('ONSITE_REVIEW_SCHEDULED', noticeOn, { noticeOn, reviewOn }),
      ev('ONSITE_REVIEW_HELD', reviewOn),
    ]);

  it('a review held the Friday before Thanksgiving: due 2026-12-08', () => {
    expect(deadline('IO', upTo('2026-11-20', '2026-11-02'), '2026-11-20', 'FINDINGS_DUE')[0].dueOn).toBe('2026-12-08');
  });

  it('a review held 2026-12-18: due 2027-01-05 (Christmas and New Year skipped)', () => {
    const events = upTo('2026-12-18', '2026-11-30');
    const [d] = deadline('IO', events, '2026-12-18', 'FINDINGS_DUE');
    expect(d.dueOn).toBe('2027-01-05');
    expect(d.overdue('2027-01-05')).toBe(false);
    expect(d.overdue('2027-01-06')).toBe(true);
  });
});

describe('12-month periods, leap days and month ends', () => {
  it('approvalPeriodThrough: the day before the anniversary; a 29 February start runs through 28 February', () => {
    expect(approvalPeriodThrough('2026-02-27')).toBe('2027-02-26');
    expect(approvalPeriodThrough('2028-02-29')).toBe('2029-02-28');
    expect(approvalPeriodThrough('2028-02-28')).toBe('2029-02-27');
    expect(approvalPeriodThrough('2027-03-01')).toBe('2028-02-29');
    expect(approvalPeriodThrough('2026-01-31')).toBe('2027-01-30');
  });

  const leap = build('CST', [
    ev('INTENT_SUBMITTED', '2027-12-01'),
    ev('ENROLLMENT_PROCESSED', '2028-01-01'),
    ev('ATTESTATION_SUBMITTED', '2028-01-02'),
    ev('APPROVED', '2028-02-29'),
  ]);

  it('INITIAL_APPROVAL_DUE counts 29 February: 2028-01-01 + 90 = 2028-03-31', () => {
    expect(deadline('CST', leap, '2028-01-01', 'INITIAL_APPROVAL_DUE')[0].dueOn).toBe('2028-03-31');
  });

  it('approved on 2028-02-29: in force through 2029-02-28, lapsed 2029-03-01', () => {
    expect(programStateOn('CST', leap, '2028-02-29')).toMatchObject({ status: 'APPROVED', approvedThrough: '2029-02-28' });
    expect(programInForceOn('CST', leap, '2029-02-28').inForce).toBe(true);
    expect(programInForceOn('CST', leap, '2029-03-01')).toMatchObject({ inForce: false, status: 'LAPSED' });
    expect(deadline('CST', leap, '2028-03-01', 'REAPPROVAL_DUE')[0].dueOn).toBe('2029-02-28');
  });

  it('re-approval extends by 12 months from the end of the current period (through 2030-02-28)', () => {
    const events = build('CST', [...leap, ev('ATTESTATION_SUBMITTED', '2029-01-15'), ev('REAPPROVED', '2029-02-01')]);
    const st = programStateOn('CST', events, '2029-02-01');
    expect(st).toMatchObject({ status: 'APPROVED', approvedThrough: '2030-02-28', approvedOn: '2029-02-01', citation: '140.TABLE N(b)(2)(A)' });
    expect(st.deadlines.filter((d) => d.kind === 'REAPPROVAL_DUE').map((d) => [d.dueOn, d.open, d.closedBy])).toEqual([
      ['2029-02-28', false, 'REAPPROVED'],
      ['2030-02-28', true, null],
    ]);
    expect(programInForceOn('CST', events, '2030-02-28').reason).toBe('CST approved through 2030-02-28');
  });

  it('a period ending 2028-02-29 is renewed through 2029-02-28', () => {
    const events = build('CST', [
      ev('INTENT_SUBMITTED', '2027-01-04'),
      ev('ENROLLMENT_PROCESSED', '2027-01-05'),
      ev('ATTESTATION_SUBMITTED', '2027-01-05'),
      ev('APPROVED', '2027-03-01'),
      ev('ATTESTATION_SUBMITTED', '2028-02-01'),
      ev('REAPPROVED', '2028-02-29'),
    ]);
    expect(programStateOn('CST', events, '2028-02-29').approvedThrough).toBe('2029-02-28');
  });

  it('INITIAL_APPROVAL_DUE in a common year: 2027-01-01 + 90 = 2027-04-01', () => {
    const events = build('CST', [ev('INTENT_SUBMITTED', '2026-12-01'), ev('ENROLLMENT_PROCESSED', '2027-01-01')]);
    expect(deadline('CST', events, '2027-01-01', 'INITIAL_APPROVAL_DUE')[0].dueOn).toBe('2027-04-01');
  });
});

describe('re-approval of PSR', () => {
  const base = build('PSR', PSR_TO_APPROVAL);

  it('needs a new attestation and a new on-site review, then runs from the end of the period', () => {
    const events = build('PSR', [
      ...base,
      ev('ATTESTATION_SUBMITTED', '2027-01-04'),
      ev('ONSITE_REVIEW_SCHEDULED', '2027-01-04', { noticeOn: '2027-01-04', reviewOn: '2027-01-15' }),
      ev('ONSITE_REVIEW_HELD', '2027-01-15'),
      ev('REAPPROVED', '2027-01-29'),
    ]);
    // MLK Day 2027-01-18 skipped
    expect(deadline('PSR', events, '2027-01-15', 'FINDINGS_DUE')[1].dueOn).toBe('2027-02-01');
    expect(programStateOn('PSR', events, '2027-01-29')).toMatchObject({ status: 'APPROVED', approvedThrough: '2028-02-26' });
    expect(programInForceOn('PSR', events, '2028-02-26').inForce).toBe(true);
    expect(programInForceOn('PSR', events, '2028-02-27').status).toBe('LAPSED');
  });

  it('after a lapse a new APPROVED starts a new period from its date', () => {
    const events = build('PSR', [
      ...base,
      ev('ATTESTATION_SUBMITTED', '2027-03-01'),
      ev('ONSITE_REVIEW_SCHEDULED', '2027-03-01', { noticeOn: '2027-03-01', reviewOn: '2027-03-15' }),
      ev('ONSITE_REVIEW_HELD', '2027-03-15'),
      ev('APPROVED', '2027-03-22'),
    ]);
    expect(programStateOn('PSR', events, '2027-03-21').status).toBe('LAPSED');
    const st = programStateOn('PSR', events, '2027-03-22');
    expect(st).toMatchObject({ status: 'APPROVED', approvedThrough: '2028-03-21' });
    expect(st.deadlines.filter((d) => d.kind === 'REAPPROVAL_DUE').map((d) => [d.dueOn, d.open, d.closedBy])).toEqual([
      ['2027-02-26', false, 'APPROVED'],
      ['2028-03-21', true, null],
    ]);
  });
});

describe('a new application after a lapse', () => {
  it('INTENT_SUBMITTED closes the old deadlines and starts over as PENDING', () => {
    const events = build('CST', [
      ev('INTENT_SUBMITTED', '2026-03-02'),
      ev('ENROLLMENT_PROCESSED', '2026-03-03'),
      ev('ATTESTATION_SUBMITTED', '2026-03-04'),
      ev('APPROVED', '2026-03-31'),
      ev('INTENT_SUBMITTED', '2027-05-03'),
    ]);
    const st = programStateOn('CST', events, '2027-05-03');
    expect(st).toMatchObject({ status: 'PENDING', approvedThrough: null, inForce: false });
    expect(st.deadlines.filter((d) => d.open)).toEqual([]);
    expect(st.deadlines.find((d) => d.kind === 'REAPPROVAL_DUE')).toMatchObject({ closedBy: 'INTENT_SUBMITTED' });
  });
});
