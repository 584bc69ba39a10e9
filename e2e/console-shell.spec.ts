import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './sign-in-as';

/**
 * The signed-in shell: a skip link, navigation by keyboard, a light/dark theme that persists,
 * and no serious accessibility violations in the route editor's form and YAML views.
 */

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the skip link and the navigation work from the keyboard', async ({ page }) => {
  await signIn(page, 'ana');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();

  const apps = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applications' });
  await apps.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/apps$/);
  await expect(apps).toHaveAttribute('aria-current', 'page');
});

test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
  await signIn(page, 'chihiro');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  const dark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
  const before = await dark();
  await toggle.click();
  expect(await dark()).toBe(!before);
  await expect(toggle).toHaveAttribute('aria-pressed', String(!before));
  await page.reload();
  expect(await dark()).toBe(!before);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', String(!before));
});

test('the route editor has no serious accessibility violations, in form and YAML views, light and dark', async ({ page }) => {
  await signIn(page, 'ana');
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => localStorage.setItem('portico-theme', t), theme);
    await page.goto('/apps/routes/new');
    await page.getByRole('button', { name: 'Add parent' }).click();
    await page.getByRole('button', { name: 'Add backend to rule 1' }).click();
    expect(await seriousViolations(page), `form view, ${theme}`).toEqual([]);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await expect(page.getByRole('textbox', { name: 'Route YAML' })).toBeVisible();
    expect(await seriousViolations(page), `YAML view, ${theme}`).toEqual([]);
    await page.goto('/apps/routes/httproutes/team-a/storefront');
    await expect(page.getByRole('list', { name: 'Parents' })).toBeVisible();
    await page.getByText('Raw conditions for Gateway infra/public').click();
    expect(await seriousViolations(page), `route detail, ${theme}`).toEqual([]);
  }
});
