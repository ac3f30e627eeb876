import { applyEvent, type ProgramApprovalEvent } from '../../../src/rules/program-approval';
import type { Program } from '../../../src/rules/vocabulary';
import { ev, build } from './helpers';

/** asserts `next` is refused as not allowed, with the citation, and a reason matching `reason` */
function expectRefused(program: Program, events: ProgramApprovalEvent[], next: ProgramApprovalEvent, citation: string, reason?: RegExp) {
  const r = applyEvent(program, events, next);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.code).toBe('EVENT_NOT_ALLOWED');
    expect(r.citation).toBe(citation);
    if (reason) expect(r.reason).toMatch(reason);
  }
}

const expectAccepted = (program: Program, events: ProgramApprovalEvent[], next: ProgramApprovalEvent) => {
  const r = applyEvent(program, events, next);
  if (!r.ok) throw new Error(`expected ${next.type} to be accepted: ${r.reason}`);
};

const INTENT = [ev('INTENT_SUBMITTED', '2026-01-05')];
const ENROLLED = build('IO', [...INTENT, ev('ENROLLMENT_PROCESSED', '2026-01-20'), ev('ATTESTATION_SUBMITTED', '2026-01-22')]);
const REVIEWED = build('IO', [
  ...ENROLLED,
  ev('ONSITE_REVIEW_SCHEDULED', '2026-01-30', { noticeOn: '2026-01-30', reviewOn: '2026-02-13' }),
  ev('ONSITE_REVIEW_HELD', '2026-02-13'),
]);
const APPROVED = build('IO', [...REVIEWED, ev('APPROVED', '2026-02-27')]);
const CST_APPROVED = build('CST', [...INTENT, ev('ENROLLMENT_PROCESSED', '2026-01-20'), ev('ATTESTATION_SUBMITTED', '2026-01-22'), ev('APPROVED', '2026-02-27')]);
const CST_NOD = build('CST', [...CST_APPROVED, ev('NOTICE_OF_DEFICIENCIES', '2026-06-01')]);
const CST_REVOKED_NOTICE = build('CST', [...CST_APPROVED, ev('REVOKED', '2026-06-01')]);
const CST_REQUESTED = build('CST', [...CST_REVOKED_NOTICE, ev('INFORMAL_REVIEW_REQUESTED', '2026-06-05')]);
const CST_DECIDED = build('CST', [...CST_REQUESTED, ev('INFORMAL_REVIEW_DECIDED', '2026-06-20', { outcome: 'MAINTAINED' })]);
const IO_REFUSED = build('IO', [...REVIEWED, ev('NOT_APPROVED', '2026-03-02')]);

describe('order and application', () => {
  it('an event dated before the last one is refused', () => {
    expectRefused('IO', ENROLLED, ev('ATTESTATION_SUBMITTED', '2026-01-21'), '140.TABLE N', /dated before the last event \(2026-01-22\)/);
    expectAccepted('IO', ENROLLED, ev('ATTESTATION_SUBMITTED', '2026-01-22'));
  });

  it('ENROLLMENT_PROCESSED before the intention, or twice', () => {
    expectRefused('IO', [], ev('ENROLLMENT_PROCESSED', '2026-01-20'), '140.TABLE N(b)(1)(A)', /INTENT_SUBMITTED/);
    expectRefused('IO', ENROLLED, ev('ENROLLMENT_PROCESSED', '2026-02-01'), '140.TABLE N(b)(1)(B)', /already processed on 2026-01-20/);
  });

  it('INTENT_SUBMITTED again while pending or approved', () => {
    expectRefused('IO', INTENT, ev('INTENT_SUBMITTED', '2026-01-06'), '140.TABLE N(b)(1)(A)', /already submitted on 2026-01-05/);
    expectRefused('IO', APPROVED, ev('INTENT_SUBMITTED', '2026-05-01'), '140.TABLE N(b)(1)(A)', /APPROVED/);
  });

  it('INTENT_SUBMITTED while a refusal is still open to review', () => {
    expectRefused('IO', IO_REFUSED, ev('INTENT_SUBMITTED', '2026-03-12'), '140.TABLE N(e)(3)(A)', /still open to review/);
    expectAccepted('IO', IO_REFUSED, ev('INTENT_SUBMITTED', '2026-03-13'));
  });

  it('ATTESTATION_SUBMITTED before the intention', () => {
    expectRefused('IO', [], ev('ATTESTATION_SUBMITTED', '2026-01-05'), '140.TABLE N(b)(1)(A)');
  });
});

