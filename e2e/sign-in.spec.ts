import { expect, test, type Page } from '@playwright/test';
import { E2E_DEMO_PASSWORD } from '../playwright.config';

async function signIn(page: Page, username: string, password = E2E_DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const personas = [
  { username: 'ian', persona: 'Infrastructure provider' },
  { username: 'chihiro', persona: 'Cluster operator' },
  { username: 'ana', persona: 'Application developer' },
];

for (const { username, persona } of personas) {
  test(`${username} signs in and sees their name and persona`, async ({ page }) => {
    await signIn(page, username);
    await expect(page.getByRole('heading', { name: `Welcome, ${username}` })).toBeVisible();
    const list = page.getByRole('list', { name: 'Your personas' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list.getByText(persona)).toBeVisible();
  });
}

test('ana sees the namespaces her role opens', async ({ page }) => {
  await signIn(page, 'ana');
  await expect(page.getByRole('list', { name: 'Your personas' })).toContainText('Namespaces: team-a');
});

test('a wrong password is refused with a clear message and no session', async ({ page }) => {
  await signIn(page, 'ana', 'not-the-password');
  // Next.js keeps an empty route announcer with role=alert on every page; ours is the one with text.
  await expect(page.getByRole('alert').filter({ hasText: /username or password is incorrect/i })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('the console without a session sends you to sign in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Portico' })).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, 'chihiro');
  await expect(page.getByRole('heading', { name: 'Welcome, chihiro' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('the sign-in form works from the keyboard alone', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Username').focus();
  await page.keyboard.type('ian');
  await page.keyboard.press('Tab');
  await page.keyboard.type(E2E_DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Welcome, ian' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in and sign-out forms still work, and a password never lands in the URL', async ({ page }) => {
    await signIn(page, 'ana', 'not-the-password');
    await expect(page).toHaveURL(/\/login\?error=invalid_credentials$/);
    await expect(page.getByRole('alert').filter({ hasText: 'The username or password is incorrect.' })).toBeVisible();

    await signIn(page, 'ana');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Welcome, ana' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
  });
});
