import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn } from './sign-in-as';

/**
 * Ana (application developer, team-a) manages her routes in the console: create with the form
 * and watch it become Accepted live, edit, invalid YAML refused with the API's own messages,
 * two tabs resolving a conflict without losing an update, delete, and the operator area closed
 * to her in the UI and in the API.
 */

const ROUTES = '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes';

/** A cookie-authenticated write as the browser would send it (same origin), so only RBAC decides. */
function sameOrigin(page: Page): Record<string, string> {
  return { origin: new URL(page.url()).origin };
}

function route(name: string, path: string, hostname: string) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'team-a' },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'infra' }],
      hostnames: [hostname],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: path } }], backendRefs: [{ name: 'shop-v1', port: 80 }] }],
    },
  };
}

async function createByApi(page: Page, request: APIRequestContext, body: object) {
  const res = await request.post(ROUTES, { data: body, headers: sameOrigin(page) });
  expect(res.status(), await res.text()).toBe(201);
}

async function readRoute(page: Page, name: string) {
  const res = await page.request.get(`${ROUTES}/${name}`);
  return { status: res.status(), body: res.ok() ? ((await res.json()) as { spec: { hostnames: string[]; rules: { matches: { path: { value: string } }[] }[] } }) : undefined };
}

/** Sends a request through the proxy from the route page's test panel; eventually (the proxy applies snapshots asynchronously). */
async function sendTestRequest(page: Page, path: string, status: number) {
  const panel = page.getByRole('region', { name: 'Send a test request' });
  await panel.getByRole('textbox', { name: 'Host', exact: true }).fill('new.demo.portico.local');
  await panel.getByRole('textbox', { name: 'Path', exact: true }).fill(path);
  await expect(async () => {
    await panel.getByRole('button', { name: 'Send for real' }).click();
    await expect(panel.getByText(`Status ${status}`, { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  if (status === 200) await expect(panel.getByLabel('Response body')).toContainText(`"path": "${path}"`);
}

test.describe.configure({ timeout: 90_000 });

test('ana creates an HTTPRoute with the form, sees it Accepted live, and edits its path', async ({ page }) => {
  await signIn(page, 'ana');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Applications' }).click();
  await expect(page.getByRole('heading', { name: 'Routes', exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Routes in team-a' })).toContainText('storefront');
  await page.getByRole('link', { name: 'New route' }).first().click();
  await expect(page.getByRole('heading', { name: 'New HTTPRoute' })).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('new-route');
  await page.getByRole('button', { name: 'Add parent' }).click();
  await page.getByLabel('Gateway and listener').selectOption('infra/public');
  await page.getByRole('button', { name: 'Add hostname' }).click();
  await page.getByRole('textbox', { name: 'Hostname 1', exact: true }).fill('new.demo.portico.local');
  const rule = page.getByRole('group', { name: 'Rule 1', exact: true });
  await rule.getByLabel('Path', { exact: true }).fill('/new');
  await page.getByRole('button', { name: 'Add backend to rule 1' }).click();
  await rule.getByRole('combobox', { name: 'Service', exact: true }).selectOption('team-a/shop-v1');
  await expect(rule.getByLabel('Port')).toHaveValue('80');
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems found');
  await page.getByRole('button', { name: 'Create route' }).click();

  await expect(page).toHaveURL(/\/apps\/routes\/httproutes\/team-a\/new-route\?saved=created$/);
  await expect(page.getByRole('heading', { name: 'HTTPRoute new-route' })).toBeVisible();
  // Live: the controller's status arrives through the watch, without a reload.
  const parents = page.getByRole('list', { name: 'Parents' });
  await expect(parents).toContainText('Attached to Gateway infra/public.', { timeout: 15_000 });
  await expect(parents).toContainText('for new.demo.portico.local');
  await parents.getByText('Raw conditions for Gateway infra/public').click();
  await expect(parents.getByRole('table', { name: 'Conditions for Gateway infra/public' })).toContainText('Accepted');
  await sendTestRequest(page, '/new', 200);

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit HTTPRoute team-a/new-route' })).toBeVisible();
  await page.getByRole('group', { name: 'Rule 1', exact: true }).getByLabel('Path', { exact: true }).fill('/new-v2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\?saved=updated$/);
  await expect(page.getByRole('status').filter({ hasText: 'Changes saved' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Rules' })).toContainText('path prefix /new-v2');
  expect((await readRoute(page, 'new-route')).body?.spec.rules[0]?.matches[0]?.path.value).toBe('/new-v2');
  await expect(page.getByRole('list', { name: 'Parents' })).toContainText('Attached to Gateway infra/public.', { timeout: 15_000 });
  // The change is served: the new path reaches the echo backend, the old one no longer matches.
  await sendTestRequest(page, '/new-v2', 200);
  await sendTestRequest(page, '/new', 404);
});

test('the route list shows a route created elsewhere without a reload, its page warns of a shadowed rule, and delete asks first', async ({ page }) => {
  await signIn(page, 'ana');
  await page.goto('/apps');
  const table = page.getByRole('table', { name: 'Routes in team-a' });
  await expect(table).toContainText('storefront');
  const shadowing = route('made-elsewhere', '/elsewhere', 'elsewhere.demo.portico.local');
  shadowing.spec.rules.push({ matches: [{ path: { type: 'PathPrefix', value: '/elsewhere' } }], backendRefs: [{ name: 'shop-v2', port: 80 }] });
  await createByApi(page, page.request, shadowing);
  const row = table.getByRole('row', { name: /made-elsewhere/ });
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row).toContainText('Accepted', { timeout: 15_000 });

  await row.getByRole('link', { name: 'made-elsewhere' }).click();
  // Its second rule repeats the first one's match: the controller's diagnostics say it never serves.
  await expect(page.getByRole('list', { name: 'Warnings' })).toContainText('Shadowed rule', { timeout: 15_000 });
  await expect(page.getByRole('list', { name: 'Warnings' })).toContainText('Rule 2');
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete HTTPRoute team-a/made-elsewhere?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await readRoute(page, 'made-elsewhere')).status).toBe(200);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete route' }).click();
  await expect(page).toHaveURL(/\/apps\?deleted=/);
  await expect(page.getByRole('table', { name: 'Routes in team-a' })).not.toContainText('made-elsewhere');
  expect((await readRoute(page, 'made-elsewhere')).status).toBe(404);
});

test('an invalid route typed in the YAML editor shows the API\'s field errors and nothing is saved', async ({ page }) => {
  await signIn(page, 'ana');
  await page.goto('/apps/routes/new');
  await page.getByLabel('Name', { exact: true }).fill('typed-in-yaml');
  await page.getByRole('tab', { name: 'YAML' }).click();
  // The object carried over from the form.
  const editor = page.getByRole('textbox', { name: 'Route YAML' });
  await expect(editor).toContainText('name: typed-in-yaml');

  const bad = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'typed-in-yaml', namespace: 'team-a' },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'infra' }],
      hostnames: ['Bad_Host'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: 'no-slash' } }], backendRefs: [{ name: 'shop-v1' }] }],
    },
  };
  const yamlText = [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: HTTPRoute',
    'metadata:',
    '  name: typed-in-yaml',
    '  namespace: team-a',
    'spec:',
    '  parentRefs:',
    '    - name: public',
    '      namespace: infra',
    '  hostnames:',
    '    - Bad_Host',
    '  rules:',
    '    - matches:',
    '        - path:',
    '            type: PathPrefix',
    '            value: no-slash',
    '      backendRefs:',
    '        - name: shop-v1',
    '',
  ].join('\n');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(yamlText);

  // What the API itself answers for the same object (dry run: nothing stored).
  const res = await page.request.post(`${ROUTES}?dryRun=All`, { data: bad, headers: sameOrigin(page) });
  expect(res.status()).toBe(422);
  const status = (await res.json()) as { details: { causes: { field: string; message: string }[] } };
  expect(status.details.causes.length).toBeGreaterThanOrEqual(3);
  const problems = page.getByRole('region', { name: 'Problems' });
  for (const cause of status.details.causes) await expect(problems).toContainText(`${cause.field}: ${cause.message}`);
  await expect(page.getByRole('button', { name: 'Create route' })).toBeDisabled();

  // Switching back to the form keeps the object, with the messages next to their fields.
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByRole('textbox', { name: 'Hostname 1', exact: true })).toHaveValue('Bad_Host');
  await expect(page.getByRole('group', { name: 'Rule 1', exact: true }).getByLabel('Path', { exact: true })).toHaveValue('no-slash');
  await expect(page.getByRole('group', { name: 'Rule 1', exact: true })).toContainText("value must be an absolute path and start with '/'");
  expect((await readRoute(page, 'typed-in-yaml')).status).toBe(404);
});

