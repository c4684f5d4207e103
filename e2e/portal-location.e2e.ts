import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * Location in the portal, in Chromium: a report placed by clicking the map (JavaScript on), a report
 * placed through "Which address did you mean?" (JavaScript off), and the Nearby page as a table
 * and as a map; axe-core finds nothing on any of them. Map tiles cannot load here (no internet):
 * their requests are refused at once, and the map must work without them.
 */
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

async function context(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ locale: 'en-US', ...options });
  await ctx.route(/tile\.openstreetmap\.org/, (route) => route.abort());
  return ctx;
}

/** No violations: on the live page with JavaScript; on a copy of it (axe needs scripts) without. */
async function noViolations(page: Page, what: string, jsOff = false): Promise<void> {
  let target = page;
  if (jsOff) {
    target = await browser.newPage();
    await target.setContent(await page.content());
  }
  const violations = await axeViolations(target);
  if (jsOff) await target.close();
  assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1)}`);
}

const pauseLikeAPerson = (page: Page) => page.waitForTimeout(3200);
const activeId = (page: Page) => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id ?? '');

describe('location journeys in Chromium', () => {
  let mapReport = '';

  test('JavaScript on: autocomplete by keyboard, then the point chosen by clicking the map', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/report/POTHOLE?lang=en`);
    const address = page.locator('#f-address');
    assert.equal(await address.getAttribute('role'), 'combobox');
    await noViolations(page, 'report form with scripts');

    // The ARIA combobox: suggestions as a listbox, Down to move, Enter to choose.
    await address.pressSequentially('1120 sw fifth', { delay: 30 });
    const listbox = page.locator('[role=listbox]');
    await listbox.locator('[role=option]').first().waitFor();
    assert.equal(await address.getAttribute('aria-expanded'), 'true');
    await noViolations(page, 'address suggestions open');
    await address.press('ArrowDown');
    assert.equal(await address.getAttribute('aria-activedescendant'), await listbox.locator('[role=option]').first().getAttribute('id'));
    await address.press('Enter');
    assert.match(await address.inputValue(), /The Portland Building, 1120 SW 5th Ave/);
    assert.equal(await address.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#f-lat').inputValue(), '45.515800');

    // Escape closes the list without choosing.
    await address.fill('');
    await address.pressSequentially('1221 SW 4th', { delay: 30 });
    await listbox.locator('[role=option]').first().waitFor();
    await address.press('Escape');
    assert.equal(await address.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#f-lat').inputValue(), '', 'typing a new address forgot the old point');

    // The map is loaded only now, and a click sets the point and names the address there.
    const leafletBefore = await page.evaluate(() => (globalThis as unknown as { performance: { getEntriesByType(t: string): Array<{ name: string }> } }).performance.getEntriesByType('resource').filter((e) => /\/map-.*\.js$/.test(e.name)).length);
    assert.equal(leafletBefore, 0, 'Leaflet is not part of the initial JavaScript');
    await page.getByRole('button', { name: 'Choose on a map' }).click();
    const map = page.locator('#report-map.leaflet-container');
    await map.waitFor();
    await address.fill('1120 SW 5th Ave');
    await page.getByRole('button', { name: 'Choose on a map' }).click(); // hide
    await page.getByRole('button', { name: 'Choose on a map' }).click(); // show again
    const box = await map.boundingBox();
    assert.ok(box);
    // The map shows the whole city (no point is set any more); a click anywhere in it chooses that point.
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { value: string } | null } }).document.getElementById('f-lat')?.value ?? '') !== '');
    await page.locator('#location-status').filter({ hasText: /./ }).waitFor();
    assert.ok(await page.locator('#report-map path.leaflet-interactive').count(), 'a circle marker shows the point');
    const lat = Number(await page.locator('#f-lat').inputValue());
    const long = Number(await page.locator('#f-long').inputValue());
    assert.ok(lat > 45.4 && lat < 45.7 && long > -122.9 && long < -122.4, `${lat},${long} is in Portland`);
    await noViolations(page, 'report form with the map open');

    await page.getByLabel(/Describe the problem/).fill('Pothole where I clicked on the map');
    await pauseLikeAPerson(page);
    await page.getByRole('button', { name: /Send my report|Send it anyway/ }).click();
    await page.waitForURL(/\/report\/received\//);
    mapReport = (await page.locator('.tracking strong').innerText()).trim();
    assert.ok(!(await page.content()).includes('We could not place this address'), 'the report is on the map');
    await ctx.close();
  });

  test('JavaScript on: "Use my location" fills the address; a refusal is explained', async () => {
    const granted = await context({ geolocation: { latitude: 45.5146, longitude: -122.679 }, permissions: ['geolocation'] });
    const page = await granted.newPage();
    await page.goto(`${server.url}/report/POTHOLE?lang=en`);
    await page.getByRole('button', { name: 'Use my location' }).click();
    await page.locator('#location-status', { hasText: 'Location found' }).waitFor();
    assert.match(await page.locator('#f-address').inputValue(), /Portland City Hall, 1221 SW 4th Ave/);
    assert.equal(await page.locator('#f-lat').inputValue(), '45.514600');
    await granted.close();
    const denied = await context();
    const other = await denied.newPage();
    await other.goto(`${server.url}/report/POTHOLE?lang=en`);
    await other.getByRole('button', { name: 'Use my location' }).click();
    await other.locator('#location-status', { hasText: /permission was denied|not available/ }).waitFor();
    assert.equal(await activeId(other), 'f-address', 'focus goes to the address field');
    await denied.close();
  });

  test('JavaScript off: the address search asks "Which address did you mean?" and the choice places the report', async () => {
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/report/CAMPSITE?lang=en`);
    await page.getByLabel(/Address or nearest intersection/).fill('Portland Building');
    await page.getByLabel(/Describe the problem/).fill('Tents on the sidewalk');
    await pauseLikeAPerson(page);
    await page.getByRole('button', { name: 'Send my report' }).click();
    const summary = page.locator('.error-summary');
    assert.match(await summary.innerText(), /Which address did you mean\?/);
    await noViolations(page, 'which address (no JS)', true);
    await summary.locator('a[href="#f-address_choice"]').click();
    assert.equal(await activeId(page), 'f-address_choice');
    await page.getByLabel(/The Portland Building, 1120 SW 5th Ave/).check();
    await pauseLikeAPerson(page);
    await page.getByRole('button', { name: 'Send my report' }).click();
    await page.waitForURL(/\/report\/received\//);
    await noViolations(page, 'confirmation (no JS)', true);
    const tracking = (await page.locator('.tracking strong').innerText()).trim();
    await page.goto(`${server.url}/track/${tracking}?lang=en`);
    assert.match(await page.content(), /1120 SW 5th Ave/);
    await ctx.close();
  });

  test('Nearby: the table without JavaScript, the map with it', async () => {
    assert.ok(mapReport, 'the map journey made a request');
    const off = await context({ javaScriptEnabled: false });
    const page = await off.newPage();
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Nearby' }).click();
    await noViolations(page, 'nearby, empty (no JS)', true);
    await page.getByLabel('Address or place').fill('1120 SW 5th Ave');
    await page.getByLabel('Within').selectOption('2000');
    await page.getByRole('button', { name: 'Show requests' }).click();
    const table = page.locator('table.nearby-list');
    assert.ok(await table.count());
    assert.match(await table.innerText(), /Campsite report/);
    assert.ok(!(await page.content()).includes('Tents on the sidewalk'), 'descriptions are not shown');
    await noViolations(page, 'nearby table (no JS)', true);
    const url = page.url();
    await off.close();

    const on = await context();
    const mapPage = await on.newPage();
    await mapPage.goto(url);
    await mapPage.locator('#nearby-map.leaflet-container').waitFor();
    await mapPage.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('#nearby-map path.leaflet-interactive').length > 0);
    await noViolations(mapPage, 'nearby map (JS)');
    await on.close();
  });

  test('Nearby and the address choice in Spanish, Vietnamese, Chinese and Russian: translated, no violations', async () => {
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const lang of ['es', 'vi', 'zh-Hant', 'ru']) {
      await page.goto(`${server.url}/nearby?lang=${lang}&q=1120%20SW%205th%20Ave&radius=2000`);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.ok(await page.locator('table.nearby-list').count(), `${lang}: the table`);
      assert.ok(!/portal\.(nearbyPage|location)\./.test(await page.content()), `${lang}: a message key shows`);
      await noViolations(page, `nearby (${lang}, no JS)`, true);
      await page.goto(`${server.url}/nearby?lang=${lang}&q=Portland%20Building`);
      await noViolations(page, `nearby address choice (${lang}, no JS)`, true);
    }
    await ctx.close();
  });
});