describe('on-site review', () => {
  it('scheduled before the enrollment is processed', () => {
    expectRefused('IO', INTENT, ev('ONSITE_REVIEW_SCHEDULED', '2026-01-06', { noticeOn: '2026-01-06', reviewOn: '2026-02-02' }), '140.TABLE N(b)(1)(C)');
  });

  it('notice 9 days before the review is refused; 10 days is accepted', () => {
    expectRefused('IO', ENROLLED, ev('ONSITE_REVIEW_SCHEDULED', '2026-02-04', { noticeOn: '2026-02-04', reviewOn: '2026-02-13' }), '140.TABLE N(b)(1)(E)', /is 9 days before the review on 2026-02-13/);
    expectAccepted('IO', ENROLLED, ev('ONSITE_REVIEW_SCHEDULED', '2026-02-03', { noticeOn: '2026-02-03', reviewOn: '2026-02-13' }));
  });

  it('notice counted across a month end in a leap year: 2028-02-20 → 2028-03-01 is 10 days', () => {
    const e = build('IO', [ev('INTENT_SUBMITTED', '2028-01-03'), ev('ENROLLMENT_PROCESSED', '2028-01-04')]);
    expectAccepted('IO', e, ev('ONSITE_REVIEW_SCHEDULED', '2028-02-20', { noticeOn: '2028-02-20', reviewOn: '2028-03-01' }));
    expectRefused('IO', e, ev('ONSITE_REVIEW_SCHEDULED', '2028-02-21', { noticeOn: '2028-02-21', reviewOn: '2028-03-01' }), '140.TABLE N(b)(1)(E)');
  });

  it('a notice dated after the event, or a review too close to notice at all', () => {
    expectRefused('IO', ENROLLED, ev('ONSITE_REVIEW_SCHEDULED', '2026-01-25', { noticeOn: '2026-01-26', reviewOn: '2026-02-13' }), '140.TABLE N(b)(1)(E)', /after the event date/);
    expectRefused('IO', ENROLLED, ev('ONSITE_REVIEW_SCHEDULED', '2026-02-05', { reviewOn: '2026-02-13' }), '140.TABLE N(b)(1)(E)', /can no longer be noticed/);
  });

  it('held with no schedule, with no notice, or on another day', () => {
    expectRefused('IO', ENROLLED, ev('ONSITE_REVIEW_HELD', '2026-02-13'), '140.TABLE N(b)(1)(E)', /no on-site review is scheduled/);
    const noNotice = build('IO', [...ENROLLED, ev('ONSITE_REVIEW_SCHEDULED', '2026-01-25', { reviewOn: '2026-02-13' })]);
    expectRefused('IO', noNotice, ev('ONSITE_REVIEW_HELD', '2026-02-13'), '140.TABLE N(b)(1)(E)', /no written notice/);
    const noticed = build('IO', [...ENROLLED, ev('ONSITE_REVIEW_SCHEDULED', '2026-01-25', { noticeOn: '2026-01-25', reviewOn: '2026-02-13' })]);
    expectRefused('IO', noticed, ev('ONSITE_REVIEW_HELD', '2026-02-16'), '140.TABLE N(b)(1)(E)', /notified of a review on 2026-02-13/);
  });

  it('held twice for one schedule', () => {
    expectRefused('IO', REVIEWED, ev('ONSITE_REVIEW_HELD', '2026-02-13'), '140.TABLE N(b)(1)(E)');
  });

  it('scheduled while not approved without technical assistance', () => {
    expectRefused('IO', IO_REFUSED, ev('ONSITE_REVIEW_SCHEDULED', '2026-03-03', { noticeOn: '2026-03-03', reviewOn: '2026-03-20' }), '140.TABLE N(b)(1)(G)(ii)');
  });
});

