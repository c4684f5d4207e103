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

/** Calls the staff API from the signed-in page (its cookie, its CSRF token). */
async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([method, path, body]) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(path as string, { method: method as string, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    [method, path, body] as const,
  ) as Promise<T>;
}

const noViolations = async (page: Page, state: string): Promise<void> => assert.deepEqual(await axeViolations(page), [], `axe on ${state}`);
type Figures = { totals: { resolvedToday: number }; agents: Array<{ name: string; transitionsToday: number }> };

describe('bureau work queue, request page and supervisor view in Chromium', () => {
  test('pbot staff bulk-assign two requests and work a third to resolved with a templated public note; the supervisor sees it', async () => {
    const sup = await openConsoleAs(browser, server.url, DEMO.supervisor, '/console');
    await call(sup, 'POST', '/api/v1/response-templates', {
      department: 'pbot',
      name: 'Drain cleared',
      texts: { en: 'Our crew cleared the storm drain for {tracking_number} ({service}). Thank you!', es: 'Nuestro equipo limpió el desagüe de {tracking_number} ({service}). ¡Gracias!' },
    });
    const before = await call<Figures>(sup, 'GET', '/api/v1/supervision/overview');

    const agent = await openConsoleAs(browser, server.url, DEMO.agent, '/console');
    const made: Array<{ trackingNumber: string; departmentId: string }> = [];
    for (let i = 0; i < 3; i++) {
      const res = await call<{ request: { trackingNumber: string; departmentId: string } }>(agent, 'POST', '/api/v1/requests', {
        serviceCode: 'STORM_DRAIN',
        channel: 'phone',
        description: `Queue journey drain ${i}`,
        location: { lat: 45.5152 + i * 0.01, long: -122.6784 },
        attributes: { FLOODING: 'street' },
      });
      made.push(res.request);
    }
    assert.deepEqual(made.map((r) => r.departmentId), ['pbot', 'pbot', 'pbot']);
    await agent.context().close();

    // The queue: filter by text, list, keyboard, bulk assign.
    const page = await openConsoleAs(browser, server.url, DEMO.bureau, '/console');
    // This network has no way out: map tiles fail at once rather than hang.
    await page.context().route('https://tile.openstreetmap.org/**', (route) => route.abort());
    await page.keyboard.press('Alt+KeyQ');
    await page.locator('main h1', { hasText: 'Work queue' }).waitFor();
    await page.locator('table.queue tbody tr').first().waitFor();
    await noViolations(page, 'the queue');
    await page.keyboard.press('?');
    await page.getByRole('dialog').locator('.screen-keys', { hasText: 'j and k move between requests' }).waitFor();
    await noViolations(page, 'the shortcuts dialog on the queue');
    await page.keyboard.press('Escape');
    await page.getByLabel('Tracking number or text').fill('Queue journey drain');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.queue caption', { hasText: 'Requests: 3 shown of 3' }).waitFor();
    assert.match((await page.locator('table.queue tbody tr').first().textContent()) ?? '', /Due in/);
    await page.locator('table.queue caption').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    await page.locator('#bulk-title', { hasText: '2 requests selected' }).waitFor();
    const selectedRefs = await page.locator('table.queue tr.selected a.row-link').allTextContents();
    assert.equal(selectedRefs.length, 2);
    await noViolations(page, 'the queue with two requests selected');
    await page.getByLabel('Assign to').selectOption({ label: 'Blair Bureau (PBOT)' });
    await page.getByRole('button', { name: 'Assign selected' }).click();
    await page.getByRole('status').filter({ hasText: '2 requests changed; none failed' }).waitFor();
    await page.getByLabel('Assigned to').selectOption('me');
    await page.locator('table.queue caption', { hasText: 'Requests: 2 shown of 2' }).waitFor();
    assert.deepEqual((await page.locator('table.queue a.row-link').allTextContents()).sort(), [...selectedRefs].sort());

    // Save the view; the dialog is checked too.
    await page.getByRole('button', { name: 'Save this view' }).click();
    await page.getByLabel('Name of the view').fill('My drains');
    await noViolations(page, 'the save-view dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByLabel('Saved view').locator('option', { hasText: 'My drains' }).waitFor({ state: 'attached' });

    // The map (Leaflet, loaded on demand); the list stays.
    await page.getByRole('button', { name: 'Map' }).click();
    await page.locator('.queue-map .leaflet-interactive').first().waitFor();
    await noViolations(page, 'the queue with its map');
    await page.getByRole('button', { name: 'List' }).click();

    // The third request: a templated public note, then resolved.
    const third = made.map((r) => r.trackingNumber).find((ref) => !selectedRefs.includes(ref)) as string;
    await page.goto(`${server.url}/console/requests/${third}`);
    await page.locator('main h1', { hasText: `Request ${third}` }).waitFor();
    await page.locator('#template option', { hasText: 'Drain cleared' }).waitFor({ state: 'attached' });
    await noViolations(page, 'the request page');
    await page.getByLabel('Response template').selectOption({ label: 'Drain cleared' });
    const note = await page.locator('#note-text').inputValue();
    assert.match(note, new RegExp(`cleared the storm drain for ${third} \\(Clogged storm drain`));
    await page.getByRole('button', { name: 'Add a note' }).click();
    await page.locator('.timeline li.public', { hasText: `cleared the storm drain for ${third}` }).waitFor();

    // Someone else changes the request: the next change is refused, the typed note is kept.
    const detail = await call<{ request: { id: number; version: number } }>(page, 'GET', `/api/v1/requests/${third}`);
    await call(page, 'POST', `/api/v1/requests/${detail.request.id}/assign`, { assigneeId: null, expectedVersion: detail.request.version });
    await page.getByRole('radio', { name: 'Internal: staff only' }).check();
    await page.locator('#note-text').fill('Crew photo on file');
    await page.getByRole('button', { name: 'Add a note' }).click();
    await page.getByRole('alert').filter({ hasText: 'changed by someone else' }).waitFor();
    assert.equal(await page.locator('#note-text').inputValue(), 'Crew photo on file');
    await noViolations(page, 'the request page after a conflict');
    await page.getByRole('button', { name: 'Reload the request' }).click();
    await page.locator('.timeline li', { hasText: 'Assignment changed' }).waitFor();
    await page.getByRole('button', { name: 'Add a note' }).click();
    await page.locator('.timeline li.internal', { hasText: 'Crew photo on file' }).waitFor();

    await page.getByLabel('New status').selectOption('resolved');
    await page.locator('#transition-public').fill('Drain cleared; the street is dry.');
    await page.locator('#transition-title ~ form button[type=submit]').click();
    await page.locator('.facts dd', { hasText: 'Resolved' }).first().waitFor();
    await page.getByRole('button', { name: 'Reopen the request' }).waitFor();
    await noViolations(page, 'a resolved request');
    await page.context().close();

    // The supervisor's view has moved.
    await sup.goto(`${server.url}/console/supervisor`);
    await sup.locator('main h1', { hasText: 'Supervisor' }).waitFor();
    await sup.locator('[data-figure="resolvedToday"]').waitFor();
    assert.equal(Number(await sup.locator('[data-figure="resolvedToday"]').textContent()), before.totals.resolvedToday + 1);
    const row = sup.locator('tr', { hasText: 'Blair Bureau (PBOT)' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Blair Bureau \(PBOT\)0[1-9]/);
    await noViolations(sup, 'the supervisor view');
    await sup.getByRole('button', { name: 'Refresh now' }).click();
    await sup.locator('#announcer', { hasText: 'Figures updated' }).waitFor({ state: 'attached' });

    // Response templates: add one through the form, retire it.
    await sup.getByRole('link', { name: 'Response templates' }).click();
    await sup.locator('main h1', { hasText: 'Response templates' }).waitFor();
    await sup.locator('table tbody tr', { hasText: 'Drain cleared' }).waitFor();
    await noViolations(sup, 'the response templates');
    await sup.getByLabel('Department').selectOption('pbot');
    await sup.getByLabel('Name').fill('Sign replaced');
    await sup.getByLabel('English text').fill('We replaced the sign for {tracking_number}.');
    await sup.getByRole('button', { name: 'Add a template' }).click();
    const added = sup.locator('table tbody tr', { hasText: 'Sign replaced' });
    await added.waitFor();
    await added.getByRole('button', { name: 'Retire Sign replaced' }).click();
    await added.getByRole('button', { name: 'Restore Sign replaced' }).waitFor();
    await noViolations(sup, 'the response templates after a change');
    await sup.context().close();
  });
});
