import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { LOCALES } from '../src/i18n/index.ts';
import { axeViolations, launchBrowser } from './browser.ts';
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

describe('portal home page in Chromium', () => {
  for (const locale of LOCALES) {
    test(`${locale}: the demo city's services, the right lang attribute, no axe violations`, async () => {
      const page = await browser.newPage();
      await page.goto(`${server.url}/?lang=${locale}`);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      assert.ok((await page.locator('.services li').count()) >= 40, 'the demo catalog is listed');
      assert.deepEqual(await axeViolations(page), []);
      await page.close();
    });
  }

  test('works with JavaScript off, and the skip link is the first thing the keyboard reaches', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url);
    assert.ok((await page.locator('h1').textContent())?.length);
    await page.keyboard.press('Tab');
    assert.equal(await page.locator(':focus').getAttribute('href'), '#main');
    await context.close();
  });
});
