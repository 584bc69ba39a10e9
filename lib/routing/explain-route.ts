import { type IrRoute } from '@/lib/ir/route';
import { lookupHost, type RouteTable, socketKey } from '@/lib/routing/compile-route-table';
import { compileGrpcMatch } from '@/lib/routing/grpc-match';
import { compileHeaderMatches } from '@/lib/routing/headers';
import { normalizeRequestHost } from '@/lib/routing/hostnames';
import { compileMethodMatch } from '@/lib/routing/method';
import { compilePathMatch } from '@/lib/routing/path';
import { compileQueryMatches } from '@/lib/routing/query';
import { type RoutingRequest } from '@/lib/routing/request';
import { isGrpcRequest, selectRoute, type RouteQuery, type RouteSelection } from '@/lib/routing/select-route';

/**
 * The console's "which route serves this request, and why not the others?": selectRoute's
 * answer (the same function the proxy runs) plus, for every candidate entry of the chosen
 * virtual host in precedence order, which conditions held. Not for the hot path: it compiles
 * per-condition predicates on each call.
 */
export type MatchCondition = 'path' | 'method' | 'headers' | 'queryParams' | 'grpcMethod' | 'notGrpc';

export interface CandidateExplanation {
  routeId: string;
  ruleId: string;
  /** The entry that serves the request (the first one whose conditions all hold). */
  selected: boolean;
  /** Conditions that did not hold; empty when the entry matches. */
  failed: MatchCondition[];
}

export interface RouteExplanation {
  selection: RouteSelection;
  listener?: string;
  virtualHost?: string;
  candidates: CandidateExplanation[];
}

export function explainRoute(table: RouteTable, query: RouteQuery): RouteExplanation {
  const selection: RouteSelection = selectRoute(table, query);
  const port = table.sockets.get(socketKey(query.listenerAddress, query.listenerPort));
  const host = normalizeRequestHost(query.host);
  const compiled = port ? lookupHost(port.listeners, host) : undefined;
  const vhost = compiled ? lookupHost(compiled.hosts, host) : undefined;
  const unreachable = 'none' in selection && (selection.none === 'misdirected' || selection.none === 'no-listener-port');
  if (!compiled || !vhost || unreachable) {
    return { selection, candidates: [] };
  }
  const grpc = isGrpcRequest(query);
  const selectedId = 'none' in selection ? undefined : selection.route.id;
  const entries = [...vhost.grpc, ...vhost.http];
  return {
    selection,
    listener: compiled.listener.name,
    virtualHost: vhost.virtualHost.hostname,
    candidates: entries.map((entry) => ({
      routeId: entry.route.id,
      ruleId: entry.rule.id,
      selected: entry.route.id === selectedId,
      failed: failedConditions(entry.route, query, grpc),
    })),
  };
}

function failedConditions(route: IrRoute, req: RoutingRequest, grpc: boolean): MatchCondition[] {
  const failed: MatchCondition[] = [];
  if (route.kind === 'GRPCRoute') {
    if (!grpc) failed.push('notGrpc');
    if (route.match.method && !compileGrpcMatch({ method: route.match.method })(req)) failed.push('grpcMethod');
    if (!(compileHeaderMatches(route.match.headers)?.(req) ?? true)) failed.push('headers');
    return failed;
  }
  const m = route.match;
  if (!compilePathMatch(m.path)(req.path)) failed.push('path');
  if (!(compileMethodMatch(m.method)?.(req) ?? true)) failed.push('method');
  if (!(compileHeaderMatches(m.headers)?.(req) ?? true)) failed.push('headers');
  if (!(compileQueryMatches(m.queryParams)?.(req) ?? true)) failed.push('queryParams');
  return failed;
}
