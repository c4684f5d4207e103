import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

describe('console shell in Chromium', () => {
  test('sign-in form: wrong password is announced, no axe violations', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/console`);
    assert.equal(await page.locator('h1').textContent(), 'Sign in');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Email address').fill(DEMO.agent);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /\S/);
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });

  test('an agent signs in, reaches a deep link, uses a shortcut, switches to Spanish and signs out', async () => {
    const page = await openConsoleAs(browser, server.url, DEMO.agent, '/console/no-such-screen');
    assert.equal(await page.locator('main h1').textContent(), 'Page not found');
    await page.keyboard.press('Alt+KeyH');
    await page.locator('main h1', { hasText: 'Start' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /Alex Agent/);
    assert.equal(await page.locator('nav a[aria-current="page"]').textContent(), 'Start');
    assert.deepEqual(await axeViolations(page), []);
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.keyboard.press('Escape');
    await page.locator('footer').getByLabel('Language').selectOption('es');
    await page.locator('main h1', { hasText: 'Inicio' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.locator('h1', { hasText: 'Iniciar sesión' }).waitFor();
    await page.reload();
    await page.locator('h1', { hasText: 'Iniciar sesión' }).waitFor();
    await page.context().close();
  });
});
