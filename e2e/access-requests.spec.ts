import { request as httpRequest } from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from '../playwright.config';
import { signedInPage } from './sign-in-as';

/**
 * Ana's cross-namespace reference becomes a ReferenceGrant through the access-request inbox:
 * the demo route team-a/storefront sends /pay to team-b/payments, refused until team-b grants
 * it. Ana asks, Chihiro approves in the console, the route resolves without a reload and the
 * proxy carries /pay to payments; Chihiro deletes the grant, is told what breaks, and /pay fails.
 */

const OFFSET = Number(process.env.PORTICO_LISTENER_PORT_OFFSET ?? 8000);
const GW = '/k8s/apis/gateway.networking.k8s.io/v1';
const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
/** Ana's route page (the applications area), which embeds components/access/request-access-button.tsx. */
const ROUTE_PAGE = '/apps/routes/httproutes/team-a/storefront';

async function resolvedRefs(request: APIRequestContext): Promise<string> {
  const route = await (await request.get(`${GW}/namespaces/team-a/httproutes/storefront`, { headers: admin })).json();
  const condition = route.status?.parents?.[0]?.conditions?.find((c: { type: string }) => c.type === 'ResolvedRefs');
  return condition ? `${condition.status}/${condition.reason}` : 'none';
}

/** Where the proxy serves infra/public's HTTP listener: its reported address, port 80 + offset. */
async function gatewayAddress(request: APIRequestContext): Promise<string> {
  const gateway = await (await request.get(`${GW}/namespaces/infra/gateways/public`, { headers: admin })).json();
  const address = gateway.status?.addresses?.[0]?.value;
  expect(address, 'infra/public reports an address').toBeTruthy();
  return address as string;
}

function sendPay(address: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: address, port: 80 + OFFSET, path: '/pay', headers: { host: 'shop.demo.portico.local' }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err) => resolve({ status: 0, body: err.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const payReachesPayments = async (address: string) => {
  const res = await sendPay(address);
  if (res.status !== 200) return `status ${res.status}`;
  try {
    return (JSON.parse(res.body) as { namespace?: string }).namespace === 'team-b' ? 'payments' : res.body.slice(0, 100);
  } catch {
    return res.body.slice(0, 100);
  }
};

test('an access request becomes a ReferenceGrant, and deleting the grant warns and breaks the route', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const address = await gatewayAddress(request);
  await expect.poll(() => resolvedRefs(request), { timeout: 30_000 }).toBe('False/RefNotPermitted');
  await expect.poll(() => payReachesPayments(address), { timeout: 30_000 }).not.toBe('payments');

  // Ana asks for access from her route's page (the reusable request button).
  const ana = await signedInPage(browser, 'ana');
  await ana.goto(ROUTE_PAGE);
  const ask = ana.getByRole('button', { name: 'Request access to Service team-b/payments' });
  await ask.click();
  await ana.getByLabel('Why do you need it?').fill('The storefront sends /pay to the payments service.');
  await ana.getByRole('button', { name: 'Send access request' }).click();
  const anaStatus = ana.getByRole('status', { name: 'Access request for Service team-b/payments' });
  await expect(anaStatus).toContainText('Pending');
  // The route's page shows why /pay does not work yet.
  await expect(ana.getByText(/^RefNotPermitted: /)).toBeVisible();

  // Chihiro sees it in the inbox and approves.
  const chihiro = await signedInPage(browser, 'chihiro');
  await chihiro.goto('/operator/access-requests');
  const item = chihiro.getByRole('listitem').filter({ has: chihiro.getByRole('heading', { name: 'HTTPRoutes in team-a → Service team-b/payments' }) });
  await expect(item).toContainText('The storefront sends /pay to the payments service.');
  await expect(item).toContainText('HTTPRoute team-a/storefront');
  await expect(item).toContainText('asked by ana');
  await item.getByRole('button', { name: /^Approve / }).click();
  await expect(item).toContainText('Approved by chihiro');

  // Ana's page follows without a reload; the route resolves and traffic reaches payments.
  await expect(anaStatus).toContainText('Approved', { timeout: 15_000 });
  await expect(anaStatus).toContainText('by chihiro');
  await expect(ana.getByText(/^RefNotPermitted: /)).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(() => resolvedRefs(request), { timeout: 30_000 }).toBe('True/ResolvedRefs');
  await expect.poll(() => payReachesPayments(address), { timeout: 30_000 }).toBe('payments');

  // Deleting the grant is explained first: which route breaks.
  await chihiro.goto('/operator/reference-grants');
  const grants = chihiro.getByRole('table', { name: 'ReferenceGrants' });
  const row = grants.getByRole('row').filter({ hasText: 'team-b/access-team-a-' });
  await expect(row).toContainText('HTTPRoute team-a/storefront');
  await row.getByRole('button', { name: /^Delete ReferenceGrant / }).click();
  const dialog = chihiro.getByRole('dialog');
  await expect(dialog.getByRole('list', { name: 'What breaks' })).toContainText('HTTPRoute team-a/storefront');
  await dialog.getByRole('button', { name: 'Delete and break 1 object' }).click();
  await expect(dialog).toBeHidden();
  await expect(grants).not.toContainText('team-b/access-team-a-');

  await expect.poll(() => resolvedRefs(request), { timeout: 30_000 }).toBe('False/RefNotPermitted');
  await expect.poll(() => payReachesPayments(address), { timeout: 30_000 }).not.toBe('payments');
});

test('chihiro creates a ReferenceGrant by hand, seeing first which routes it would enable', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const chihiro = await signedInPage(browser, 'chihiro');
  await chihiro.goto('/operator/reference-grants');
  const form = chihiro.getByRole('form', { name: 'New ReferenceGrant' });
  await form.getByLabel("Grant in namespace (the target's)").selectOption('team-b');
  await form.getByLabel('Grant name').fill('storefront-payments');
  await form.getByLabel('Referring namespace').selectOption('team-a');
  await form.getByLabel('Target name (empty: any)').fill('payments');
  await expect(form.getByRole('list', { name: 'References it would enable' })).toContainText('HTTPRoute team-a/storefront → Service team-b/payments');
  await form.getByRole('button', { name: 'Create ReferenceGrant' }).click();
  const row = chihiro.getByRole('table', { name: 'ReferenceGrants' }).getByRole('row').filter({ hasText: 'team-b/storefront-payments' });
  await expect(row).toContainText('HTTPRoute team-a/storefront');
  await expect.poll(() => resolvedRefs(request), { timeout: 30_000 }).toBe('True/ResolvedRefs');

  await row.getByRole('button', { name: 'Delete ReferenceGrant team-b/storefront-payments' }).click();
  await chihiro.getByRole('dialog').getByRole('button', { name: 'Delete and break 1 object' }).click();
  await expect.poll(() => resolvedRefs(request), { timeout: 30_000 }).toBe('False/RefNotPermitted');
});