describe('approval', () => {
  it('APPROVED before ENROLLMENT_PROCESSED', () => {
    expectRefused('CST', build('CST', [...INTENT, ev('ATTESTATION_SUBMITTED', '2026-01-06')]), ev('APPROVED', '2026-01-10'), '140.TABLE N(b)(1)(C)', /ENROLLMENT_PROCESSED/);
  });

  it('IO refused without an on-site review held; PSR too; CST accepted', () => {
    expectRefused('IO', ENROLLED, ev('APPROVED', '2026-02-27'), '140.TABLE N(b)(1)(D)(iii)', /IO approval requires an on-site visit/);
    const psr = build('PSR', [...INTENT, ev('ENROLLMENT_PROCESSED', '2026-01-20'), ev('ATTESTATION_SUBMITTED', '2026-01-22')]);
    expectRefused('PSR', psr, ev('APPROVED', '2026-02-27'), '140.TABLE N(b)(1)(D)(iii)');
    const scheduledOnly = build('PSR', [...psr, ev('ONSITE_REVIEW_SCHEDULED', '2026-01-30', { noticeOn: '2026-01-30', reviewOn: '2026-02-13' })]);
    expectRefused('PSR', scheduledOnly, ev('APPROVED', '2026-02-10'), '140.TABLE N(b)(1)(D)(iii)');
    expectAccepted('CST', build('CST', [...INTENT, ev('ENROLLMENT_PROCESSED', '2026-01-20'), ev('ATTESTATION_SUBMITTED', '2026-01-22')]), ev('APPROVED', '2026-02-27'));
  });

  it('APPROVED without an attestation for this application', () => {
    const noAttestation = build('CST', [...INTENT, ev('ENROLLMENT_PROCESSED', '2026-01-20')]);
    expectRefused('CST', noAttestation, ev('APPROVED', '2026-02-27'), '140.TABLE N(b)(1)(D)(i)', /no attestation/);
  });

  it('APPROVED while an approval is in force', () => {
    expectRefused('IO', APPROVED, ev('APPROVED', '2026-06-01'), '140.TABLE N(b)(2)', /REAPPROVED/);
    expectRefused('CST', CST_NOD, ev('APPROVED', '2026-06-05'), '140.TABLE N(b)(2)');
  });

  it('APPROVED after a refusal without technical assistance', () => {
    expectRefused('IO', IO_REFUSED, ev('APPROVED', '2026-03-05'), '140.TABLE N(b)(1)(G)(ii)', /technical assistance/);
  });

  it('NOT_APPROVED before the enrollment, while approved, or twice', () => {
    expectRefused('CST', INTENT, ev('NOT_APPROVED', '2026-01-06'), '140.TABLE N(b)(1)(C)');
    expectRefused('IO', APPROVED, ev('NOT_APPROVED', '2026-06-01'), '140.TABLE N(b)(2)(B)', /Notice of Deficiencies/);
    expectRefused('IO', IO_REFUSED, ev('NOT_APPROVED', '2026-03-05'), '140.TABLE N(b)(1)(G)(ii)', /already NOT_APPROVED/);
  });
});

