/**
 * Sessions and access in the browser: sign-out, an expired session, a key that may not use a page
 * never sees it, the key never in script-readable storage, the pages by keyboard alone and at 200% zoom.
 */
import { describeInBrowser, expectText, horizontalOverflow, inPage, KEYS, navLinks, screenshot, signIn, webForThisFile } from './support';

const harness = webForThisFile();

describeInBrowser('sessions', () => {
  it('keeps the key out of script-readable storage: the session cookie is HttpOnly and SameSite=Strict', async () => {
    const { context, page, errors } = await harness().newPage();
    await signIn(page, KEYS.billing);
    expect(await inPage(page, 'document.cookie')).toBe('');
    const stored = await inPage(page, 'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(stored).toBe('{"local":{},"session":{}}');
    expect(await page.content()).not.toContain(KEYS.billing);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'bhcheck_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 7 * 3600);
    expect(errors).toEqual([]);
  });

  it('sign-out ends the session: the sign-in page again, and the old cookie no longer works', async () => {
    const { context, page, errors } = await harness().newPage();
    await signIn(page, KEYS.director);
    const [cookie] = await context.cookies();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    await expectText(page.getByRole('status'), 'You are signed out.');
    expect(await context.cookies()).toEqual([]);
    const reused = await harness().t.http().get('/api/v1/session').set('Cookie', `bhcheck_session=${cookie.value}`);
    expect(reused.status).toBe(401);
    await page.goto('/staff');
    await page.getByLabel('API key').waitFor();
    expect(await page.getByRole('heading', { name: 'Staff credentials' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('an expired session sends the page back to sign-in, saying so', async () => {
    const { page, errors } = await harness().newPage();
    await signIn(page, KEYS.reviewer);
    await page.getByRole('heading', { name: 'Program approvals', level: 1 }).waitFor();
    // everything the page asked for has come back, so the next request is the first after expiry
    await page.locator('.board').waitFor();
    await page.getByRole('table').waitFor();
    await harness().t.ds.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE ended_at IS NULL`);
    await page.getByRole('link', { name: 'Staff' }).click();
    await expectText(page.getByRole('status'), 'Your session has expired. Sign in again.');
    await page.getByLabel('API key').waitFor();
    await screenshot(page, 'session-expired');
    // and after a reload too
    await page.reload();
    await expectText(page.getByRole('status'), 'Your session has expired. Sign in again.');
    expect(errors).toEqual([]);
  });

  it('a wrong key is refused on the sign-in page', async () => {
    const { page } = await harness().newPage();
    await page.goto('/');
    await page.getByLabel('API key').fill('bhk_not_a_real_key_000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), 'That API key is not valid or has been revoked.');
  });
});

describeInBrowser('pages by role', () => {
  it('a reviewer is offered no Claims page, and typing its address shows nothing of it', async () => {
    const { page, errors } = await harness().newPage();
    await signIn(page, KEYS.reviewer);
    expect(await navLinks(page)).toEqual(['Staff', 'Program approvals', 'Enrollment']);
    await page.goto('/claims');
    await page.getByRole('heading', { name: 'Not available', level: 1 }).waitFor();
    expect(await page.getByRole('heading', { name: 'Claims check' }).count()).toBe(0);
    expect(await page.getByLabel('Claim file').count()).toBe(0);
    expect(await page.getByLabel('Medicaid ID').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a clinical director is offered no Claims page and cannot record Table N events; a billing key no Enrollment page and no staff form', async () => {
    const director = await harness().newPage();
    await signIn(director.page, KEYS.director);
    await director.page.goto('/claims');
    await director.page.getByRole('heading', { name: 'Not available', level: 1 }).waitFor();
    await director.page.getByRole('link', { name: 'Program approvals' }).click();
    await director.page.getByRole('table').getByRole('link').first().click();
    await director.page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await director.page.getByRole('button', { name: 'Record event' }).count()).toBe(0);

    const billing = await harness().newPage();
    await signIn(billing.page, KEYS.billing);
    await billing.page.goto('/enrollment');
    await billing.page.getByRole('heading', { name: 'Not available', level: 1 }).waitFor();
    await billing.page.getByRole('link', { name: 'Staff' }).click();
    await billing.page.getByRole('heading', { name: 'Staff credentials', level: 1 }).waitFor();
    expect(await billing.page.getByRole('button', { name: 'Add a person' }).count()).toBe(0);
    expect([...director.errors, ...billing.errors]).toEqual([]);
  });
});

describeInBrowser('keyboard and zoom', () => {
  it('signs in and reaches every page with the keyboard alone', async () => {
    const { page, errors } = await harness().newPage();
    await page.goto('/');
    await page.getByLabel('API key').waitFor();
    await page.keyboard.press('Tab');
    expect(await inPage(page, 'document.activeElement?.id')).toBe('apiKey');
    await page.keyboard.type(KEYS.director);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Staff credentials', level: 1 }).waitFor();
    // the page's heading has focus, so the next Tab starts from the top of the page
    expect(await inPage(page, 'document.activeElement?.tagName')).toBe('H1');
    for (const [link, heading] of [['Program approvals', 'Program approvals'], ['Enrollment', 'Enrollment']]) {
      await page.getByRole('link', { name: link }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    }
    // a person's page from the roster by keyboard
    await page.getByRole('link', { name: 'Staff' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Derek Johnson' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Derek Johnson', level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });

  it('every page reflows at 200% zoom (a 1280-pixel window is 640 CSS pixels wide)', async () => {
    const { page, errors } = await harness().newPage({ width: 640, height: 450 });
    await signIn(page, KEYS.billing);
    await page.getByRole('heading', { name: 'Claims check', level: 1 }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'zoom-200-claims');
    for (const [link, heading] of [['Staff', 'Staff credentials'], ['Program approvals', 'Program approvals']]) {
      await page.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.locator('table').first().waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `zoom-200-${link.toLowerCase().replace(/ /g, '-')}`);
    }
    expect(errors).toEqual([]);
  });
});
