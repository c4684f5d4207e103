import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/modules/identity/demo.ts';
import { axeViolations, launchBrowser } from './browser.ts';
import { DEMO, openConsoleAs } from './console.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * Web chat in Chromium: a resident on the portal chats with an agent in the console (two browser
 * contexts), the agent ends it and the contact with its transcript is in the contact log; when no
 * agent is available the resident leaves a message instead. axe-core on both sides.
 */

let server: RunningServer;
let browser: Browser;

/** Signs in over the API (for set-up and checks); returns the headers of the session. */
async function apiSession(email: string): Promise<Record<string, string>> {
  const res = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

async function getJson<T>(path: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers });
  assert.equal(res.status, 200, path);
  return (await res.json()) as T;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // Whatever the day and hour the test runs, the demo city is open: every day, all day, no holidays.
  const admin = await apiSession(DEMO.admin);
  const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
  const res = await fetch(`${server.url}/api/v1/calendar/hours`, { method: 'PUT', headers: admin, body: JSON.stringify({ hours, observesFederalHolidays: false }) });
  assert.equal(res.status, 200, await res.text());
  const { calendar } = await getJson<{ calendar: { holidays: Array<{ date: string }> } }>('/api/v1/calendar', admin);
  for (const h of calendar.holidays) await fetch(`${server.url}/api/v1/calendar/holidays/${h.date}`, { method: 'DELETE', headers: admin });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const residentPage = async (): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw new Error(`portal page error: ${error.message}`);
  });
  return page;
};