describe('technical assistance', () => {
  it('not offered to a provider in good standing; not started twice; not ended without a start', () => {
    expectRefused('IO', APPROVED, ev('TECHNICAL_ASSISTANCE_STARTED', '2026-06-01'), '140.TABLE N(b)(1)(G)(ii)');
    expectRefused('IO', ENROLLED, ev('TECHNICAL_ASSISTANCE_STARTED', '2026-02-01'), '140.TABLE N(b)(1)(G)(ii)');
    const ta = build('IO', [...IO_REFUSED, ev('TECHNICAL_ASSISTANCE_STARTED', '2026-03-04')]);
    expectRefused('IO', ta, ev('TECHNICAL_ASSISTANCE_STARTED', '2026-03-05'), '140.TABLE N(b)(1)(G)(ii)', /already under way/);
    expectRefused('IO', APPROVED, ev('TECHNICAL_ASSISTANCE_ENDED', '2026-06-01'), '140.TABLE N(b)(1)(G)(ii)', /no technical assistance/);
    expectAccepted('CST', CST_NOD, ev('TECHNICAL_ASSISTANCE_STARTED', '2026-06-02'));
  });
});

describe('re-approval', () => {
  it('REAPPROVED with no prior approval', () => {
    expectRefused('IO', REVIEWED, ev('REAPPROVED', '2026-02-27'), '140.TABLE N(b)(2)', /no prior IO approval/);
  });

  it('REAPPROVED without a new attestation (CST) or a new on-site review (IO)', () => {
    expectRefused('CST', CST_APPROVED, ev('REAPPROVED', '2027-02-01'), '140.TABLE N(b)(1)(D)(i)', /annual attestation/);
    const attested = build('IO', [...APPROVED, ev('ATTESTATION_SUBMITTED', '2027-01-04')]);
    expectRefused('IO', attested, ev('REAPPROVED', '2027-02-01'), '140.TABLE N(b)(1)(D)(iii)');
  });

  it('REAPPROVED during an open remedy, over a pending revocation, or after a lapse', () => {
    expectRefused('CST', build('CST', [...CST_NOD, ev('ATTESTATION_SUBMITTED', '2026-06-02')]), ev('REAPPROVED', '2026-06-03'), '140.TABLE N(b)(2)(B)(i)', /not recorded as remedied/);
    expectRefused('CST', build('CST', [...CST_REQUESTED, ev('ATTESTATION_SUBMITTED', '2026-06-06')]), ev('REAPPROVED', '2026-06-07'), '140.TABLE N(b)(2)(B)(ii)', /pending/);
    expectRefused('CST', build('CST', [...CST_APPROVED, ev('ATTESTATION_SUBMITTED', '2027-02-20')]), ev('REAPPROVED', '2027-02-27'), '140.TABLE N(b)(2)', /expired after 2027-02-26/);
    expectAccepted('CST', build('CST', [...CST_APPROVED, ev('ATTESTATION_SUBMITTED', '2027-02-20')]), ev('REAPPROVED', '2027-02-26'));
  });
});

describe('deficiencies, final notice and revocation', () => {
  it('NOTICE_OF_DEFICIENCIES with no approval, twice, or after a lapse', () => {
    expectRefused('CST', build('CST', [...INTENT, ev('ENROLLMENT_PROCESSED', '2026-01-20')]), ev('NOTICE_OF_DEFICIENCIES', '2026-02-01'), '140.TABLE N(b)(2)(B)', /NOT_APPROVED/);
    expectRefused('CST', CST_NOD, ev('NOTICE_OF_DEFICIENCIES', '2026-06-02'), '140.TABLE N(b)(2)(B)', /already open/);
    expectRefused('CST', CST_APPROVED, ev('NOTICE_OF_DEFICIENCIES', '2027-03-01'), '140.TABLE N(b)(2)(B)', /LAPSED/);
  });

  it('DEFICIENCIES_REMEDIED with no notice open, or after a Final Notice', () => {
    expectRefused('CST', CST_APPROVED, ev('DEFICIENCIES_REMEDIED', '2026-06-01'), '140.TABLE N(b)(2)(B)');
    const fn = build('CST', [...CST_NOD, ev('FINAL_NOTICE', '2026-07-02')]);
    expectRefused('CST', fn, ev('DEFICIENCIES_REMEDIED', '2026-07-02'), '140.TABLE N(b)(2)(B)(ii)', /Final Notice was issued on 2026-07-02/);
  });

  it('FINAL_NOTICE with no Notice of Deficiencies, after a remedy, twice; the day after the period is accepted', () => {
    expectRefused('CST', CST_APPROVED, ev('FINAL_NOTICE', '2026-06-01'), '140.TABLE N(b)(2)(B)(ii)');
    expectRefused('CST', build('CST', [...CST_NOD, ev('DEFICIENCIES_REMEDIED', '2026-06-10')]), ev('FINAL_NOTICE', '2026-07-02'), '140.TABLE N(b)(2)(B)(ii)');
    expectRefused('CST', CST_NOD, ev('FINAL_NOTICE', '2026-07-01'), '140.TABLE N(b)(2)(B)(ii)', /runs through 2026-07-01/);
    const fn = build('CST', [...CST_NOD, ev('FINAL_NOTICE', '2026-07-02')]);
    expectRefused('CST', fn, ev('FINAL_NOTICE', '2026-07-03'), '140.TABLE N(b)(2)(B)(ii)', /already issued/);
  });

  it('REVOKED during a remedy, with nothing in force, or over a pending revocation', () => {
    expectRefused('CST', CST_NOD, ev('REVOKED', '2026-06-02'), '140.TABLE N(b)(2)(B)(ii)');
    expectRefused('CST', INTENT, ev('REVOKED', '2026-06-02'), '140.TABLE N(e)(2)(B)');
    expectRefused('CST', CST_REVOKED_NOTICE, ev('REVOKED', '2026-06-02'), '140.TABLE N(e)(2)(B)', /pending/);
  });
});

