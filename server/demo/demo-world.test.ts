import { describe, expect, it } from 'vitest';
import { backendKey, buildDemoWorld, DEMO_BACKENDS, DEMO_MANAGED_BY, DEMO_MANAGED_BY_LABEL } from '@/server/demo/demo-world';

const certificate = { certPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', keyPem: '-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n' };
const ports = new Map(DEMO_BACKENDS.map((b, i) => [backendKey(b), 40000 + i]));

describe('buildDemoWorld', () => {
  const world = buildDemoWorld({ certificate, ports });
  const find = (kind: string, name: string) => world.find((o) => o.kind === kind && o.metadata.name === name);

  it('labels every object as demo-owned', () => {
    for (const object of world) expect(object.metadata.labels?.[DEMO_MANAGED_BY_LABEL], `${object.kind} ${object.metadata.name}`).toBe(DEMO_MANAGED_BY);
  });

  it.each(DEMO_BACKENDS.map((b, i) => [b.namespace, b.service, 40000 + i] as const))('points %s/%s at its echo port %i', (namespace, service, port) => {
    const slice = world.find((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service);
    expect(slice?.metadata.namespace).toBe(namespace);
    expect(slice?.ports).toEqual([{ name: 'http', port, protocol: 'TCP' }]);
    expect(slice?.endpoints).toEqual([{ addresses: ['127.0.0.1'], conditions: { ready: true } }]);
    expect(find('Service', service)?.spec).toMatchObject({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
  });

  it('keeps the certificate in a kubernetes.io/tls Secret the HTTPS listener references', () => {
    const secret = find('Secret', 'public-tls');
    expect(secret?.type).toBe('kubernetes.io/tls');
    const data = secret?.data as Record<string, string>;
    expect(Buffer.from(data['tls.crt'] ?? '', 'base64').toString()).toBe(certificate.certPem);
    expect(Buffer.from(data['tls.key'] ?? '', 'base64').toString()).toBe(certificate.keyPem);
    const listeners = (find('Gateway', 'public')?.spec as { listeners: Array<{ name: string; tls?: { certificateRefs: Array<{ name: string }> } }> }).listeners;
    expect(listeners.map((l) => l.name)).toEqual(['http', 'https']);
    expect(listeners[1]?.tls?.certificateRefs).toEqual([{ kind: 'Secret', name: 'public-tls' }]);
  });

  it('refers across namespaces only in the rule waiting for a ReferenceGrant', () => {
    const crossNamespace = world
      .filter((o) => o.kind === 'HTTPRoute')
      .flatMap((route) => (route.spec as { rules: Array<{ backendRefs?: Array<{ name: string; namespace?: string }> }> }).rules.map((rule) => ({ route, rule })))
      .flatMap(({ route, rule }) => (rule.backendRefs ?? []).filter((ref) => ref.namespace !== undefined && ref.namespace !== route.metadata.namespace));
    expect(crossNamespace).toEqual([{ name: 'payments', namespace: 'team-b', port: 80 }]);
    expect(world.some((o) => o.kind === 'ReferenceGrant')).toBe(false);
  });

  it('refuses to build without a port for every backend', () => {
    expect(() => buildDemoWorld({ certificate, ports: new Map() })).toThrow(/no port for demo backend team-a\/shop-v1/);
  });
});
