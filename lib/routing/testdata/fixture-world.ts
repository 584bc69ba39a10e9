import { type IrFilter } from '@/lib/ir/filters';
import { type IrListener } from '@/lib/ir/listener';
import { irListenerName } from '@/lib/ir/listener';
import { irRouteId, irRuleId, type IrRoute, type IrRule } from '@/lib/ir/route';
import { versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { IR_SCHEMA_VERSION, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { buildVirtualHosts, type VirtualHostCandidate } from '@/lib/routing/build-virtual-hosts';
import { type GrpcMatchInput } from '@/lib/routing/grpc-match';
import { type HttpMatchInput } from '@/lib/routing/http-match';
import { intersectHostnames } from '@/lib/routing/hostnames';
import { toIrGrpcMatch, toIrHttpMatch } from '@/lib/routing/normalize-match';

/**
 * Test-only: a miniature translator from a compact world description to a RoutingSnapshot,
 * wired through the same library functions the controller uses (intersection, normalisation,
 * virtual hosts, precedence, version). Backends are named services with one endpoint each.
 */
export interface FixtureListener {
  name: string;
  port: number;
  /** The address it is served on; default 127.0.0.1 (as if all listeners were one Gateway's). */
  address?: string;
  protocol?: 'HTTP' | 'HTTPS';
  hostname?: string;
}

export interface FixtureRoute {
  kind?: 'HTTPRoute' | 'GRPCRoute';
  namespace?: string;
  name: string;
  created?: string;
  hostnames?: string[];
  /** Listener names; all listeners when absent. */
  listeners?: string[];
  rules: { matches?: (HttpMatchInput | GrpcMatchInput)[]; backend?: string; filters?: IrFilter[] }[];
}

export const GATEWAY = { namespace: 'infra', name: 'gw' };

export function fixtureSnapshot(listeners: FixtureListener[], routes: FixtureRoute[]): RoutingSnapshot {
  const irListeners: IrListener[] = listeners.map((l) => {
    const rules: IrRule[] = [];
    const candidates: VirtualHostCandidate[] = [];
    for (const route of routes) {
      if (route.listeners && !route.listeners.includes(l.name)) continue;
      const served = intersectHostnames(l.hostname, route.hostnames ?? []);
      if (served === null) continue;
      const kind = route.kind ?? 'HTTPRoute';
      const namespace = route.namespace ?? 'default';
      route.rules.forEach((rule, ruleIndex) => {
        const source = { kind, namespace, name: route.name, ruleIndex };
        const id = irRuleId(source);
        rules.push({
          id,
          source,
          filters: rule.filters ?? [],
          backends: rule.backend
            ? [{ kind: 'service', weight: 1, service: { namespace, name: rule.backend, port: 8080 }, protocol: kind === 'GRPCRoute' ? 'h2c' : 'http', endpoints: [{ address: '127.0.0.1', port: 9000 }], filters: [] }]
            : [],
        });
        const matches = rule.matches ?? (kind === 'HTTPRoute' ? [{}] : [{}]);
        matches.forEach((match, matchIndex) => {
          const entrySource = { ...source, matchIndex };
          const entry: IrRoute =
            kind === 'HTTPRoute'
              ? { kind, id: irRouteId(entrySource), rule: id, source: entrySource, match: toIrHttpMatch(match as HttpMatchInput) }
              : { kind, id: irRouteId(entrySource), rule: id, source: entrySource, match: toIrGrpcMatch(match as GrpcMatchInput) };
          candidates.push({ route: entry, creationTimestamp: route.created ?? '2026-01-01T00:00:00Z', hostnames: route.hostnames ?? [], servedHostnames: served });
        });
      });
    }
    const listener: IrListener = {
      name: irListenerName(GATEWAY, l.name),
      gateway: GATEWAY,
      listenerName: l.name,
      addresses: [l.address ?? '127.0.0.1'],
      port: l.port,
      protocol: l.protocol ?? 'HTTP',
      rules: rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      virtualHosts: buildVirtualHosts(candidates),
    };
    if (l.hostname !== undefined) listener.hostname = l.hostname;
    return listener;
  });
  irListeners.sort((a, b) => a.port - b.port || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return versionSnapshot({ schemaVersion: IR_SCHEMA_VERSION, listeners: irListeners, certificates: [] });
}