describe('appeals', () => {
  it('informal review of a non-appealable action (a Notice of Deficiencies) or of nothing', () => {
    expectRefused('CST', CST_NOD, ev('INFORMAL_REVIEW_REQUESTED', '2026-06-02'), '140.TABLE N(e)(2)', /Notice of Deficiencies \(2026-06-01\) is not appealable/);
    expectRefused('CST', CST_APPROVED, ev('INFORMAL_REVIEW_REQUESTED', '2026-06-02'), '140.TABLE N(e)(2)');
  });

  it('informal review requested twice, or on day 11 after a revocation', () => {
    expectRefused('CST', CST_REQUESTED, ev('INFORMAL_REVIEW_REQUESTED', '2026-06-06'), '140.TABLE N(e)(3)(A)', /already requested/);
    expectRefused('CST', CST_REVOKED_NOTICE, ev('INFORMAL_REVIEW_REQUESTED', '2026-06-12'), '140.TABLE N(e)(3)(A)(i)', /by 2026-06-11/);
  });

  it('informal review decided with none pending', () => {
    expectRefused('CST', CST_REVOKED_NOTICE, ev('INFORMAL_REVIEW_DECIDED', '2026-06-02', { outcome: 'MAINTAINED' }), '140.TABLE N(e)(3)(B)');
    expectRefused('CST', CST_DECIDED, ev('INFORMAL_REVIEW_DECIDED', '2026-06-21', { outcome: 'REVERSED' }), '140.TABLE N(e)(3)(B)');
  });

  it('a formal appeal with no informal review, before it is decided, twice, or with no appealable action', () => {
    expectRefused('CST', CST_REVOKED_NOTICE, ev('FORMAL_APPEAL_FILED', '2026-06-05'), '140.TABLE N(e)(3)(A)', /must be requested and completed/);
    expectRefused('CST', CST_REQUESTED, ev('FORMAL_APPEAL_FILED', '2026-06-10'), '140.TABLE N(e)(1)(A)', /not completed/);
    const filed = build('CST', [...CST_DECIDED, ev('FORMAL_APPEAL_FILED', '2026-06-30')]);
    expectRefused('CST', filed, ev('FORMAL_APPEAL_FILED', '2026-06-30'), '140.TABLE N(e)(3)(C)', /already filed/);
    expectRefused('CST', CST_NOD, ev('FORMAL_APPEAL_FILED', '2026-06-05'), '140.TABLE N(e)(2)');
    expectRefused('CST', CST_DECIDED, ev('FORMAL_APPEAL_FILED', '2026-07-01'), '140.TABLE N(e)(3)(C)', /by 2026-06-30/);
  });

  it('a formal appeal after the informal review was withdrawn', () => {
    const withdrawn = build('CST', [...CST_REQUESTED, ev('APPEAL_WITHDRAWN', '2026-06-08')]);
    expectRefused('CST', withdrawn, ev('FORMAL_APPEAL_FILED', '2026-06-09'), '140.TABLE N(e)(3)(C)', /withdrawn on 2026-06-08/);
  });

  it('a final decision with no formal appeal; implementation with no final decision or twice', () => {
    expectRefused('CST', CST_DECIDED, ev('FINAL_DECISION', '2026-06-25', { outcome: 'UPHELD' }), '140.TABLE N(e)(3)(D)');
    expectRefused('CST', CST_DECIDED, ev('ACTION_IMPLEMENTED', '2026-06-25'), '140.TABLE N(e)(3)(E)');
    const done = build('CST', [...CST_DECIDED, ev('FORMAL_APPEAL_FILED', '2026-06-30'), ev('FINAL_DECISION', '2026-08-01', { outcome: 'UPHELD' }), ev('ACTION_IMPLEMENTED', '2026-08-10')]);
    expectRefused('CST', done, ev('ACTION_IMPLEMENTED', '2026-08-11'), '140.TABLE N(e)(3)(E)', /already implemented/);
    expectRefused('CST', done, ev('FINAL_DECISION', '2026-08-11', { outcome: 'REVERSED' }), '140.TABLE N(e)(3)(D)');
  });

  it('withdrawal with nothing pending, during the BAH window, or twice', () => {
    expectRefused('CST', CST_REVOKED_NOTICE, ev('APPEAL_WITHDRAWN', '2026-06-02'), '140.TABLE N(e)(3)(C)');
    expectRefused('CST', CST_DECIDED, ev('APPEAL_WITHDRAWN', '2026-06-22'), '140.TABLE N(e)(3)(C)');
    const withdrawn = build('CST', [...CST_REQUESTED, ev('APPEAL_WITHDRAWN', '2026-06-08')]);
    expectRefused('CST', withdrawn, ev('APPEAL_WITHDRAWN', '2026-06-09'), '140.TABLE N(e)(3)(C)');
  });
});

