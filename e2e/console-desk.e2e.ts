import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
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

/** Presses Tab until the element has focus (keyboard only: no clicks, no programmatic focus). */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${String(target)} with Tab`);
}

async function noViolations(page: Page, state: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], state);
}

/** The staff API from the page's own session (for setting up and checking, not for the journey). */
async function staffApi<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const me = await page.context().request.get(`${server.url}/api/v1/auth/me`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const res = await page.context().request.fetch(`${server.url}${path}`, { method, headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' }, ...(body ? { data: body } : {}) });
  assert.ok(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

interface ContactJson {
  id: number;
  outcome: string | null;
  resolvedFirstContact: boolean | null;
  topics: Array<{ kind: string; ref: string }>;
  requestIds: number[];
  customerId: number | null;
  channel: string;
}

describe('agent desk in Chromium', () => {
  test('an agent logs a phone contact resolved from the knowledge base, by keyboard alone', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.agent, '/console');
    await page.keyboard.press('Alt+KeyD');
    await page.locator('main h1', { hasText: 'Agent desk' }).waitFor();
    await noViolations(page, 'desk, no contact');
    await page.keyboard.press('Alt+KeyN');
    await page.getByText('Phone contact in progress').waitFor();
    // The caller stays anonymous; the agent searches the answers.
    await page.keyboard.press('Alt+KeyK');
    await page.keyboard.type('noise complaint');
    const hit = page.locator('.kb-hits button', { hasText: 'Answer' }).filter({ hasText: /noise/i }).first();
    await hit.waitFor();
    await noViolations(page, 'desk, answers found');
    await tabTo(page, hit);
    await page.keyboard.press('Enter');
    await page.locator('.kb-script').waitFor();
    assert.match((await page.locator('.kb-script').textContent()) ?? '', /\S{10}/, 'the staff-only call script is shown');
    await noViolations(page, 'desk, article open');
    await page.keyboard.press('Alt+KeyT');
    await page.getByRole('button', { name: 'Recorded as a topic' }).waitFor();
    await page.keyboard.press('Alt+Enter');
    const outcome = page.getByLabel('Outcome');
    await outcome.waitFor();
    assert.equal(await outcome.inputValue(), 'answered');
    await noViolations(page, 'desk, closing');
    await tabTo(page, page.getByRole('button', { name: 'Close and log the contact' }));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'New contact' }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent), 'New contact', 'focus is back on New contact for the next caller');

    const { contacts } = await staffApi<{ contacts: ContactJson[] }>(page, 'GET', '/api/v1/contacts?agent=me&limit=1');
    const [logged] = contacts;
    assert.equal(logged?.channel, 'phone');
    assert.equal(logged?.outcome, 'answered');
    assert.equal(logged?.resolvedFirstContact, true);
    assert.equal(logged?.topics[0]?.kind, 'article');
    assert.match(logged?.topics[0]?.ref ?? '', /noise/);
    await page.context().close();
  });

  test('an agent creates a request for a caller, sees a duplicate and adds support instead', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.agent, '/console/desk');
    const spot = { lat: 45.5189, long: -122.6796 };
    const existing = await staffApi<{ request: { id: number; trackingNumber: string; supportCount: number } }>(page, 'POST', '/api/v1/requests', {
      serviceCode: 'GRAFFITI',
      channel: 'phone',
      description: 'Tags on the wall of the parking garage',
      location: spot,
      attributes: { SURFACE: 'building', OFFENSIVE: 'no' },
    });
    await page.locator('main h1', { hasText: 'Agent desk' }).waitFor();
    await page.keyboard.press('Alt+KeyN');
    await page.getByLabel('Find the caller').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'New customer' }));
    await page.keyboard.press('Enter');
    await page.getByLabel('Name').waitFor();
    await tabTo(page, page.getByLabel('Name'));
    await page.keyboard.type('Desk Journey Caller');
    await page.keyboard.press('Tab');
    await page.keyboard.type('503-555-0188');
    await page.keyboard.press('Enter');
    await page.locator('.customer-card strong', { hasText: 'Desk Journey Caller' }).waitFor();
    await noViolations(page, 'desk, caller known');

    await page.keyboard.press('Alt+KeyR');
    await page.getByLabel('Find a service').waitFor();
    await page.keyboard.type('graffiti');
    await page.getByLabel('Where is the graffiti?').waitFor();
    assert.equal(await page.getByLabel('Service', { exact: true }).inputValue(), 'GRAFFITI');
    await tabTo(page, page.getByLabel('Latitude'));
    await page.keyboard.type(String(spot.lat));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(spot.long));
    const support = page.getByRole('button', { name: `Add support to ${existing.request.trackingNumber} instead` });
    await support.waitFor();
    await noViolations(page, 'desk, duplicate shown before submit');
    await tabTo(page, support);
    await page.keyboard.press('Enter');
    await page.getByText(`The caller's support was added to ${existing.request.trackingNumber}`).waitFor();
    await page.keyboard.press('Alt+Enter');
    await page.getByLabel('Outcome').waitFor();
    assert.equal(await page.getByLabel('Outcome').inputValue(), 'request_created');
    await tabTo(page, page.getByRole('button', { name: 'Close and log the contact' }));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'New contact' }).waitFor();

    const { contacts } = await staffApi<{ contacts: ContactJson[] }>(page, 'GET', '/api/v1/contacts?agent=me&limit=1');
    assert.deepEqual(contacts[0]?.requestIds, [existing.request.id]);
    assert.equal(contacts[0]?.outcome, 'request_created');
    const after = await staffApi<{ request: { supportCount: number } }>(page, 'GET', `/api/v1/requests/${existing.request.trackingNumber}`);
    assert.equal(after.request.supportCount, existing.request.supportCount + 1);

    // The caller's profile shows the contact and the request it supported.
    const customerId = contacts[0]?.customerId;
    assert.ok(customerId);
    await page.keyboard.press('Alt+KeyU');
    await page.locator('main h1', { hasText: 'Customers' }).waitFor();
    await page.keyboard.type('journey');
    const link = page.getByRole('link', { name: 'Desk Journey Caller' });
    await link.waitFor();
    await noViolations(page, 'customer search');
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: existing.request.trackingNumber }).waitFor();
    await noViolations(page, 'customer profile');
    await page.context().close();
  });

  test('walk-in: a visitor signs in and out; the desk works on a tablet', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.agent, '/console', { width: 768, height: 1024 });
    await page.keyboard.press('Alt+KeyW');
    await page.locator('main h1', { hasText: 'Walk-in desk' }).waitFor();
    await noViolations(page, 'walk-in, empty');
    await tabTo(page, page.getByLabel("Visitor's name"));
    await page.keyboard.type('Rosa Visitor');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Building permit question');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // past the host hint
    if (!(await page.getByLabel('Host').evaluate((el) => el === (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement))) await tabTo(page, page.getByLabel('Host'));
    await page.keyboard.type('Permit Center');
    await page.keyboard.press('Tab');
    await page.keyboard.type('B-7');
    await page.keyboard.press('Enter');
    const out = page.getByRole('button', { name: 'Sign out Rosa Visitor' });
    await out.waitFor();
    await page.getByRole('heading', { name: '1 visitor in the building' }).waitFor();
    await noViolations(page, 'walk-in, one visitor');
    await tabTo(page, out);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Nobody in the building' }).waitFor();
    await noViolations(page, 'walk-in, signed out');
    const { visits } = await staffApi<{ visits: Array<{ contactId: number; signedOutAt: string | null; outcome: string | null }> }>(page, 'GET', '/api/v1/visits');
    const visit = visits.find((v) => v.signedOutAt);
    assert.ok(visit);
    assert.equal(visit.outcome, 'answered');
    const { contact } = await staffApi<{ contact: ContactJson }>(page, 'GET', `/api/v1/contacts/${visit.contactId}`);
    assert.equal(contact.channel, 'walk_in');

    await page.keyboard.press('Alt+KeyD');
    await page.locator('main h1', { hasText: 'Agent desk' }).waitFor();
    await noViolations(page, 'desk on a tablet');
    await page.context().close();
  });

  test('an agent takes an e-mail contact that is waiting, and closes it', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.agent, '/console/desk');
    const { contact } = await staffApi<{ contact: ContactJson }>(page, 'POST', '/api/v1/contacts', { channel: 'email', agentId: null, customer: { name: 'Wendy Waiting', email: 'wendy.waiting@example.org' }, notes: 'Subject: When is leaf day?' });
    await page.reload();
    const take = page.getByRole('button', { name: /^Take the E-mail contact of / });
    await take.waitFor();
    await noViolations(page, 'desk, a contact waiting');
    await tabTo(page, take);
    await page.keyboard.press('Enter');
    await page.locator('.customer-card strong', { hasText: 'Wendy Waiting' }).waitFor();
    await page.keyboard.press('Alt+Enter');
    await page.getByLabel('Outcome').waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Close and log the contact' }));
    await page.keyboard.press('Enter');
    await page.getByText('No e-mail or text is waiting.').waitFor();
    const closed = await staffApi<{ contact: ContactJson & { agentId: number | null } }>(page, 'GET', `/api/v1/contacts/${contact.id}`);
    assert.equal(closed.contact.outcome, 'answered');
    assert.ok(closed.contact.agentId, 'the agent who took it is recorded');
    await page.context().close();
  });
});
