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
    // The equity lens on a map: one SVG path per council district, each reachable with Tab and
    // naming its figure; the other set and another figure redraw it; no axe violations either way.
    const map = page.locator('section[data-tile="equity-map"]');
    await map.locator('svg path[role="img"]').first().waitFor();
    assert.equal(await map.locator('svg path[role="img"]').count(), 4, 'four council districts');
    const first = map.locator('svg path[role="img"]').first();
    await first.focus();
    const firstName = (await first.getAttribute('aria-label')) ?? '';
    assert.match(firstName, /^District \d \(.+\): (\d|no figure)/);
    assert.equal(await map.locator('.insight-map-readout').textContent(), firstName, 'focus shows the figure');
    await page.keyboard.press('Tab');
    assert.notEqual(await map.locator('.insight-map-readout').textContent(), firstName, 'Tab moves to the next district');
    assert.ok((await map.locator('.insight-map-legend li').count()) >= 1, 'a legend');
    assert.equal(await map.locator('table tbody tr').count(), 4, 'the table beside the map');
    assert.match((await map.locator('.insight-caution').textContent()) ?? '', /who reports/);
    assert.deepEqual(await axeViolations(page), []);
    await map.locator('select[name="map-measure"]').selectOption('sla_compliance');
    await map.locator('table thead th', { hasText: 'SLA compliance' }).waitFor();
    await map.locator('select[name="map-set"]').selectOption('neighborhood_coalition');
    await map.locator('svg path[role="img"]').nth(6).waitFor();
    assert.equal(await map.locator('svg path[role="img"]').count(), 7, 'seven coalition areas');
    assert.deepEqual(await axeViolations(page), []);
    const mapCsv = await page.evaluate(async (url) => (await fetch(url as string)).text(), await map.locator('a[download]').getAttribute('href'));
    assert.match(mapCsv.split('\r\n')[0] ?? '', /^key,name,population,opened,per_1000,/);
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
    // The map is drawn by the server: four districts, each with its name and a figure or "not shown"
    // (seven requests spread over four districts: every count is under 5, so all are withheld).
    const paths = page.locator('figure.dashboard-map svg path[role="img"]');
    assert.equal(await paths.count(), 4);
    for (const name of await paths.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) assert.match(name, /^District \d \(.+\): (not shown \(fewer than 5 requests\)|[\d.]+ requests per 1,000 residents|no figure)/);
    assert.match((await page.locator('figure.dashboard-map + p.notice').textContent()) ?? '', /who reports problems/);
    // axe needs scripts to run: check the very page the no-JavaScript visitor got, loaded into a page that has them.
    const served = await page.content();
    await context.close();
    const checked = await browser.newPage();
    await checked.setContent(served);
    assert.deepEqual(await axeViolations(checked), [], 'the page as served without JavaScript');
    await checked.close();
    const withJs = await browser.newPage();
    await withJs.goto(`${server.url}/dashboard`);
    assert.equal(await withJs.locator('figure.dashboard-map > svg').count(), 1);
    assert.deepEqual(await axeViolations(withJs), []);
    await withJs.close();
  });
});
