import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe-check';
import { signIn } from './sign-in-as';

/**
 * axe-core on every console page each demo user can reach: the static pages found under
 * app/(console) on disk, plus every same-origin page linked from them (which reaches detail pages
 * with dynamic segments). Fails on serious or critical violations, naming page, rule and nodes.
 */

const CONSOLE_DIR = path.join(process.cwd(), 'app', '(console)');
const MAX_PAGES_PER_USER = 40;
const USERS = ['ian', 'chihiro', 'ana'] as const;

/** `app/(console)/x/y/page.tsx` -> `/x/y`; private (`_x`) and dynamic (`[x]`) folders are left to the crawl. */
function staticConsoleRoutes(dir = CONSOLE_DIR, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry.startsWith('_') || entry.startsWith('[')) continue;
      const segment = entry.startsWith('(') ? '' : `/${entry}`;
      out.push(...staticConsoleRoutes(full, prefix + segment));
    } else if (entry === 'page.tsx') out.push(prefix || '/');
  }
  return out;
}

/** Waits for the page to render its content (watches keep connections open, so never "network idle"). */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await expect(page.locator('h1').first()).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(750);
}

async function sameOriginLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs
    .map((h) => h.split('#')[0] ?? '')
    .filter((h) => h !== '' && !h.startsWith('/api') && !h.startsWith('/k8s') && !h.startsWith('/login') && !h.startsWith('/_next'));
}

test.describe.configure({ timeout: 300_000 });

test('the sign-in page has no serious accessibility violations', async ({ page }) => {
  await page.goto('/login');
  await settle(page);
  expect(await seriousViolations(page)).toEqual([]);
});

for (const username of USERS) {
  test(`every console page ${username} can reach has no serious accessibility violations`, async ({ page }) => {
    await signIn(page, username);

    const queue = [...new Set(['/', ...staticConsoleRoutes()])];
    const seen = new Set(queue);
    const problems: string[] = [];
    let visited = 0;
    while (queue.length > 0 && visited < MAX_PAGES_PER_USER) {
      const url = queue.shift()!;
      visited++;
      const response = await page.goto(url);
      // A page this user may not open answers with its own "not permitted" content: still checked.
      expect(response?.status() ?? 0, `${url} loads`).toBeLessThan(500);
      await settle(page);
      for (const v of await seriousViolations(page)) problems.push(`${url}: ${v}`);
      for (const link of await sameOriginLinks(page)) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
    test.info().annotations.push({ type: 'pages checked', description: [...seen].slice(0, visited).join(' ') });
    expect(visited, 'pages checked').toBeGreaterThan(3);
    expect(problems).toEqual([]);
  });
}
