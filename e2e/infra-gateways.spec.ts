import { connect, type PeerCertificate } from 'node:tls';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from '../playwright.config';
import { signedInPage } from './sign-in-as';

/**
 * Ian creates a GatewayClass for Portico's controller; Chihiro creates a Gateway on it with an
 * HTTP and an HTTPS listener (the demo's wildcard certificate Secret infra/public-tls); both
 * listeners turn Programmed and the HTTPS one presents that certificate for its hostname.
 */

const OFFSET = Number(process.env.PORTICO_LISTENER_PORT_OFFSET ?? 8000);
const HTTP_PORT = 1080;
const HTTPS_PORT = 1443;
const HOSTNAME = 'edge.demo.portico.local';

function peerCertificate(host: string, port: number, servername: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('TLS handshake timed out')));
    socket.on('error', reject);
  });
}

test('ian creates a GatewayClass; chihiro creates a Gateway on it with HTTP and HTTPS listeners that serve', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const className = `e2e-class-${Date.now().toString(36)}`;

  const ian = await signedInPage(browser, 'ian');
  await ian.goto('/infra/gateway-classes/new');
  await ian.getByLabel('Name', { exact: true }).fill(className);
  await expect(ian.getByLabel('Controller name')).toHaveValue('portico.dev/gateway-controller');
  await ian.getByLabel('Description').fill('Edge traffic for e2e');
  await ian.getByRole('button', { name: 'Create GatewayClass' }).click();
  await expect(ian.getByRole('heading', { name: `GatewayClass ${className}` })).toBeVisible();
  await expect(ian.getByRole('table', { name: `Conditions of GatewayClass ${className}` })).toContainText('Accepted', { timeout: 20_000 });

  const chihiro = await signedInPage(browser, 'chihiro');
  await chihiro.goto('/operator/gateways/new');
  await chihiro.getByLabel('Namespace').selectOption('infra');
  await chihiro.getByLabel('Gateway name').fill('edge');
  await chihiro.getByLabel('GatewayClass').selectOption(className);
  await chihiro.getByLabel('Listener http port').fill(String(HTTP_PORT));
  await chihiro.getByRole('button', { name: 'Add listener' }).click();
  await chihiro.getByLabel('Listener listener-2 name').fill('https');
  await chihiro.getByLabel('Listener https protocol').selectOption('HTTPS');
  await chihiro.getByLabel('Listener https port').fill(String(HTTPS_PORT));
  await chihiro.getByLabel('Listener https hostname').fill(HOSTNAME);
  await chihiro.getByLabel('Listener https certificate 1 Secret name').fill('public-tls');
  await expect(chihiro.getByRole('region', { name: 'Impact of saving' })).toContainText('Routes that would detach');
  await chihiro.getByRole('button', { name: 'Create Gateway' }).click();

  await expect(chihiro.getByRole('heading', { name: 'Gateway infra/edge' })).toBeVisible();
  for (const listener of ['http', 'https']) {
    const status = chihiro.getByLabel(`Status of listener ${listener}`, { exact: true });
    await expect(status).toContainText('Programmed', { timeout: 30_000 });
    await expect(status).not.toContainText('Not programmed');
  }

  const gateway = await (await request.get('/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/edge', { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } })).json();
  const address = gateway.status?.addresses?.[0]?.value as string;
  expect(address).toBeTruthy();
  const cert = await peerCertificate(address, HTTPS_PORT + OFFSET, HOSTNAME);
  expect(cert.subjectaltname ?? '').toContain('DNS:*.demo.portico.local');

  // Deleting the class while a Gateway uses it is explained before anything happens.
  await ian.reload();
  await ian.getByRole('button', { name: 'Delete GatewayClass' }).click();
  const dialog = ian.getByRole('dialog');
  await expect(dialog.getByRole('list', { name: 'Gateways using this class' })).toContainText('infra/edge');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(ian.getByRole('heading', { name: `GatewayClass ${className}` })).toBeVisible();
});

async function expectNoSeriousViolations(page: Page, path: string, ready: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: ready, exact: true })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${path}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('the infrastructure and operations pages have no serious accessibility violations', async ({ browser }) => {
  test.setTimeout(90_000);
  const ian = await signedInPage(browser, 'ian');
  await expectNoSeriousViolations(ian, '/infra', 'Infrastructure');
  await expectNoSeriousViolations(ian, '/infra/gateway-classes/new', 'New GatewayClass');
  await expectNoSeriousViolations(ian, '/infra/gateway-classes/portico', 'GatewayClass portico');
  const chihiro = await signedInPage(browser, 'chihiro');
  await expectNoSeriousViolations(chihiro, '/operator', 'Operations');
  await expectNoSeriousViolations(chihiro, '/operator/gateways', 'Gateways');
  await expectNoSeriousViolations(chihiro, '/operator/gateways/new', 'New Gateway');
  await expectNoSeriousViolations(chihiro, '/operator/gateways/infra/public', 'Gateway infra/public');
  await expectNoSeriousViolations(chihiro, '/operator/reference-grants', 'ReferenceGrants');
  await expectNoSeriousViolations(chihiro, '/operator/access-requests', 'Access request inbox');
  await expectNoSeriousViolations(chihiro, '/operator/namespaces', 'Namespaces');
});
