import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { axeViolations, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * WCAG 1.4.4 / 1.4.10: the portal at 200% zoom. A 1280-px-wide screen zoomed to 200% is a 640×360
 * CSS-pixel viewport drawn with two device pixels per CSS pixel; every page must reflow into it
 * with no horizontal scrolling and stay free of axe violations. And 2.3.3: with "reduce motion"
 * asked for, nothing animates.
 */
let server: RunningServer;
let browser: Browser;
let zoomed: BrowserContext;
let trackingNumber = '';

/** Files a report with a photo through the form (as a resident would) and returns its tracking number. */
async function fileReport(page: Page): Promise<string> {
  await page.goto(`${server.url}/report/POTHOLE`);
  await page.fill('#f-address', 'Behind the old red barn by the creek');
  await page.fill('#f-description', 'A deep hole that fills with water when it rains');
  const photo = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#6b5b45' } }).jpeg().toBuffer();
  await page.setInputFiles('#f-photos', { name: 'pothole.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.waitForTimeout(3100); // the form's time trap: a person takes a few seconds
  await page.click('#f-submit');
  await page.waitForURL(/\/report\/received\//);
  const number = /\/report\/received\/([A-Z0-9-]+)/.exec(page.url())?.[1];
  assert.ok(number, page.url());
  return number;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  zoomed = await browser.newContext({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });
  const page = await zoomed.newPage();
  trackingNumber = await fileReport(page);
  // The photo went through the browser's multipart form and is shown on the track page, loaded.
  await page.goto(`${server.url}/track/${trackingNumber}`);
  const photo = page.locator('.photos img');
  assert.equal(await photo.count(), 1);
  await photo.evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
  assert.equal(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), 1600);
  await page.close();
});
after(async () => {
  await zoomed?.close();
  await browser?.close();
  await server?.stop();
});

/** How far the page scrolls sideways, and the elements that stick out to the right (for the message). */
async function overflow(page: Page): Promise<{ scrollWidth: number; viewport: number; culprits: string[] }> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { right: number }; tagName: string; id: string; className: unknown }> } }).document;
    const width = (globalThis as unknown as { innerWidth: number }).innerWidth;
    const culprits = Array.from(doc.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.split(' ').join('.')}` : ''}`);
    return { scrollWidth: doc.documentElement.scrollWidth, viewport: width, culprits };
  });
}

const PAGES: Array<[string, () => string]> = [
  ['home', () => '/'],
  ['home (Russian)', () => '/?lang=ru'],
  ['home (Vietnamese)', () => '/?lang=vi'],
  ['report: choose a service', () => '/report'],
  ['report form', () => '/report/POTHOLE'],
  ['report form (Vietnamese)', () => '/report/POTHOLE?lang=vi'],
  ['track by number', () => '/track'],
  ['a tracked request', () => `/track/${trackingNumber}`],
  ['a tracked request (Chinese)', () => `/track/${trackingNumber}?lang=zh-Hant`],
  ['answer', () => '/answers/abandoned-vehicle'],
  ['answer (Spanish)', () => '/answers/abandoned-vehicle?lang=es'],
  ['search results', () => '/search?q=pothole'],
];

describe('200% zoom: 640×360 CSS px at two device pixels per CSS pixel', () => {
  for (const [name, path] of PAGES) {
    test(`${name}: reflows without horizontal scrolling, no axe violations`, async () => {
      const page = await zoomed.newPage();
      const res = await page.goto(`${server.url}${path()}`);
      assert.equal(res?.status(), 200);
      assert.equal(await page.evaluate('window.devicePixelRatio'), 2);
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.viewport, `scrolls sideways: ${o.scrollWidth} px in a ${o.viewport} px viewport; sticking out: ${o.culprits.join(', ')}`);
      assert.deepEqual(await axeViolations(page), []);
      await page.close();
    });
  }

  test('the report form with its error summary reflows too', async () => {
    const page = await zoomed.newPage();
    await page.goto(`${server.url}/report/POTHOLE?lang=ru`);
    await page.fill('#f-email', 'not-an-address');
    await page.waitForTimeout(3100);
    await page.click('#f-submit');
    await page.waitForSelector('.error-summary');
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.viewport, `scrolls sideways: ${o.scrollWidth} px; sticking out: ${o.culprits.join(', ')}`);
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });
});

describe('400% zoom (WCAG 1.4.10 reflow): 320 CSS px wide', () => {
  for (const path of ['/?lang=ru', '/report/POTHOLE?lang=vi', () => `/track/${trackingNumber}`, '/answers/abandoned-vehicle']) {
    const url = typeof path === 'string' ? () => path : path;
    test(`${typeof path === 'string' ? path : '/track/{number}'}: no horizontal scrolling`, async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 256 }, deviceScaleFactor: 4 });
      const page = await context.newPage();
      await page.goto(`${server.url}${url()}`);
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.viewport, `scrolls sideways: ${o.scrollWidth} px in a ${o.viewport} px viewport; sticking out: ${o.culprits.join(', ')}`);
      await context.close();
    });
  }
});

describe('prefers-reduced-motion', () => {
  test('with "reduce motion" on, no element animates or transitions, and scrolling jumps', async () => {
    const context = await browser.newContext({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2, reducedMotion: 'reduce' });
    const page = await context.newPage();
    for (const path of ['/', '/report/POTHOLE', `/track/${trackingNumber}`]) {
      await page.goto(`${server.url}${path}`);
      const moving = await page.evaluate(() => {
        const g = globalThis as unknown as {
          matchMedia(q: string): { matches: boolean };
          document: { documentElement: unknown; querySelectorAll(s: string): ArrayLike<{ tagName: string }> };
          getComputedStyle(el: unknown): { animationName: string; transitionDuration: string; scrollBehavior: string };
        };
        const all = [g.document.documentElement, ...Array.from(g.document.querySelectorAll('*'))];
        const animated = all.filter((el) => {
          const s = g.getComputedStyle(el);
          return s.animationName !== 'none' || s.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
        });
        return { reduce: g.matchMedia('(prefers-reduced-motion: reduce)').matches, animated: animated.length, smooth: g.getComputedStyle(g.document.documentElement).scrollBehavior };
      });
      assert.equal(moving.reduce, true);
      assert.equal(moving.animated, 0, `${path}: elements still animate`);
      assert.equal(moving.smooth, 'auto', `${path}: scrolling is not smooth-animated`);
    }
    await context.close();
  });
});