describe('web chat in Chromium', () => {
  test('without JavaScript the chat page says live chat needs it and offers the message form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/chat?lang=vi`);
    assert.match((await page.locator('#chat-nojs').textContent()) ?? '', /JavaScript/);
    assert.equal(await page.locator('#chat-live').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Gửi tin nhắn' }).isVisible(), true);
    await context.close();
    // axe-core needs JavaScript in the page: the same page with the chat script blocked instead.
    const blocked = await browser.newContext();
    await blocked.route('**/assets/portal/**', (route) => route.abort());
    const same = await blocked.newPage();
    await same.goto(`${server.url}/chat?lang=vi`);
    assert.equal(await same.locator('#chat-nojs').isVisible(), true);
    assert.deepEqual(await axeViolations(same), []);
    await blocked.close();
  });

  test('nobody available: the resident leaves a message, which agents find to call back', async () => {
    const page = await residentPage();
    await page.goto(`${server.url}/chat`);
    await page.locator('#chat-status', { hasText: 'not available' }).waitFor();
    assert.equal(await page.locator('#chat-start').isVisible(), false);
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Your name').fill('Robin Callback');
    await page.getByLabel('Phone number').fill('503-555-0199');
    await page.getByLabel('Your message').last().fill('The streetlight on my corner is out');
    // The form's time trap refuses forms sent in under three seconds.
    await page.waitForTimeout(3100);
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.locator('.success', { hasText: 'Thank you' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const agent = await apiSession(DEMO.agent);
    const { callbacks } = await getJson<{ callbacks: Array<{ name: string; phone: string; message: string; contactId: number }> }>('/api/v1/chat/callbacks', agent);
    const left = callbacks.find((c) => c.name === 'Robin Callback');
    assert.ok(left);
    assert.equal(left.message, 'The streetlight on my corner is out');
    const { contact } = await getJson<{ contact: { channel: string; outcome: string } }>(`/api/v1/contacts/${left.contactId}`, agent);
    assert.deepEqual([contact.channel, contact.outcome], ['chat', 'callback']);

    // The agent sees it on the chat screen.
    const console = await openConsoleAs(browser, server.url, DEMO.agent, '/console/chat');
    await console.locator('main h1', { hasText: 'Web chat' }).waitFor();
    await console.getByRole('cell', { name: 'The streetlight on my corner is out' }).waitFor();
    assert.deepEqual(await axeViolations(console), []);
    await console.context().close();
    await page.context().close();
  });

  test('a resident chats with an agent; the agent ends the chat and it is in the contact log with its transcript', async () => {
    const agentPage = await openConsoleAs(browser, server.url, DEMO.agent, '/console');
    await agentPage.keyboard.press('Alt+KeyC');
    await agentPage.locator('main h1', { hasText: 'Web chat' }).waitFor();
    const toggle = agentPage.getByRole('button', { name: 'Available for chats' });
    await toggle.click();
    await agentPage.locator('[aria-pressed="true"]', { hasText: 'Available for chats' }).waitFor();
    assert.deepEqual(await axeViolations(agentPage), []);

    const resident = await residentPage();
    await resident.goto(`${server.url}/chat`);
    await resident.locator('#chat-start').waitFor({ state: 'visible' });
    assert.equal(await resident.locator('#chat-nojs').isVisible(), false);
    assert.deepEqual(await axeViolations(resident), []);
    await resident.getByLabel('Your first name (optional)').fill('Jordan');
    await resident.getByLabel('What is it about? (optional)').fill('Missed garbage pickup');
    await resident.getByRole('button', { name: 'Start chat' }).click();
    await resident.locator('#chat-status', { hasText: 'Waiting for an agent' }).waitFor();
    assert.equal(await resident.evaluate('document.activeElement && document.activeElement.id'), 'chat-input');

    // The agent sees Jordan waiting (live, over the stream) and accepts.
    await agentPage.getByRole('button', { name: 'Accept the chat with Jordan' }).click();
    await agentPage.getByRole('heading', { name: 'Chat with Jordan' }).waitFor();
    await resident.locator('#chat-status', { hasText: 'has joined the chat' }).waitFor();

    // The resident writes with Enter; focus stays in the box; the agent reads it live.
    await resident.getByLabel('Your message').first().fill('Hi, my garbage was not picked up on Tuesday.');
    await resident.keyboard.press('Enter');
    await resident.locator('#chat-log li.resident', { hasText: 'not picked up on Tuesday' }).waitFor();
    assert.equal(await resident.evaluate('document.activeElement && document.activeElement.id'), 'chat-input');
    await agentPage.getByRole('log').getByText('Hi, my garbage was not picked up on Tuesday.').waitFor();

    const box = agentPage.getByLabel('Message', { exact: true });
    await box.fill('Sorry about that, Jordan. A truck will come by tomorrow.');
    await box.press('Enter');
    await resident.locator('#chat-log li.agent', { hasText: 'A truck will come by tomorrow' }).waitFor();

    // The agent finds the answer in the knowledge base and sends the resident its public link.
    await agentPage.getByLabel('Search the knowledge base').fill('missed garbage pickup');
    await agentPage.getByLabel('Search the knowledge base').press('Enter');
    await agentPage.getByRole('button', { name: 'Put the link to “Missed garbage, recycling or compost pickup” in the message' }).click();
    // The link goes in once the article is confirmed public (a request to its public page).
    for (let i = 0; i < 100 && !(await box.inputValue()); i++) await agentPage.waitForTimeout(100);
    assert.match(await box.inputValue(), /\/answers\/missed-garbage-pickup\?lang=en$/);
    assert.deepEqual(await axeViolations(agentPage), []);
    await box.press('Enter');
    await resident.locator('#chat-log li.agent', { hasText: '/answers/missed-garbage-pickup' }).waitFor();
    assert.deepEqual(await axeViolations(resident), []);
    assert.deepEqual(await axeViolations(agentPage), []);

    // The agent ends the chat with its outcome: it is logged as a contact.
    await agentPage.getByRole('button', { name: 'End chat…' }).click();
    await agentPage.getByLabel('Outcome').selectOption('answered');
    assert.deepEqual(await axeViolations(agentPage), []);
    await agentPage.getByRole('button', { name: 'End and log the contact' }).click();
    const logged = await agentPage.getByRole('status').filter({ hasText: /Logged as contact \d+/ }).textContent();
    const contactId = Number(/(\d+)/.exec(logged ?? '')?.[1]);
    await resident.locator('#chat-status', { hasText: 'The agent has ended the chat' }).waitFor();
    assert.equal(await resident.locator('#chat-input').isDisabled(), true);
    assert.deepEqual(await axeViolations(resident), []);

    const agent = await apiSession(DEMO.agent);
    const { contact } = await getJson<{ contact: { channel: string; outcome: string; language: string; transcript: Array<{ author: string; text: string; kind: string }>; waitSeconds: number; handleSeconds: number; agentId: number } }>(`/api/v1/contacts/${contactId}`, agent);
    assert.equal(contact.channel, 'chat');
    assert.equal(contact.outcome, 'answered');
    assert.equal(contact.language, 'en');
    assert.ok(contact.waitSeconds >= 0 && contact.handleSeconds >= 0);
    assert.deepEqual(
      contact.transcript.filter((l) => l.kind === 'message').map((l) => [l.author, l.text]),
      [
        ['resident', 'Hi, my garbage was not picked up on Tuesday.'],
        ['agent', 'Sorry about that, Jordan. A truck will come by tomorrow.'],
        ['agent', `Missed garbage, recycling or compost pickup: ${server.url}/answers/missed-garbage-pickup?lang=en`],
      ],
    );
    const list = await getJson<{ contacts: Array<{ id: number }> }>('/api/v1/contacts?channel=chat', agent);
    assert.ok(list.contacts.some((c) => c.id === contactId), 'the chat is in the contact log');
    await agentPage.context().close();
    await resident.context().close();
  });
});
