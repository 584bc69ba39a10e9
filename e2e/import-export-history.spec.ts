import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from '../playwright.config';
import { seriousViolations } from './axe-check';
import { signIn } from './sign-in-as';

/**
 * Ana imports two HTTPRoutes of which one is invalid: each gets its own result and only the
 * valid one is applied; the export of her namespace is clean YAML; re-importing a change shows
 * in the route's history with a diff, and restoring the first version brings it back. She also
 * downloads a kubeconfig.
 */

const ROUTE_API = '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes/imported-route';
const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

const routeYaml = (hostname: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: imported-route
spec:
  parentRefs:
    - name: public
      namespace: infra
  hostnames:
    - ${hostname}
  rules:
    - backendRefs:
        - name: shop-v1
          port: 80
`;

const invalidYaml = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: broken-route
spec:
  parentRefs:
    - name: public
      namespace: infra
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: no-leading-slash
`;

async function importYaml(page: Page, yaml: string) {
  await page.getByLabel('YAML to import').fill(yaml);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

test.describe.configure({ timeout: 90_000 });

test('import with per-object results, clean export, history with restore, kubeconfig', async ({ page, request }) => {
  await request.delete(ROUTE_API, { headers: admin });
  await signIn(page, 'ana');
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Import and export', level: 1 })).toBeVisible();

  // Two objects, one invalid: the valid one is created, the other is refused before anything is sent.
  await importYaml(page, `${routeYaml('first.e2e.test')}---\n${invalidYaml}`);
  await expect(page.getByText('Import progress: 2 of 2 object(s)')).toBeVisible();
  const results = page.getByRole('table', { name: 'Import results' });
  await expect(results.getByRole('row', { name: /HTTPRoute team-a\/imported-route/ })).toContainText('Created');
  const broken = results.getByRole('row', { name: /HTTPRoute team-a\/broken-route/ });
  await expect(broken).toContainText('Invalid, not sent');
  await expect(broken).toContainText('spec.rules[0].matches[0].path');
  await expect(page.getByRole('alert').filter({ hasText: '1 of 2 object(s) were not applied' })).toBeVisible();
  expect((await request.get(ROUTE_API, { headers: admin })).status()).toBe(200);
  expect((await request.get(ROUTE_API.replace('imported-route', 'broken-route'), { headers: admin })).status()).toBe(404);

  // The export of team-a is clean YAML with the imported route in it.
  await page.getByLabel('Namespace to export').selectOption('team-a');
  await page.getByRole('button', { name: 'Show export' }).click();
  const exported = page.getByLabel('Exported YAML');
  await expect(exported).toContainText('name: imported-route');
  const yaml = (await exported.textContent()) ?? '';
  expect(yaml).not.toMatch(/resourceVersion|managedFields|creationTimestamp|uid:|^status:/m);
  expect(await seriousViolations(page), 'the import results and export are accessible').toEqual([]);

  // A second import changes the hostname: the history shows who changed what.
  await importYaml(page, routeYaml('second.e2e.test'));
  await expect(page.getByRole('table', { name: 'Import results' })).toContainText('Applied');
  await page.goto('/history?kind=gateway.networking.k8s.io/HTTPRoute&namespace=team-a&name=imported-route');
  const changes = page.getByRole('list', { name: 'Changes, newest first' });
  await expect(changes.getByRole('listitem')).toHaveCount(2);
  await expect(changes.getByRole('listitem').first()).toContainText('patched by ana');
  await expect(changes.getByRole('listitem').first()).toContainText('second.e2e.test');
  await expect(changes.getByRole('listitem').nth(1)).toContainText('created by ana');

  // Restore the first version in one action: the route is back to its first hostname.
  await page.getByRole('button', { name: /Restore the version created by ana/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Version restored' })).toBeVisible();
  await expect.poll(async () => (await (await request.get(ROUTE_API, { headers: admin })).json()).spec.hostnames[0]).toBe('first.e2e.test');
  await expect(changes.getByRole('listitem')).toHaveCount(3);
  await expect(changes.getByRole('listitem').first()).toContainText('updated by ana');
  expect(await seriousViolations(page), 'the history with its diffs is accessible').toEqual([]);

  // A kubeconfig for kubectl, carrying a token for ana.
  await page.goto('/import');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download kubeconfig' }).click();
  const file = await (await download).path();
  const kubeconfig = readFileSync(file, 'utf8');
  expect(kubeconfig).toContain('kind: Config');
  expect(kubeconfig).toContain('ana');
});

test("another team's object history is refused", async ({ page }) => {
  await signIn(page, 'ana');
  await page.goto('/history?kind=gateway.networking.k8s.io/HTTPRoute&namespace=team-b&name=payments');
  await expect(page.getByRole('alert').filter({ hasText: 'may not get httproutes team-b/payments' })).toBeVisible();
});
