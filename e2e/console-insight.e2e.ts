import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/modules/identity/demo.ts';
import { axeViolations, launchBrowser } from './browser.ts';
import { DEMO, openConsoleAs } from './console.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let browser: Browser;

/** Seven street-light reports made by an agent over the API, so the dashboards have something to show. */
async function makeRequests(baseUrl: string): Promise<void> {
  const signIn = await fetch(`${baseUrl}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO.agent, password: DEMO_PASSWORD }) });
  assert.equal(signIn.status, 200);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  for (let i = 0; i < 7; i++) {
    const res = await fetch(`${baseUrl}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ serviceCode: 'STREETLIGHT_OUT', attributes: { LIGHT_PROBLEM: 'out' }, channel: i % 2 ? 'phone' : 'walk_in', description: `Light ${i} out`, location: { lat: 45.52 + i * 0.002, long: -122.66 + i * 0.01 } }),
    });
    assert.equal(res.status, 201, await res.text());
  }
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await makeRequests(server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('insight dashboards in Chromium', () => {
  test('an analyst opens Insight with Alt+I: every tile renders with its chart and table, CSV downloads work, no axe violations', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.analyst);
    await page.keyboard.press('Alt+KeyI');
    await page.locator('main h1', { hasText: 'Insight' }).waitFor();
    // Every tile finished loading, without an error.
    await page.waitForFunction(() => {
      const tiles = [...(globalThis as unknown as { document: { querySelectorAll(s: string): { getAttribute(a: string): string | null }[] } }).document.querySelectorAll('section.insight-tile')];
      return tiles.length >= 12 && tiles.every((t) => t.getAttribute('aria-busy') === 'false');
    });
    assert.equal(await page.locator('section.insight-tile [role="alert"]').count(), 0);
    const summary = page.locator('section[data-tile="summary"] table');
    assert.match((await summary.getByRole('row', { name: /^Requests opened/ }).textContent()) ?? '', /7/);
    // Charts are drawn (Chart.js loaded with the screen) and each has its table.
    await page.locator('section[data-tile="requests"] canvas').first().waitFor();
    assert.ok((await page.locator('.insight-chart canvas[role="img"]').count()) >= 3);
    await page.locator('section[data-tile="requests"] details summary').first().click();
    assert.ok((await page.locator('section[data-tile="requests"] details table th[scope="col"]').count()) > 3);
    assert.deepEqual(await axeViolations(page), []);
    // The equity lens shows its caution beside the chart.
    assert.match((await page.locator('section[data-tile="equity"] .insight-caution').textContent()) ?? '', /who reports/);
    // The CSV link of a tile downloads that tile's table.
    const href = await page.locator('section[data-tile="summary"] a[download]').getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    assert.match(csv.split('\r\n')[0] ?? '', /^metric,value,kind$/);
    assert.match(csv, /\r\nopened,7,count\r\n/);
    // Filters narrow every tile: by channel, phone only → 3 of the 7.
    await page.locator('select[name="channel"]').selectOption('phone');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('section[data-tile="summary"]').getByRole('row', { name: /^Requests opened 3$/ }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.context().close();
  });

  test('on a tablet (768×1024), in Spanish, still no axe violations; an agent has no Insight', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.supervisor, '/console/insight', { width: 768, height: 1024 });
    await page.locator('footer').getByLabel('Language').selectOption('es');
    await page.locator('main h1', { hasText: 'Análisis' }).waitFor();
    await page.locator('section[data-tile="staffing"][aria-busy="false"]').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.context().close();
    const agent = await openConsoleAs(browser, server.url, DEMO.agent);
    assert.equal(await agent.locator('header.top nav a', { hasText: 'Insight' }).count(), 0);
    await agent.context().close();
  });

  test('the public dashboard works without JavaScript and has no axe violations', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard`);
    assert.equal(await page.locator('h1').textContent(), '311 by the numbers');
    assert.match((await page.locator('dl.facts').textContent()) ?? '', /Requests made\s*7/);
    await page.getByLabel('Period').selectOption('30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/days=30/);
    await context.close();
    const withJs = await browser.newPage();
    await withJs.goto(`${server.url}/dashboard`);
    assert.deepEqual(await axeViolations(withJs), []);
    await withJs.close();
  });
});