describe('malformed events', () => {
  const invalid = (next: unknown, path: string) => {
    const r = applyEvent('CST', CST_DECIDED, next as ProgramApprovalEvent);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('VALIDATION_FAILED');
      expect(r.errors?.map((e) => e.path)).toContain(path);
    }
  };

  it('names the bad field', () => {
    invalid({ type: 'SOMETHING', occurredOn: '2026-06-25' }, '/type');
    invalid({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-02-30' }, '/occurredOn');
    invalid({ type: 'ONSITE_REVIEW_SCHEDULED', occurredOn: '2026-06-25' }, '/reviewOn');
    invalid({ type: 'INFORMAL_REVIEW_DECIDED', occurredOn: '2026-06-25' }, '/outcome');
    invalid({ type: 'FINAL_DECISION', occurredOn: '2026-06-25', outcome: 'MAINTAINED' }, '/outcome');
    invalid({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-06-25', outcome: 'UPHELD' }, '/outcome');
    invalid({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-06-25', noticeOn: '2026-06-25' }, '/noticeOn');
    invalid({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-06-25', reviewOn: '2026-06-25' }, '/reviewOn');
    invalid({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-06-25', effectiveOn: '2026-07-25' }, '/effectiveOn');
    invalid({ type: 'REVOKED', occurredOn: '2026-06-25', effectiveOn: '2026-06-24' }, '/effectiveOn');
    invalid({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-06-25', note: 5 }, '/note');
    invalid(null, '');
  });

  it('accepts null for absent optional fields', () => {
    expectAccepted('CST', CST_DECIDED, { type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-06-25', noticeOn: null, reviewOn: null, outcome: null, effectiveOn: null, note: null });
  });
});