test('two tabs edit the same route: the second save gets a conflict it resolves without losing the first update', async ({ page, context }) => {
  await signIn(page, 'ana');
  await createByApi(page, page.request, route('two-tabs', '/before', 'tabs.demo.portico.local'));
  const editUrl = '/apps/routes/httproutes/team-a/two-tabs/edit';
  const second = await context.newPage();
  await page.goto(editUrl);
  await second.goto(editUrl);
  await expect(page.getByRole('textbox', { name: 'Hostname 1', exact: true })).toHaveValue('tabs.demo.portico.local');
  await expect(second.getByRole('textbox', { name: 'Hostname 1', exact: true })).toHaveValue('tabs.demo.portico.local');

  await page.getByRole('group', { name: 'Rule 1', exact: true }).getByLabel('Path', { exact: true }).fill('/from-first-tab');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page).toHaveURL(/\?saved=updated$/);

  await second.getByRole('textbox', { name: 'Hostname 1', exact: true }).fill('second.demo.portico.local');
  await second.getByRole('button', { name: 'Save changes' }).click();
  const conflict = second.getByRole('alert').filter({ hasText: 'Someone else changed this route since you opened it' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('the object has been modified');
  await conflict.getByRole('button', { name: 'Merge my changes onto the latest version' }).click();
  await expect(second.getByRole('status').filter({ hasText: 'nothing overlapped' })).toBeVisible();
  await expect(second.getByRole('group', { name: 'Rule 1', exact: true }).getByLabel('Path', { exact: true })).toHaveValue('/from-first-tab');
  await expect(second.getByRole('textbox', { name: 'Hostname 1', exact: true })).toHaveValue('second.demo.portico.local');
  await second.getByRole('button', { name: 'Save changes' }).click();
  await expect(second).toHaveURL(/\?saved=updated$/);

  const saved = (await readRoute(page, 'two-tabs')).body;
  expect(saved?.spec.hostnames).toEqual(['second.demo.portico.local']);
  expect(saved?.spec.rules[0]?.matches[0]?.path.value).toBe('/from-first-tab');
});

test('ana creates a GRPCRoute with the form', async ({ page }) => {
  await signIn(page, 'ana');
  await page.goto('/apps/routes/new');
  await page.getByRole('link', { name: 'Create a GRPCRoute instead' }).click();
  await expect(page.getByRole('heading', { name: 'New GRPCRoute' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('grpc-cart');
  await page.getByRole('button', { name: 'Add parent' }).click();
  await page.getByLabel('Gateway and listener').selectOption('infra/public');
  await page.getByRole('button', { name: 'Add match to rule 1' }).click();
  await page.getByRole('textbox', { name: 'Match 1 service' }).fill('shop.v1.Cart');
  await page.getByRole('button', { name: 'Add backend to rule 1' }).click();
  await page.getByRole('group', { name: 'Rule 1', exact: true }).getByRole('combobox', { name: 'Service', exact: true }).selectOption('team-a/shop-v2');
  await page.getByRole('button', { name: 'Create route' }).click();
  await expect(page.getByRole('heading', { name: 'GRPCRoute grpc-cart' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Parents' })).toContainText('Attached to Gateway infra/public.', { timeout: 15_000 });
  await expect(page.getByRole('list', { name: 'Rules' })).toContainText('gRPC shop.v1.Cart/*');
});

test('ana cannot see the operator area, and the API refuses her a Gateway', async ({ page }) => {
  await signIn(page, 'ana');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Applications' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Operations' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Infrastructure' })).toHaveCount(0);
  await page.goto('/operator');
  await expect(page.getByRole('heading', { name: 'Not permitted' })).toBeVisible();

  const res = await page.request.post('/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways', {
    headers: sameOrigin(page),
    data: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'anas-gateway', namespace: 'infra' },
      spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    },
  });
  expect(res.status()).toBe(403);
  const body = (await res.json()) as { reason: string; message: string };
  expect(body.reason).toBe('Forbidden');
  expect(body.message).toContain('cannot create resource "gateways"');
});
