import { versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { type IrFilter } from '@/lib/ir/filters';
import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrGrpcMatch, type IrHttpMatch } from '@/lib/ir/match';
import { type IrBackend, type IrRoute, type IrRule, type IrTimeouts } from '@/lib/ir/route';
import { IR_SCHEMA_VERSION, type IrCertificate, type RoutingSnapshot } from '@/lib/ir/snapshot';

/**
 * Test-only: builds versioned snapshots from a compact description. One route = one rule;
 * entries go into the virtual hosts in the order routes and matches are listed (the test
 * orders them by precedence).
 */
export interface TestRoute {
  name: string;
  namespace?: string;
  /** Virtual hostnames the route serves; default `*`. */
  hostnames?: string[];
  matches?: Partial<IrHttpMatch>[];
  /** Makes it a GRPCRoute with these matches (instead of `matches`). */
  grpcMatches?: IrGrpcMatch[];
  filters?: IrFilter[];
  backends?: IrBackend[];
  timeouts?: IrTimeouts;
}

export interface TestListener {
  name: string;
  port: number;
  /** The loopback address the listener is served on; default `127.0.0.1`. */
  address?: string;
  protocol?: 'HTTP' | 'HTTPS';
  hostname?: string;
  /** HTTPS: ids of snapshot certificates. */
  certificateIds?: string[];
  routes: TestRoute[];
}

export function serviceBackend(name: string, endpoints: { address: string; port: number }[], weight = 1, filters: IrFilter[] = []): IrBackend {
  return { kind: 'service', weight, service: { namespace: 'test', name, port: 80 }, protocol: 'http', endpoints, filters };
}

/** A Service port with appProtocol kubernetes.io/h2c: the proxy speaks HTTP/2 cleartext to it. */
export function h2cBackend(name: string, endpoints: { address: string; port: number }[], weight = 1, filters: IrFilter[] = []): IrBackend {
  return { kind: 'service', weight, service: { namespace: 'test', name, port: 80 }, protocol: 'h2c', endpoints, filters };
}

export function invalidBackend(weight = 1): IrBackend {
  return { kind: 'invalid', weight, reason: 'BackendNotFound', message: 'service test/missing not found' };
}

export function testCertificate(name: string, certificatePem: string, privateKeyPem: string): IrCertificate {
  return { id: `test/${name}@0000000000000000`, secret: { namespace: 'test', name }, certificatePem, privateKeyPem };
}

export function buildTestSnapshot(listeners: TestListener[], certificates: IrCertificate[] = []): RoutingSnapshot {
  return versionSnapshot({ schemaVersion: IR_SCHEMA_VERSION, listeners: listeners.map(buildListener), certificates });
}

function buildListener(spec: TestListener): IrListener {
  const rules: IrRule[] = [];
  const hosts = new Map<string, IrRoute[]>();
  for (const route of spec.routes) {
    const namespace = route.namespace ?? 'test';
    const kind = route.grpcMatches ? ('GRPCRoute' as const) : ('HTTPRoute' as const);
    const source = { kind, namespace, name: route.name, ruleIndex: 0 };
    const ruleId = `${kind}/${namespace}/${route.name}/0`;
    const rule: IrRule = { id: ruleId, source, filters: route.filters ?? [], backends: route.backends ?? [] };
    if (route.timeouts) rule.timeouts = route.timeouts;
    rules.push(rule);
    const entries: IrRoute[] = route.grpcMatches
      ? route.grpcMatches.map((match, matchIndex) => ({ kind: 'GRPCRoute', id: `${ruleId}/${matchIndex}`, rule: ruleId, source: { ...source, kind: 'GRPCRoute', matchIndex }, match }))
      : (route.matches ?? [{}]).map((m, matchIndex) => ({
          kind: 'HTTPRoute',
          id: `${ruleId}/${matchIndex}`,
          rule: ruleId,
          source: { ...source, kind: 'HTTPRoute', matchIndex },
          match: { path: m.path ?? { type: 'PathPrefix', value: '/' }, headers: m.headers ?? [], queryParams: m.queryParams ?? [], ...(m.method ? { method: m.method } : {}) },
        }));
    entries.forEach((entry) => {
      for (const hostname of route.hostnames ?? ['*']) {
        const list = hosts.get(hostname) ?? [];
        list.push(entry);
        hosts.set(hostname, list);
      }
    });
  }
  const virtualHosts: IrVirtualHost[] = [...hosts].map(([hostname, routes]) => ({ hostname, routes }));
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const listener: IrListener = {
    name: `test/gw/${spec.name}`,
    gateway: { namespace: 'test', name: 'gw' },
    listenerName: spec.name,
    addresses: [spec.address ?? '127.0.0.1'],
    port: spec.port,
    protocol: spec.protocol ?? 'HTTP',
    rules,
    virtualHosts,
  };
  if (spec.hostname) listener.hostname = spec.hostname;
  if (spec.certificateIds) listener.tls = { certificates: spec.certificateIds.map((id) => ({ secret: { namespace: 'test', name: id.split('/')[1]?.split('@')[0] ?? id }, materialId: id })) };
  return listener;
}
