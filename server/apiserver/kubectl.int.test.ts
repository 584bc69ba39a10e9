import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApi, type TestApi } from './testing/test-api-server';

/**
 * A real kubectl v1.35 against the API server. kubectl sends bearer tokens only over TLS
 * (client-go drops credentials for http:// servers), so this suite serves HTTPS with the
 * test certificate and `insecure-skip-tls-verify`.
 */
const KUBECTL = resolve(process.env.KUBECTL ?? '.bin/kubectl');
const TESTDATA = join(import.meta.dirname, 'testdata');
const run = promisify(execFile);
const NS = 'gateway-conformance-infra';

let api: TestApi;
let kubeconfig: string;

async function kubectl(args: string[], input?: string): Promise<string> {
  const child = run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  const { stdout } = await child;
  return stdout;
}

async function kubectlFails(args: string[]): Promise<string> {
  try {
    await kubectl(args);
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
  throw new Error(`kubectl ${args.join(' ')} unexpectedly succeeded`);
}

describe.skipIf(!existsSync(KUBECTL))('kubectl v1.35', () => {
  beforeAll(async () => {
    api = await startTestApi({ tls: true });
    kubeconfig = api.kubeconfig();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates a namespace (protobuf body) and reports the server version', async () => {
    expect(await kubectl(['create', 'ns', 'default'])).toContain('namespace/default created');
    expect(await kubectl(['version', '-o', 'json'])).toContain('"serverVersion"');
  });

  it('applies Gateway API manifests client-side and re-applies changes', async () => {
    const out = await kubectl(['apply', '-f', join(TESTDATA, 'base.yaml')]);
    expect(out).toContain('gatewayclass.gateway.networking.k8s.io/portico created');
    expect(out).toContain('service/infra-backend-v1 created');
    expect(await kubectl(['apply', '-f', join(TESTDATA, 'httproute-matching.yaml')])).toContain('httproute.gateway.networking.k8s.io/matching created');
    const changed = readFileSync(join(TESTDATA, 'httproute-matching.yaml'), 'utf8').replace('value: one', 'value: uno');
    expect(await kubectl(['apply', '-f', '-'], changed)).toContain('matching configured');
    expect(await kubectl(['apply', '-f', join(TESTDATA, 'base.yaml')])).toContain('unchanged');
    const route = parse(await kubectl(['get', 'httproute', 'matching', '-n', NS, '-o', 'yaml'])) as {
      metadata: { generation: number; annotations: Record<string, string> };
      spec: { rules: { matches: { headers?: { value: string }[] }[] }[] };
    };
    expect(route.metadata.generation).toBe(2);
    expect(route.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();
    expect(route.spec.rules[0]?.matches[1]?.headers?.[0]?.value).toBe('uno');
  });

  it('applies server-side with a field manager', async () => {
    for (const f of ['httproute-simple-same-namespace.yaml', 'gateway-observed-generation-bump.yaml', 'httproute-reference-grant.yaml']) {
      expect(await kubectl(['apply', '--server-side', '-f', join(TESTDATA, f)])).toContain('serverside-applied');
    }
    const gw = parse(await kubectl(['get', 'gateway', 'gateway-observed-generation-bump', '-n', NS, '-o', 'yaml', '--show-managed-fields'])) as {
      metadata: { managedFields: { manager: string; operation: string }[] };
    };
    expect(gw.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubectl', operation: 'Apply' })]);
  });

  it('refuses unknown fields (strict field validation by default)', async () => {
    const bad = readFileSync(join(TESTDATA, 'httproute-simple-same-namespace.yaml'), 'utf8')
      .replace('name: gateway-conformance-infra-test', 'name: strict-check')
      .replace('spec:', 'spec:\n  rulez: []');
    const child = run(KUBECTL, ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], { timeout: 60_000 });
    child.child.stdin?.end(bad);
    await expect(child).rejects.toMatchObject({ stderr: expect.stringContaining('unknown field "spec.rulez"') });
  });

  it('gets every kind', async () => {
    const out = await kubectl(['get', 'gatewayclasses,gateways,httproutes,referencegrants,services,namespaces', '-A']);
    for (const name of ['portico', 'same-namespace', 'matching', 'reference-grant', 'infra-backend-v1', 'gateway-conformance-infra']) {
      expect(out).toContain(name);
    }
    expect(await kubectl(['get', 'httproutes.v1beta1.gateway.networking.k8s.io', '-n', NS, '-o', 'name'])).toContain('httproute.gateway.networking.k8s.io/matching');
    // Server-side printing: the CRD printer columns.
    expect(await kubectl(['get', 'gateways', '-n', NS])).toMatch(/NAME\s+CLASS\s+ADDRESS\s+PROGRAMMED\s+AGE\n(.*\n)*same-namespace\s+portico\s/);
    expect(await kubectl(['get', 'gatewayclasses'])).toMatch(/NAME\s+CONTROLLER\s+ACCEPTED\s+AGE\nportico\s+portico.dev\/gateway-controller\s/);
  });

  it('patches with merge, json and strategic (Service) patches', async () => {
    await kubectl(['patch', 'httproute', 'matching', '-n', NS, '--type', 'merge', '-p', '{"metadata":{"labels":{"stage":"one"}}}']);
    await kubectl(['patch', 'httproute', 'matching', '-n', NS, '--type', 'json', '-p', '[{"op":"replace","path":"/metadata/labels/stage","value":"two"}]']);
    expect(await kubectl(['get', 'httproute', 'matching', '-n', NS, '-o', 'jsonpath={.metadata.labels.stage}'])).toBe('two');
    expect(await kubectlFails(['patch', 'httproute', 'matching', '-n', NS, '-p', '{"metadata":{"labels":{"x":"y"}}}'])).toContain('not supported');
    await kubectl(['patch', 'service', 'infra-backend-v1', '-n', NS, '-p', '{"spec":{"ports":[{"port":8080,"targetPort":4000}]}}']);
    const ports = JSON.parse(await kubectl(['get', 'svc', 'infra-backend-v1', '-n', NS, '-o', 'jsonpath={.spec.ports}'])) as { port: number; targetPort: number }[];
    expect(ports.map((p) => [p.port, p.targetPort])).toEqual([
      [8080, 4000],
      [8081, 3001],
    ]);
  });

  it('watches with get -w and sees a later change', async () => {
    const child = spawn(KUBECTL, ['--kubeconfig', kubeconfig, 'get', 'httproute', 'matching', '-n', NS, '-w', '-o', 'jsonpath={.metadata.labels.stage}{"\\n"}']);
    let out = '';
    const seen = (text: string) =>
      new Promise<void>((resolveSeen, reject) => {
        const check = () => {
          if (out.split('\n').includes(text)) resolveSeen();
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        child.on('exit', () => reject(new Error(`kubectl exited; output: ${out}`)));
        check();
      });
    try {
      await seen('two');
      await kubectl(['label', 'httproute', 'matching', '-n', NS, 'stage=three', '--overwrite']);
      await seen('three');
    } finally {
      child.kill();
    }
  });

  it('answers auth can-i and auth whoami', async () => {
    expect((await kubectl(['auth', 'can-i', 'create', 'httproutes', '-n', NS])).trim()).toBe('yes');
    expect(await kubectl(['auth', 'whoami'])).toContain('portico-admin');
    await api.auth.users.create({ username: 'viewer', password: 'correct-horse-battery', groups: [] });
    const token = api.auth.tokens.create('viewer', 'kubectl').token;
    const viewer = api.kubeconfig(token);
    const child = run(KUBECTL, ['--kubeconfig', viewer, 'auth', 'can-i', 'delete', 'httproutes', '-n', NS], { timeout: 60_000 });
    await expect(child).rejects.toMatchObject({ stdout: expect.stringContaining('no') });
    const denied = run(KUBECTL, ['--kubeconfig', viewer, 'get', 'httproutes', '-n', NS], { timeout: 60_000 });
    await expect(denied).rejects.toMatchObject({ stderr: expect.stringContaining('Forbidden') });
  });

  it('deletes', async () => {
    expect(await kubectl(['delete', 'httproute', 'matching', '-n', NS])).toContain('deleted');
    expect(await kubectlFails(['get', 'httproute', 'matching', '-n', NS])).toContain('NotFound');
    expect(await kubectl(['delete', 'ns', 'gateway-conformance-web-backend'])).toContain('deleted');
  });
});
