import { type Browser, expect, type Page } from '@playwright/test';
import { E2E_DEMO_PASSWORD } from '../playwright.config';

/** Signs a demo persona in through the real form and waits for the console's welcome. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(E2E_DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${username}` })).toBeVisible();
}

/** A page in a browser context of its own (its own cookies), signed in as `username`. */
export async function signedInPage(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}
