import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/modules/identity/demo.ts';

/** The demo staff accounts by role (see src/modules/identity/demo.ts). */
export const DEMO = {
  admin: 'admin@demo.frontdoor.example',
  agent: 'agent@demo.frontdoor.example',
  bureau: 'pbot@demo.frontdoor.example',
  supervisor: 'supervisor@demo.frontdoor.example',
  analyst: 'analyst@demo.frontdoor.example',
  kbEditor: 'kb@demo.frontdoor.example',
} as const;

/**
 * Opens the console at `path` in a new browser context (own cookies) at 1280×720 and signs in
 * through the sign-in form as a demo account, by keyboard as a person would.
 */
export async function openConsoleAs(browser: Browser, baseUrl: string, email: string, path = '/console', viewport = { width: 1280, height: 720 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw new Error(`console page error: ${error.message}`);
  });
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel(/^(Email address|Correo electrónico)$/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)$/).fill(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('header.top nav').waitFor();
  return page;
}
