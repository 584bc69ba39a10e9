import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from '../playwright.config';
import { seriousViolations } from './axe-check';
import { signIn } from './sign-in-as';

/**
 * The topology story: the demo's routing graph with its health and live traffic. Nodes and
 * edges are found by their accessible names (React Flow renders them as labelled groups).
 */

const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const GRANTS = '/k8s/apis/gateway.networking.k8s.io/v1beta1/namespaces/team-b/referencegrants';
const GRANT_NAME = 'e2e-topology-storefront-payments';
const SHOP = 'shop.demo.portico.local';
const OFFSET = Number(process.env.PORTICO_LISTENER_PORT_OFFSET ?? 8000);

async function openTopology(page: Page, username: string) {
  await signIn(page, username);
  await page.getByRole('link', { name: 'Topology' }).click();
  await expect(page.getByRole('heading', { name: 'Topology', level: 1 })).toBeVisible();
}

const node = (page: Page, name: RegExp) => page.getByRole('group', { name });
const payEdge = (page: Page, target: string) => page.getByRole('group', { name: new RegExp(`^Backend edge from rule storefront/2 \\(/pay\\) to ${target}`) });

async function deleteGrant(request: APIRequestContext) {
  await request.delete(`${GRANTS}/${GRANT_NAME}`, { headers: admin });
}

