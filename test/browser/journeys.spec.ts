/**
 * One journey per user, in Chromium, on the demo data: the billing clerk checks and records the demo
 * 837P and looks at a recipient's caps; the clinical director opens the roster and a person and fixes a
 * form error; the reviewer opens an approval and records a refused and an accepted event, and checks a
 * BHC's enrollment, sees its Fire Marshal letter lapsing and records the new one.
 */
import * as path from 'node:path';
import { describeInBrowser, expectNavUnambiguous, expectText, horizontalOverflow, KEYS, navLinks, screenshot, signIn, webForThisFile } from './support';

const harness = webForThisFile();

describeInBrowser('billing staff', () => {
  it('sign in, upload the demo 837P, see its findings, record it, and see the cap usage it made', async () => {
    const { page, errors } = await harness().newPage();
    await page.goto('/');
    await screenshot(page, 'sign-in');
    await signIn(page, KEYS.billing);
    await page.getByRole('heading', { name: 'Claims check', level: 1 }).waitFor();
    await expectText(page.locator('header'), 'Prairie billing office');
    await expectText(page.locator('header'), 'Prairie Community Mental Health Center');
    // a billing key is offered Claims, Staff and Program approvals, not Enrollment
    expect(await navLinks(page)).toEqual(['Claims', 'Staff', 'Program approvals']);

    await page.getByLabel('Claim file').setInputFiles(path.join(__dirname, '..', '..', 'fixtures', 'x12', 'demo-bh.837'));
    await page.getByRole('heading', { name: 'Report: demo-bh.837' }).waitFor();
    await expectText(page.getByRole('status').filter({ hasText: '3 claims' }), '3 claims: 1 pass, 0 with warnings, 2 fail; 6 lines: 4 pass, 0 with warnings, 2 fail, 0 unchecked.');
    const failing = page.getByRole('region', { name: /Claim PCMHC-260806-02/ });
    await expectText(failing, 'ASSESSMENT_MISSING');
    await expectText(failing, '140.453(d)(1)(A)(ii)');
    await expectText(failing, 'recipient 400778899 has no Assessment Report approved by an LPHA or IP');
    // each finding says what would clear it and who can do it
    await expectText(failing, 'Action: Record an Assessment Report approved by an LPHA or IP, completed on or before the date of service (clinical director).');

    // filters: only failing lines, then only one finding code
    await page.getByLabel('Status').selectOption('FAIL');
    expect(await page.getByRole('region', { name: /Claim PCMHC-260803-01/ }).count()).toBe(0);
    await page.getByLabel('Finding code').selectOption('TREATMENT_PLAN_MISSING');
    expect(await page.getByRole('region', { name: /^Claim / }).count()).toBe(2);
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Finding code').selectOption('');

    // a line's explanation: every rule applied to it, passed, failed or skipped, and why
    const panelId = await page.getByRole('button', { name: 'Explain line PC-0806-1' }).getAttribute('aria-controls');
    await page.getByRole('button', { name: 'Explain line PC-0806-1' }).click();
    expect(await page.getByRole('button', { name: 'Hide line PC-0806-1' }).getAttribute('aria-expanded')).toBe('true');
    const checks = page.locator(`#${panelId}`).getByRole('table', { name: 'Rules applied to line PC-0806-1' });
    const assessment = checks.getByRole('row', { name: /CLM-ASSESSMENT-CURRENT-v1/ });
    await expectText(assessment, '✗ failed');
    await expectText(assessment, 'recipient 400778899 has no Assessment Report');
    const tiers = checks.getByRole('row', { name: /SVC-THERAPY_COUNSELING-v1#tiers/ });
    await expectText(tiers, '✓ passed');
    await expectText(tiers, '140.453(d)(2)(G)(iv)');
    await expectText(checks.getByRole('row', { name: /CLM-ENCOUNTER-RATE-v1/ }), '– skipped');

    // download the JSON report
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('demo-bh.report.json');
    await screenshot(page, 'claims');

    // record, after a confirmation that says what will be recorded
    await page.getByRole('button', { name: 'Record in the cap ledger…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record these claims?' });
    await expectText(dialog, '1 of 3 claims have no errors');
    await expectText(dialog, 'PCMHC-260803-01');
    await dialog.getByRole('button', { name: 'Record 1 claims' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'Recorded' }), 'Recorded 1 of 3 claims in the cap ledger');

    // cap usage by Medicaid ID: a bar per cap, and the claim that used the minutes
    await page.getByLabel('Medicaid ID').fill('400112233');
    await page.getByLabel('State fiscal year').selectOption('SFY2027');
    await page.getByRole('button', { name: 'Show cap usage' }).click();
    await expectText(page.locator('#cap-tcm-text'), '30 of 14,400 minutes used (0.2%), 14,370 left');
    await expectText(page.locator('#cap-tla-text'), '0 of 2,400 minutes used (0%), 2,400 left');
    const ledger = page.getByRole('table', { name: 'Claims and outside records that used the minutes' });
    await expectText(ledger, 'PCMHC-260803-01');
    await expectText(ledger, 'PC-0805-1');
    // the Medicaid ID never went into a URL
    expect(page.url()).not.toContain('400112233');
    await screenshot(page, 'claims-cap-usage');
    expect(errors).toEqual([]);
  });
});

describeInBrowser('clinical director', () => {
  it('sign in, open the roster and a person, and see a form error beside its field', async () => {
    const { page, errors } = await harness().newPage();
    await signIn(page, KEYS.director);
    await page.getByRole('heading', { name: 'Staff credentials', level: 1 }).waitFor();
    expect(await navLinks(page)).toEqual(['Staff', 'Program approvals', 'Enrollment']);
    await page.getByLabel('Date').fill('2026-11-22');
    await page.getByLabel('Lapsing within N days').fill('60');
    const roster = page.getByRole('table', { name: /Roster on 2026-11-22/ });
    const grace = roster.getByRole('row', { name: /Grace Kim, LCPC/ });
    await expectText(grace, 'LPHA');
    await expectText(grace, '140.453(b)(3)(D)');
    await expectText(grace, 'Would fall to MHP.');
    await expectText(roster.getByRole('row', { name: /Marcus Green/ }), 'Needs a QMHP supervisor');
    await page.getByLabel('Only people with something lapsing').check();
    expect(await roster.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'staff');

    // who may render a service on a day: the eligible with what it rests on, the others with why not
    const who = page.getByRole('region', { name: 'Who may render…' });
    await who.getByLabel('Service').selectOption('INTENSIVE_OUTPATIENT');
    await who.getByLabel('Day').fill('2026-11-22');
    await who.getByLabel('Modality').selectOption('GROUP');
    await who.getByRole('button', { name: 'Check who may render' }).click();
    const may = who.getByRole('table', { name: 'May render Intensive Outpatient on 2026-11-22' });
    await expectText(may.getByRole('row', { name: /Grace Kim, LCPC/ }), 'LPHA by 140.453(b)(3)(D)');
    await expectText(may.getByRole('row', { name: /Luis Hernandez, RN/ }), 'QMHP');
    const mayNot = who.getByRole('table', { name: 'May not render Intensive Outpatient on 2026-11-22' });
    await expectText(mayNot.getByRole('row', { name: /Derek Johnson/ }), 'STAFF_TIER_INSUFFICIENT');
    await expectText(who, '6 of 12 people pass every staff rule for Intensive Outpatient on 2026-11-22.');
    // one to one, Intensive Outpatient cannot be billed at all, whoever renders it
    await who.getByLabel('Modality').selectOption('INDIVIDUAL');
    await who.getByRole('button', { name: 'Check who may render' }).click();
    await expectText(who, 'Nobody can bill Intensive Outpatient here on 2026-11-22');
    await expectText(who, 'MODALITY_NOT_ALLOWED');
    await expectNavUnambiguous(page);
    await screenshot(page, 'who-may-render');

    await roster.getByRole('link', { name: 'Grace Kim, LCPC' }).click();
    await page.getByRole('heading', { name: 'Grace Kim, LCPC', level: 1 }).waitFor();
    await expectNavUnambiguous(page);
    expect(page.url()).toMatch(/\/staff\/[0-9a-f-]{36}$/);
    await page.getByLabel('Date').fill('2026-11-22');
    await page.getByRole('heading', { name: 'LPHA on 2026-11-22' }).waitFor();
    await expectText(page.locator('.basis'), 'LPHA by 140.453(b)(3)(D): clinical professional counselor licence IL 180.009876 valid through 2026-12-31');
    await screenshot(page, 'person');

    // the API's problem+json path /licenses/0/expiresOn lands beside that field
    await page.getByRole('button', { name: 'Edit' }).click();
    const expires = page.getByRole('group', { name: 'licence 1' }).getByLabel('Expires on');
    await expires.fill('2015-01-01');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    expect(await expires.getAttribute('aria-invalid')).toBe('true');
    const described = (await expires.getAttribute('aria-describedby'))!;
    expect((await page.locator(`#${described}`).innerText()).length).toBeGreaterThan(5);
    await screenshot(page, 'person-form-error');
    await expires.fill('2028-12-31');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    await page.getByRole('heading', { name: 'LPHA on 2026-11-22' }).waitFor();
    await expectText(page.locator('.basis'), 'valid through 2028-12-31');
    expect(errors).toEqual([]);
  });
});

describeInBrowser('program approval reviewer', () => {
  it('sign in, see the deadline board by provider name, open an approval, record a refused and an accepted event', async () => {
    const { page, errors } = await harness().newPage();
    await signIn(page, KEYS.reviewer);
    await page.getByRole('heading', { name: 'Program approvals', level: 1 }).waitFor();
    await expectText(page.locator('header'), 'All providers');
    const overdue = page.getByRole('region', { name: /^Overdue/ });
    await expectText(overdue, 'Prairie Community Mental Health Center: CST');
    await page.getByLabel('Program').selectOption('PSR');
    expect(await overdue.getByText('Prairie Community Mental Health Center: CST').count()).toBe(0);
    await page.getByLabel('Program').selectOption('');
    await screenshot(page, 'approvals');

    // the deadline list as CSV, with the board's filters
    await page.getByLabel('Party').selectOption('DEPARTMENT');
    expect(await page.getByRole('link', { name: 'Download these deadlines as CSV' }).getAttribute('href')).toMatch(/^\/api\/v1\/deadlines\?asOf=\d{4}-\d{2}-\d{2}&format=csv&party=DEPARTMENT$/);
    // a calendar feed of what the board shows: an address a calendar reads without a key, until revoked
    await page.getByRole('button', { name: 'Make a calendar feed' }).click();
    const feedUrl = await page.locator('#feed-url').inputValue();
    const fetched = await fetch(feedUrl);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toMatch(/^BEGIN:VCALENDAR[\s\S]*BEGIN:VALARM/);
    await expectText(page.getByRole('table', { name: 'Your calendar feeds' }), 'Department');
    await page.getByRole('button', { name: /^Revoke the feed/ }).click();
    await page.getByRole('table', { name: 'Your calendar feeds' }).waitFor({ state: 'detached' });
    expect((await fetch(feedUrl)).status).toBe(404);
    await page.getByLabel('Party').selectOption('');

    await page.getByRole('table').getByRole('link', { name: 'Prairie Community Mental Health Center: IO' }).click();
    await page.getByRole('heading', { name: 'Prairie Community Mental Health Center: IO', level: 1 }).waitFor();
    await expectNavUnambiguous(page);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expectText(page.getByRole('region', { name: 'Readiness (Table N (c))' }), '140.TABLE N(c)(2)(B)');

    await page.getByLabel('Event', { exact: true }).selectOption('FINAL_DECISION');
    await page.getByRole('button', { name: 'Record event' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Refused' });
    await expectText(refusal, 'FINAL_DECISION is not allowed now: no formal appeal is pending before BAH');
    await expectText(refusal, '140.TABLE N(e)(3)(D)');
    await screenshot(page, 'approval-refused');

    await page.getByLabel('Event', { exact: true }).selectOption('ATTESTATION_SUBMITTED');
    await page.getByRole('button', { name: 'Record event' }).click();
    await page.getByRole('status').filter({ hasText: 'Recorded Attestation submitted' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Refused' }).count()).toBe(0);
    // the timeline now has the demo's attestation and this one
    await page.getByRole('region', { name: 'Timeline' }).getByText('Attestation submitted').nth(1).waitFor();
    await screenshot(page, 'approval');
    expect(errors).toEqual([]);
  });
});

describeInBrowser('enrollment reviewer', () => {
  it("sign in, open a BHC's enrollment, see the Fire Marshal letter lapsing, record the new letter (a form error first) and see the criterion met", async () => {
    const { page, errors } = await harness().newPage();
    await signIn(page, KEYS.reviewer);
    await page.getByRole('link', { name: 'Enrollment' }).click();
    await page.getByRole('heading', { name: 'Enrollment', level: 1 }).waitFor();
    await page.getByLabel('Provider').selectOption({ label: 'Lakeside Behavioral Health Clinic' });
    await page.getByLabel('Date').fill('2026-11-22');
    await page.getByRole('heading', { name: 'Lakeside Behavioral Health Clinic (BHC) on 2026-11-22' }).waitFor();

    // what is missing or lapsing comes first: the letter, due 2026-12-15
    const attention = page.getByRole('table', { name: 'Missing or lapsing on 2026-11-22' });
    const letter = attention.getByRole('row', { name: /Fire Marshal/ });
    await expectText(letter, 'Expiring');
    await expectText(letter, '2026-12-15');
    await expectText(letter, '140.TABLE O(b)(7)');
    await expectText(attention.getByRole('row', { name: /HFS OIG Provider Sanctions List/ }), 'Not met');
    // the checklist, grouped by section, and the person-by-person background checks
    await expectText(page.getByRole('table', { name: 'Table O (c) Personnel standards' }).getByRole('row', { name: /Clinical Director/ }), 'Evelyn Moore, PsyD is the Clinical Director');
    const checks = page.getByRole('table', { name: 'Background checks on 2026-11-22' });
    await expectText(checks.getByRole('row', { name: /Nina Ford/ }), 'Not recorded');
    await expectText(checks.getByRole('row', { name: /Olivia Reed/ }), 'Finding');
    await screenshot(page, 'enrollment');

    // the letter's history, then record the new one from its row: a wrong expiry is refused beside the field
    const section = page.getByRole('table', { name: 'Table O (b) Clinic location' });
    await section.getByRole('button', { name: 'Evidence history of 140.TABLE O(b)(7)' }).click();
    await expectText(page.getByRole('list', { name: /Evidence of O_B7_FIRE_MARSHAL_LETTER/ }), 'Version 2: documented 2025-12-15');
    await section.getByRole('button', { name: 'Record evidence of 140.TABLE O(b)(7)' }).click();
    expect(await page.getByLabel('Criterion').inputValue()).toBe('O_B7_FIRE_MARSHAL_LETTER');
    await page.getByLabel('Documented on').fill('2026-11-20');
    const expires = page.getByLabel('Expires on');
    await expires.fill('2026-11-01');
    await page.getByRole('button', { name: 'Record evidence', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Not recorded' }).waitFor();
    expect(await expires.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await expires.getAttribute('aria-describedby'))!.split(' ').pop()}`).innerText()).toContain('expiresOn (2026-11-01) is before documentedOn (2026-11-20)');
    await screenshot(page, 'enrollment-form-error');
    await expires.fill('');
    await page.getByLabel('Note').fill('Letter of the Lakeside Fire Protection District');
    await page.getByRole('button', { name: 'Record evidence', exact: true }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'Recorded' }), 'Recorded: version 3 of 140.TABLE O(b)(7), documented 2026-11-20, counts through 2027-11-20.');

    // the criterion changed: met until 2027-11-20, and no longer among what is missing or lapsing
    const row = section.getByRole('row', { name: /Fire Marshal/ });
    await expectText(row, 'Met');
    await expectText(row, '2027-11-20');
    await expectText(page.getByRole('list', { name: /Evidence of O_B7_FIRE_MARSHAL_LETTER/ }), 'Version 3: documented 2026-11-20');
    expect(await attention.getByRole('row', { name: /Fire Marshal/ }).count()).toBe(0);
    await screenshot(page, 'enrollment-recorded');

    // the board links the evidence deadlines to this page
    await page.getByRole('link', { name: 'Program approvals' }).click();
    await page.getByRole('heading', { name: 'Program approvals', level: 1 }).waitFor();
    await expectNavUnambiguous(page);
    await page.getByRole('link', { name: 'Lakeside Behavioral Health Clinic: evidence due' }).first().click();
    await page.getByRole('heading', { name: 'Enrollment', level: 1 }).waitFor();
    expect(await page.getByLabel('Provider').inputValue()).toBe(harness().t.demo!.ids.lakeside);

    // and it reflows at 200% zoom
    await page.setViewportSize({ width: 640, height: 450 });
    await page.getByRole('table', { name: /Missing or lapsing/ }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
