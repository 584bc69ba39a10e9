import { request as httpRequest } from 'node:http';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from '../playwright.config';
import { seriousViolations } from './axe-check';
import { signIn } from './sign-in-as';

/**
 * The request simulator's prediction equals the proxy's real answer, for requests that exercise
 * every precedence rule (SEMANTICS 4.6): exact before wildcard hostname, Exact before PathPrefix
 * before RegularExpression, longer prefix, method, more headers, more query parameters, older
 * route, rule order, and a miss. Every rule adds an `x-portico-rule: <route>/<rule>` header, which
 * the echo backend sends back, so the real answer names the rule that served it.
 */

const OFFSET = Number(process.env.PORTICO_LISTENER_PORT_OFFSET ?? 8000);
const ROUTES = '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes';
const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const EXACT = 'prec.e2e.test';
const OTHER = 'other.e2e.test';

type Match = { path?: { type: string; value: string }; method?: string; headers?: { name: string; value: string }[]; queryParams?: { name: string; value: string }[] };

function route(name: string, hostnames: string[], matches: Match[][]) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'infra', sectionName: 'http' }],
      hostnames,
      rules: matches.map((m, i) => ({
        matches: m,
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-portico-rule', value: `${name}/${i}` }] } }],
        backendRefs: [{ name: 'shop-v1', port: 80 }],
      })),
    },
  };
}

const prefix = (value: string): Match => ({ path: { type: 'PathPrefix', value } });

/** In creation order: prec-old is created a good second before prec-young. */
const WORLD = [
  route('prec-old', [EXACT], [[prefix('/age')]]),
  route('prec-exact-host', [EXACT], [[prefix('/host')]]),
  route('prec-wild-host', ['*.e2e.test'], [[prefix('/host')], [prefix('/')]]),
  route('prec-paths', [EXACT], [[prefix('/p')], [prefix('/p/longer')], [{ path: { type: 'Exact', value: '/p/exact' } }], [prefix('/p/exact')], [{ path: { type: 'RegularExpression', value: '/p/re[a-z]+' } }]]),
  route('prec-method', [EXACT], [[prefix('/m')], [{ ...prefix('/m'), method: 'POST' }]]),
  route('prec-headers', [EXACT], [[{ ...prefix('/h'), headers: [{ name: 'x-a', value: '1' }] }], [{ ...prefix('/h'), headers: [{ name: 'x-a', value: '1' }, { name: 'x-b', value: '2' }] }]]),
  route('prec-query', [EXACT], [[{ ...prefix('/q'), queryParams: [{ name: 'a', value: '1' }] }], [{ ...prefix('/q'), queryParams: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] }]]),
  route('prec-rules', [EXACT], [[prefix('/rules')], [prefix('/rules')]]),
  route('prec-young', [EXACT], [[prefix('/age')]]),
];

interface Case {
  why: string;
  method?: string;
  host: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  /** The rule that must serve it (`route/rule`), or `404` for a miss. */
  expected: string;
}

const CASES: Case[] = [
  { why: 'an exact hostname beats a wildcard', host: EXACT, path: '/host', expected: 'prec-exact-host/0' },
  { why: 'the wildcard serves other hosts', host: OTHER, path: '/host', expected: 'prec-wild-host/0' },
  { why: 'a longer prefix wins', host: EXACT, path: '/p/longer/x', expected: 'prec-paths/1' },
  { why: 'Exact beats PathPrefix', host: EXACT, path: '/p/exact', expected: 'prec-paths/2' },
  { why: 'the prefix serves below the exact path', host: EXACT, path: '/p/exact/more', expected: 'prec-paths/3' },
  { why: 'a PathPrefix beats a RegularExpression', host: EXACT, path: '/p/regex', expected: 'prec-paths/0' },
  { why: 'a method match wins', method: 'POST', host: EXACT, path: '/m', expected: 'prec-method/1' },
  { why: 'without the method, the plain rule', host: EXACT, path: '/m', expected: 'prec-method/0' },
  { why: 'more header matches win', host: EXACT, path: '/h', headers: { 'x-a': '1', 'x-b': '2' }, expected: 'prec-headers/1' },
  { why: 'fewer headers, the rule they satisfy', host: EXACT, path: '/h', headers: { 'x-a': '1' }, expected: 'prec-headers/0' },
  { why: 'more query matches win', host: EXACT, path: '/q', query: 'a=1&b=2', expected: 'prec-query/1' },
  { why: 'fewer query parameters, the rule they satisfy', host: EXACT, path: '/q', query: 'a=1', expected: 'prec-query/0' },
  { why: 'the older route wins a tie', host: EXACT, path: '/age', expected: 'prec-old/0' },
  { why: 'the earlier rule wins a tie in one route', host: EXACT, path: '/rules', expected: 'prec-rules/0' },
  { why: 'exact-hostname routes that do not match fall back to the wildcard', host: EXACT, path: '/elsewhere', expected: 'prec-wild-host/1' },
  { why: 'a host nobody serves is a 404', host: 'nobody.example.org', path: '/', expected: '404' },
];