test.describe('topology', () => {
  test.afterAll(async ({ request }) => deleteGrant(request));

  test('renders the demo chain from GatewayClass to backends', async ({ page }) => {
    await openTopology(page, 'chihiro');
    await expect(node(page, /^GatewayClass portico: OK/)).toBeVisible();
    await expect(node(page, /^Gateway infra\/public: /)).toBeVisible();
    await expect(node(page, /^Listener http :80 HTTP: /)).toBeVisible();
    await expect(node(page, /^Listener https :443 HTTPS: /)).toBeVisible();
    await expect(node(page, /^HTTPRoute team-a\/storefront: /)).toBeVisible();
    await expect(node(page, /^Service team-a\/shop-v1: OK/)).toBeVisible();
    await expect(node(page, /^Service team-a\/shop-v2: OK/)).toBeVisible();
    await expect(page.getByRole('group', { name: /^Class edge from GatewayClass portico to Gateway infra\/public/ })).toBeAttached();
    await expect(page.getByRole('group', { name: /^Attachment edge from Listener http :80 HTTP to HTTPRoute team-a\/storefront: OK, http\/80/ })).toBeAttached();
    await expect(page.getByRole('group', { name: /^Backend edge from rule storefront\/3 \(\/\) to Service team-a\/shop-v1: OK, weight 80 \(80%\)/ })).toBeAttached();
    // The legend says what the colours mean.
    await expect(page.getByRole('region', { name: 'Legend' })).toContainText('Error: refused or a broken reference');

    // A node opens its details with conditions and a link to its page.
    await node(page, /^HTTPRoute team-a\/storefront: /).click();
    const details = page.getByRole('complementary', { name: 'team-a/storefront' });
    await expect(details.getByRole('list', { name: /Conditions of team-a\/storefront/ }).first()).toContainText('RefNotPermitted');
    await expect(details.getByRole('link', { name: 'Open HTTPRoute page' })).toHaveAttribute('href', '/apps/routes/httproutes/team-a/storefront');

    // Collapsing the Gateway (from its details, at any zoom) folds its listeners into it.
    await node(page, /^Gateway infra\/public: /).click();
    const gatewayDetails = page.getByRole('complementary', { name: 'infra/public' });
    await gatewayDetails.getByRole('button', { name: 'Collapse Gateway infra/public' }).click();
    await expect(node(page, /^Listener http :80 HTTP: /)).toHaveCount(0);
    await gatewayDetails.getByRole('button', { name: 'Expand Gateway infra/public' }).click();
    await expect(node(page, /^Listener http :80 HTTP: /)).toBeVisible();
  });

  test('has no serious accessibility violations, with the graph and a detail panel shown', async ({ page }) => {
    await openTopology(page, 'chihiro');
    await expect(node(page, /^HTTPRoute team-a\/storefront: /)).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    // Keyboard: focus a node and press Enter to open its details.
    await node(page, /^Gateway infra\/public: /).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('complementary', { name: 'infra/public' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('search, problems only, and export as PNG, SVG and JSON', async ({ page }) => {
    await openTopology(page, 'chihiro');
    await page.getByLabel('Search by name').fill('shop-v');
    await expect(page.getByRole('button', { name: 'Show 2 matches' })).toBeVisible();
    await page.getByLabel('Search by name').fill('');

    await page.getByLabel('Problems only').check();
    await expect(node(page, /^rule storefront\/2 \(\/pay\): Error/)).toBeVisible();
    await expect(node(page, /^Service team-a\/shop-v1: /)).toHaveCount(0);
    await page.getByLabel('Problems only').uncheck();
    await expect(node(page, /^Service team-a\/shop-v1: /)).toBeVisible();

    for (const [button, file] of [
      ['Export JSON', 'topology.json'],
      ['Export PNG', 'topology.png'],
      ['Export SVG', 'topology.svg'],
    ] as const) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      const d = await download;
      expect(d.suggestedFilename()).toBe(file);
      const path = await d.path();
      const bytes = readFileSync(path);
      if (file.endsWith('.json')) expect(JSON.parse(bytes.toString()).nodes.length).toBeGreaterThan(10);
      if (file.endsWith('.png')) expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      if (file.endsWith('.svg')) expect(bytes.toString()).toContain('<svg');
    }
  });

  test('a refused reference is a red edge to a missing node, and turns green with a ReferenceGrant, without a reload', async ({ page, request }) => {
    await deleteGrant(request);
    await openTopology(page, 'chihiro');
    const broken = payEdge(page, 'Missing backend Service team-b/payments: Error \\(RefNotPermitted\\)');
    await expect(broken).toBeAttached();
    await expect(broken.locator('path').first()).toHaveCSS('stroke', 'rgb(185, 28, 28)');
    await expect(node(page, /^Missing backend Service team-b\/payments: Error: RefNotPermitted/)).toBeVisible();
    await page.evaluate(() => ((window as unknown as { topologyMarker: number }).topologyMarker = 42));

    const res = await request.post(GRANTS, {
      headers: admin,
      data: {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: { name: GRANT_NAME, namespace: 'team-b' },
        spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service', name: 'payments' }] },
      },
    });
    expect(res.status()).toBe(201);

    const fixed = payEdge(page, 'Service team-b/payments: OK');
    await expect(fixed).toBeAttached({ timeout: 10_000 });
    await expect(fixed.locator('path').first()).toHaveCSS('stroke', 'rgb(21, 128, 61)');
    await expect(node(page, /^ReferenceGrant team-b\/e2e-topology-storefront-payments: /)).toBeVisible();
    await expect(broken).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { topologyMarker?: number }).topologyMarker)).toBe(42);
    await deleteGrant(request);
  });

  test('the namespace filter hides other namespaces', async ({ page }) => {
    await openTopology(page, 'chihiro');
    await expect(node(page, /^Gateway infra\/public: /)).toBeVisible();
    await page.getByLabel('Namespace').selectOption('team-a');
    await expect(node(page, /^HTTPRoute team-a\/storefront: /)).toBeVisible();
    await expect(node(page, /^Gateway infra\/public: /)).toHaveCount(0);
    await expect(node(page, /^HTTPRoute team-b\/payments: /)).toHaveCount(0);
    await expect(node(page, /^GatewayClass /)).toHaveCount(0);
    await page.getByLabel('Namespace').selectOption('');
    await expect(node(page, /^HTTPRoute team-b\/payments: /)).toBeVisible();
  });

  test('ana sees counted placeholders instead of objects she may not read', async ({ page }) => {
    await openTopology(page, 'ana');
    await expect(node(page, /^HTTPRoute team-a\/storefront: /)).toBeVisible();
    // Other specs may have added GatewayClasses: the count is whatever RBAC hides, never a name.
    await expect(node(page, /^\d+ hidden objects? \(cluster-scoped\)$/)).toBeVisible();
    await expect(node(page, /^\d+ hidden objects? in namespace team-b$/)).toBeVisible();
    await expect(node(page, /^GatewayClass /)).toHaveCount(0);
    await expect(node(page, /^HTTPRoute team-b\/payments/)).toHaveCount(0);
    // The server never sends them either.
    const body = await (await page.request.get('/api/topology')).text();
    expect(body).not.toContain('rt:HTTPRoute/team-b/payments');
    expect(body).not.toContain('pay.demo.portico.local');
  });

  test('live traffic: a non-zero rate within 5 s, and the 80/20 split within 5 points', async ({ page, request }) => {
    test.setTimeout(90_000);
    const gw = await (await request.get('/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/public', { headers: admin })).json();
    const address: string = gw.status?.addresses?.[0]?.value ?? '127.0.0.1';
    await openTopology(page, 'chihiro');
    const ruleEdge = page.getByRole('group', { name: /^Rule edge from HTTPRoute team-a\/storefront to rule storefront\/3 \(\/\)/ });
    await expect(ruleEdge).toBeAttached();

    const load = startLoad(address, 80 + OFFSET);
    try {
      await expect(ruleEdge).toHaveAttribute('aria-label', /OK, (0\.[1-9]|[1-9][\d.]*) req\/s/, { timeout: 5_000 });
      // Enough requests for the split to mean something (binomial spread ~1.3 points at 1,000).
      await expect
        .poll(async () => {
          const t = await (await request.get('/api/traffic', { headers: admin })).json();
          const rule = 'HTTPRoute/team-a/storefront/3';
          return (t.backends[`${rule}|team-a/shop-v1:80`]?.requests ?? 0) + (t.backends[`${rule}|team-a/shop-v2:80`]?.requests ?? 0);
        }, { timeout: 60_000 })
        .toBeGreaterThanOrEqual(1_000);
      const v1 = page.getByRole('group', { name: /^Backend edge from rule storefront\/3 \(\/\) to Service team-a\/shop-v1: OK, weight 80 \(80%\)/ });
      await expect.poll(async () => actualShare(await v1.getAttribute('aria-label')), { timeout: 5_000 }).not.toBeNull();
      await page.waitForTimeout(1_500); // the page polls every second: let it show the latest counts
      const shown = actualShare(await v1.getAttribute('aria-label'));
      expect(Math.abs((shown ?? 0) - 80)).toBeLessThanOrEqual(5);
      const v2 = page.getByRole('group', { name: /^Backend edge from rule storefront\/3 \(\/\) to Service team-a\/shop-v2: OK, weight 20 \(20%\)/ });
      expect(Math.abs((actualShare(await v2.getAttribute('aria-label')) ?? 0) - 20)).toBeLessThanOrEqual(5);
    } finally {
      await load.stop();
    }
  });
});

function actualShare(label: string | null): number | null {
  const m = /actual (\d+)%/.exec(label ?? '');
  return m ? Number(m[1]) : null;
}

/** A small load generator: a few requests in flight at a time to the storefront, until stopped. */
function startLoad(host: string, port: number): { stop(): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  let running = true;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = httpRequest({ host, port, path: '/', headers: { host: SHOP }, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', () => setTimeout(resolve, 50));
      req.end();
    });
  const worker = async () => {
    while (running) {
      await one();
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const workers = [worker(), worker(), worker()];
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}
