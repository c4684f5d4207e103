import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';
import { DEMO, openConsoleAs } from './console.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits for the screen's h1 and checks the page with axe-core. */
async function screen(page: Page, heading: string | RegExp): Promise<void> {
  await page.locator('main h1', { hasText: heading }).waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
  assert.deepEqual(await axeViolations(page), [], `axe on ${page.url()}`);
}

describe('console administration in Chromium', () => {
  test("an administrator changes a service's SLA, adds a question the portal then asks, and visits every admin screen", async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.admin, '/console');
    await page.keyboard.press('Alt+KeyA');
    await screen(page, 'Administration');
    await page.getByRole('link', { name: 'Services', exact: true }).first().click();
    await screen(page, 'Services');
    await page.getByLabel('Search services').fill('street sign');
    await page.getByRole('link', { name: /Street sign/i }).first().click();
    await screen(page, /^Service: /);

    // SLA: 40 business hours → 24 calendar hours.
    await page.getByLabel('Target in hours').fill('24');
    await page.getByLabel('Counted in').selectOption('calendar');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.badge.ok', { hasText: 'saved' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    // Someone else saves in between: the next save is refused (409) and says so, with a way to reload.
    const other = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const current = (await (await fetch('/api/v1/services/STREET_SIGN')).json()) as { service: { version: number } };
      const res = await fetch('/api/v1/services/STREET_SIGN', { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ expectedVersion: current.service.version, defaultPriority: 'high' }) });
      return res.status;
    });
    assert.equal(other, 200);
    await page.getByLabel('Default priority').selectOption('low');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.warning[role="alert"]', { hasText: 'Someone else saved' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('button', { name: 'Reload the latest version' }).first().click();
    await page.locator('.warning[role="alert"]').waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('Default priority').inputValue(), 'high');

    // A validation error from the API lands in the error summary: a list question with no choices.
    await page.getByRole('button', { name: 'Add a question' }).click();
    const last = page.locator('section.attribute').last();
    await last.getByLabel('Code').fill('SIGN_COLOR');
    await last.getByLabel('Answer type').selectOption('singlevaluelist');
    await last.getByLabel('Question (English)').fill('What colour is the sign?');
    await page.getByRole('button', { name: 'Save questions' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /at least one value/);
    assert.deepEqual(await axeViolations(page), []);
    await last.getByRole('button', { name: 'Add a choice' }).click();
    await last.getByLabel('Choice 1: key').fill('red');
    await last.getByLabel('Choice 1: English').fill('Red');
    await last.getByRole('button', { name: 'Add a choice' }).click();
    await last.getByLabel('Choice 2: key').fill('green');
    await last.getByLabel('Choice 2: English').fill('Green');
    await page.getByRole('button', { name: 'Save questions' }).click();
    await page.locator('.error-summary').waitFor({ state: 'detached' });
    await page.locator('#f-attributes\\.0\\.code[readonly]').first().waitFor();

    // The change reached the API and the portal.
    const service = await page.evaluate(async () => (await (await fetch('/api/v1/services/STREET_SIGN')).json()) as { service: { slaHours: number; slaKind: string; attributes: Array<{ code: string }> } });
    assert.equal(service.service.slaHours, 24);
    assert.equal(service.service.slaKind, 'calendar');
    assert.ok(service.service.attributes.some((a) => a.code === 'SIGN_COLOR'));
    const portal = await page.context().newPage();
    await portal.goto(`${server.url}/report/STREET_SIGN`);
    await portal.getByText('What colour is the sign?').first().waitFor();
    await portal.close();

    // Retiring the question keeps it listed (for the answers already given), ready to be restored.
    await page.locator('section.attribute').last().getByRole('button', { name: /^Retire: question/ }).click();
    await page.getByRole('button', { name: 'Save questions' }).click();
    await page.getByRole('button', { name: 'Restore SIGN_COLOR' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    // Every other administration screen passes axe.
    for (const [path, heading] of [
      ['/console/admin/routing', 'Routing rules'],
      ['/console/admin/calendars', 'Business calendars'],
      ['/console/admin/users', 'Staff accounts'],
      ['/console/admin/kb-review', 'Knowledge base'],
      ['/console/admin/kb-flags', 'Knowledge-base flags'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await screen(page, heading);
      if (path === '/console/admin/routing') {
        await page.getByRole('button', { name: 'New routing rule' }).click();
        await page.getByRole('dialog').waitFor();
        assert.deepEqual(await axeViolations(page), []);
        await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
        assert.equal(await page.locator(':focus').textContent(), 'New routing rule', 'focus returns to the opener');
      }
      if (path === '/console/admin/users') {
        // A new account with a generated password (shown once), then disabled after a confirmation.
        await page.getByRole('button', { name: 'New account' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByRole('button', { name: 'Create account' }).click();
        await dialog.locator('.error-summary').waitFor();
        assert.deepEqual(await axeViolations(page), []);
        await dialog.getByLabel('Email address').fill('new.agent@demo.frontdoor.example');
        await dialog.getByLabel('Name').fill('Nia New');
        await dialog.getByLabel('311 agent').check();
        await dialog.getByRole('button', { name: 'Create account' }).click();
        await dialog.locator('code.secret').waitFor();
        assert.deepEqual(await axeViolations(page), []);
        await dialog.getByRole('button', { name: 'Close' }).click();
        await page.getByRole('button', { name: 'Disable Nia New' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
        await page.locator('tr', { hasText: 'Nia New' }).locator('.badge', { hasText: 'Disabled' }).waitFor();
      }
      if (path === '/console/admin/calendars') {
        // An empty holiday is refused by the API; its problems are listed in the error summary.
        await page.getByRole('button', { name: /^Add holiday$/ }).click();
        await page.locator('.error-summary').waitFor();
        assert.deepEqual(await axeViolations(page), []);
      }
    }
    await page.context().close();

    // The catalog table at tablet size.
    const tablet = await openConsoleAs(browser, server.url, DEMO.admin, '/console/admin/services', { width: 768, height: 1024 });
    await screen(tablet, 'Services');
    await tablet.context().close();
  });

  test('an administrator creates an API key (secret shown once), it works, then revokes it with confirmation', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.admin, '/console/admin/api-keys');
    await screen(page, 'API keys');
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByRole('dialog').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Name').fill('Acme Open311 app');
    await page.getByLabel('open311:write').check();
    await page.getByLabel('requests:read', { exact: true }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())?.trim() ?? '';
    assert.match(secret, /^fdk_/);
    assert.deepEqual(await axeViolations(page), []);
    const status = async () => (await fetch(`${server.url}/api/v1/services`, { headers: { authorization: `Bearer ${secret}` } })).status;
    assert.equal(await status(), 200);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.locator('tr', { hasText: 'Acme Open311 app' });
    await row.waitFor();
    assert.ok(!(await page.locator('main').textContent())?.includes(secret), 'the list never shows the secret');
    await row.getByRole('button', { name: 'Revoke Acme Open311 app' }).click();
    await page.getByRole('dialog', { name: 'Revoke this API key?' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.locator('.badge.danger', { hasText: 'Revoked' }).waitFor();
    assert.equal(await status(), 401);
    await page.context().close();
  });

  test('a knowledge-base editor writes an article and sends it through review to published; history shows the diff', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.kbEditor, '/console/admin/kb-review');
    await screen(page, 'Knowledge base');
    await page.getByRole('link', { name: 'New article' }).click();
    await screen(page, 'New article');
    await page.getByLabel('Slug').fill('winter-leaf-pickup');
    await page.getByLabel('Title').fill('Winter leaf pickup');
    await page.getByLabel('Summary').fill('When crews collect leaves.');
    await page.getByLabel('Body (Markdown)').fill('Crews collect leaves **every Monday** in December.');
    await page.getByRole('button', { name: 'Show preview' }).click();
    await page.locator('.preview strong', { hasText: 'every Monday' }).waitFor();
    await page.getByRole('button', { name: 'Create draft' }).click();
    await screen(page, 'Article: Winter leaf pickup');

    await page.getByLabel('Body (Markdown)').fill('Crews collect leaves **every Tuesday** in December.');
    await page.getByLabel('Why this change (kept with the version)').fill('Day changed');
    await page.getByRole('button', { name: 'Save a new version' }).click();
    await page.locator('section.panel p', { hasText: 'Version 2' }).waitFor();
    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.locator('.badge', { hasText: 'In review' }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.badge', { hasText: 'Published' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('Older version').selectOption('1');
    await page.getByLabel('Newer version').selectOption('2');
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await page.locator('.diff ins', { hasText: 'Tuesday' }).waitFor();
    await page.locator('.diff del', { hasText: 'Monday' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const published = await page.evaluate(async () => (await fetch('/api/v1/articles/winter-leaf-pickup')).status);
    assert.equal(published, 200);

    // A resident flags it as out of date; the editor resolves the flag with a note from the flags queue.
    const flagged = await fetch(`${server.url}/api/v1/articles/winter-leaf-pickup/flags`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'outdated', comment: 'Pickup moved to Wednesdays' }) });
    assert.equal(flagged.status, 202);
    await page.getByRole('link', { name: 'Knowledge-base flags' }).click();
    await screen(page, 'Knowledge-base flags');
    const flagRow = page.locator('tr', { hasText: 'Pickup moved to Wednesdays' });
    await flagRow.getByRole('button', { name: 'Resolve flag on Winter leaf pickup' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await dialog.locator('.error-summary').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await dialog.getByLabel('Note').fill('Updated the day in version 3');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await flagRow.waitFor({ state: 'detached' });
    await page.getByLabel('Show').selectOption('resolved');
    await page.locator('tr', { hasText: 'Updated the day in version 3' }).waitFor();
    await page.context().close();
  });
});