function send(address: string, c: Case): Promise<{ status: number; body: string }> {
  const path = c.query ? `${c.path}?${c.query}` : c.path;
  return new Promise((resolve) => {
    const req = httpRequest({ host: address, port: 80 + OFFSET, method: c.method ?? 'GET', path, headers: { host: c.host, ...c.headers }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (err) => resolve({ status: 0, body: err.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** The rule the proxy really used: the echoed x-portico-rule header, or the status of a miss. */
async function realRule(address: string, c: Case): Promise<string> {
  const res = await send(address, c);
  if (res.status !== 200) return String(res.status);
  const echo = JSON.parse(res.body) as { headers?: Record<string, string[]> };
  return echo.headers?.['X-Portico-Rule']?.[0] ?? 'untagged';
}

async function gatewayAddress(request: APIRequestContext): Promise<string> {
  const gateway = await (await request.get('/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/public', { headers: admin })).json();
  const address = gateway.status?.addresses?.[0]?.value as string | undefined;
  expect(address, 'infra/public reports an address').toBeTruthy();
  return address as string;
}

async function predict(page: Page, c: Case): Promise<string> {
  await page.getByLabel('Method', { exact: true }).selectOption(c.method ?? 'GET');
  await page.getByLabel('Host', { exact: true }).fill(c.host);
  await page.getByLabel('Path', { exact: true }).fill(c.path);
  await page.getByLabel('Query string', { exact: true }).fill(c.query ?? '');
  await page.getByLabel('Headers', { exact: true }).fill(Object.entries(c.headers ?? {}).map(([n, v]) => `${n}: ${v}`).join('\n'));
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/match-preview') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Predict' }).click();
  expect((await answered).status()).toBe(200);
  const served = page.getByTestId('predicted-route');
  const text = (await served.textContent()) ?? '';
  const hit = /HTTPRoute team-a\/([a-z-]+), rule (\d+)/.exec(text);
  if (hit) return `${hit[1]}/${hit[2]}`;
  const answer = (await page.getByTestId('predicted-answer').textContent()) ?? '';
  return /Error (\d+)/.exec(answer)?.[1] ?? `unparsed: ${text} / ${answer}`;
}

test.describe.configure({ timeout: 180_000 });

test('the simulator predicts what the proxy really does, for every precedence rule', async ({ page, request }) => {
  for (const [i, r] of WORLD.entries()) {
    await request.delete(`${ROUTES}/${r.metadata.name}`, { headers: admin });
    const created = await request.post(ROUTES, { headers: admin, data: r });
    expect(created.status(), `create ${r.metadata.name}: ${await created.text()}`).toBe(201);
    // Creation timestamps have second precision: the oldest route must be visibly older.
    if (i === 0) await page.waitForTimeout(1100);
  }
  const address = await gatewayAddress(request);
  // Every route is served once the last-created one is.
  await expect.poll(() => realRule(address, CASES.find((c) => c.path === '/rules')!), { timeout: 30_000 }).toBe('prec-rules/0');

  await signIn(page, 'chihiro');
  await page.goto('/simulator?gateway=infra/public');
  await expect(page.getByRole('heading', { name: 'Which route serves this request?' })).toBeVisible();
  await expect(page.getByLabel('Listener')).toContainText('http (HTTP 80)');

  for (const c of CASES) {
    const real = await realRule(address, c);
    expect(real, `the proxy: ${c.why}`).toBe(c.expected);
    expect(await predict(page, c), `the simulator: ${c.why}`).toBe(real);
  }

  // Losers say why they lost; sending for real shows the proxy's answer next to the prediction.
  const headerCase = CASES[8]!;
  await predict(page, headerCase);
  const candidates = page.getByRole('table', { name: 'Candidates in precedence order' });
  await expect(candidates).toContainText('matches too, but the winner ranks first: it has more header matches');
  await page.getByRole('button', { name: 'Send for real' }).click();
  await expect(page.getByTestId('real-status')).toContainText('Status 200');
  await expect(page.getByTestId('real-body')).toContainText('prec-headers/1');
  // The results (prediction, candidates, real response) are accessible too, not only the empty form.
  expect(await seriousViolations(page)).toEqual([]);
});
