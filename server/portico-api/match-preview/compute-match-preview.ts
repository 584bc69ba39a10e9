import type { MatchPreviewResponse, PredictedAnswer, PreviewCandidate, PreviewListener, PreviewWinner, SimulatedRequest, VisibleRoute } from '@/lib/api/match-preview';
import type { IrListener } from '@/lib/ir/listener';
import type { IrRoute, IrRule } from '@/lib/ir/route';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import { compileRouteTable, type RouteHit } from '@/lib/routing/compile-route-table';
import { explainRoute } from '@/lib/routing/explain-route';
import { normalizeRequestHost } from '@/lib/routing/hostnames';
import { normalizeRequestPath } from '@/lib/routing/normalize-path';
import { routingRequestFrom, type RoutingRequest } from '@/lib/routing/request';
import { isRouteMiss, missStatus, type NoRouteReason, type RouteQuery } from '@/lib/routing/select-route';
import { redirectLocation, type RedirectFilter } from '@/server/proxy/redirect-location';
import { describeBackends, describeFailures, describeFilter, describeMatch } from './describe-match';
import { precedenceReason, type PrecedenceFacts } from './precedence-reason';

/**
 * The request simulator's answer, computed with the proxy's own routing code: the Gateway's
 * listeners from the routing snapshot are compiled with compileRouteTable and asked with
 * explainRoute (selectRoute plus per-candidate conditions), exactly as the proxy's listener
 * would for the same port, Host, SNI, method, path, headers and query. Pure.
 */
export interface MatchPreviewInput {
  snapshot: RoutingSnapshot;
  request: SimulatedRequest;
  /** Whether the caller may `get` a route: others are shown without name or match details. */
  canReadRoute: (kind: 'HTTPRoute' | 'GRPCRoute', namespace: string, name: string) => boolean;
  /** Hostnames and creation timestamps of routes (for precedence reasons); missing ones get a generic reason. */
  routeFacts: (kind: 'HTTPRoute' | 'GRPCRoute', namespace: string, name: string) => PrecedenceFacts | undefined;
}

const MISS_WORDS: Record<NoRouteReason | 'no-gateway-listeners', string> = {
  'no-gateway-listeners': 'the Gateway has no listener in the routing snapshot (not accepted or not programmed yet)',
  'no-listener-port': 'the Gateway has no listener on this port',
  'no-listener-hostname': 'no listener on this port accepts this host',
  misdirected: 'the TLS server name chose another listener than the Host header (421 Misdirected Request)',
  'no-virtual-host': 'no route attached to this listener serves this host',
  'no-route': 'routes serve this host, but none matches the request',
};

/** The normalised path and raw query the proxy would see for `path` (which may carry `?query`) and `query`. */
export function splitTarget(path: string, query: string): { path: string; query: string } {
  const q = path.indexOf('?');
  const fromPath = q === -1 ? '' : path.slice(q + 1);
  const extra = query.startsWith('?') ? query.slice(1) : query;
  return { path: normalizeRequestPath(q === -1 ? path : path.slice(0, q)), query: [fromPath, extra].filter((s) => s !== '').join('&') };
}

/** A RoutingRequest for a simulated request (headers repeated by name are joined, as Node joins them). */
export function toRoutingRequest(request: SimulatedRequest): RoutingRequest {
  const target = splitTarget(request.path, request.query);
  const headers: Record<string, string[]> = {};
  for (const h of request.headers) (headers[h.name.toLowerCase()] ??= []).push(h.value);
  return routingRequestFrom({ method: request.method, path: target.path, headers, query: target.query });
}

/** The Gateway's listeners in the snapshot, and the port a request without one goes to. */
export function gatewayListeners(snapshot: RoutingSnapshot, gateway: { namespace: string; name: string }): IrListener[] {
  return snapshot.listeners.filter((l) => l.gateway.namespace === gateway.namespace && l.gateway.name === gateway.name);
}

export function chooseListenerPort(listeners: readonly IrListener[], request: Pick<SimulatedRequest, 'listenerPort' | 'scheme'>): number | undefined {
  if (request.listenerPort !== undefined) return request.listenerPort;
  const protocol = request.scheme === 'https' ? 'HTTPS' : 'HTTP';
  return (listeners.find((l) => l.protocol === protocol) ?? listeners[0])?.port;
}

function previewListener(l: IrListener): PreviewListener {
  return { name: l.name, listenerName: l.listenerName, port: l.port, protocol: l.protocol, ...(l.hostname ? { hostname: l.hostname } : {}) };
}

export function computeMatchPreview(input: MatchPreviewInput): MatchPreviewResponse {
  const { snapshot, request } = input;
  const listeners = gatewayListeners(snapshot, request.gateway);
  const target = splitTarget(request.path, request.query);
  const port = chooseListenerPort(listeners, request) ?? 0;
  const base = { snapshotVersion: snapshot.version, listenerPort: port, normalizedPath: target.path, listeners: listeners.map(previewListener) };
  if (listeners.length === 0) {
    return { ...base, miss: { reason: 'no-gateway-listeners', message: MISS_WORDS['no-gateway-listeners'] }, answer: missAnswer(404, MISS_WORDS['no-gateway-listeners']), candidates: [] };
  }
  const onPort = listeners.find((l) => l.port === port);
  const protocol = onPort?.protocol;
  const req = toRoutingRequest(request);
  const host = normalizeRequestHost(request.host);
  // The Gateway's listeners share its addresses: ask on the first, as a request arriving there would.
  const listenerAddress = onPort?.addresses[0] ?? listeners[0]?.addresses[0] ?? '';
  const query: RouteQuery = { ...req, listenerAddress, listenerPort: port, host: request.host, sniHost: protocol === 'HTTPS' ? host : undefined };
  const table = compileRouteTable(listeners);
  const explanation = explainRoute(table, query);
  const { selection } = explanation;
  const chosenListener = listeners.find((l) => l.name === (explanation.listener ?? selection.listenerName));
  const routes = routesById(chosenListener);
  const visible = (route: IrRoute): VisibleRoute => {
    const { kind, namespace, name } = route.source;
    return input.canReadRoute(kind, namespace, name) ? { kind, namespace, name } : { kind, namespace };
  };
  const winnerRoute = isRouteMiss(selection) ? undefined : selection.route;
  const factsOf = (route: IrRoute) => input.routeFacts(route.source.kind, route.source.namespace, route.source.name);

  const candidates: PreviewCandidate[] = explanation.candidates.map((c) => {
    const route = routes.get(c.routeId);
    if (!route) throw new Error(`candidate ${c.routeId} is not in listener ${explanation.listener ?? ''}`);
    const shown = visible(route);
    const detailed = shown.name !== undefined;
    let reasons: string[];
    if (c.selected) reasons = ['matches, and ranks first among the entries that match'];
    else if (c.failed.length > 0) reasons = describeFailures(route, c.failed, req, detailed);
    else reasons = [lostOnPrecedence(winnerRoute, route, factsOf, explanation.virtualHost ?? '')];
    return { route: shown, ruleIndex: route.source.ruleIndex, matchIndex: route.source.matchIndex, selected: c.selected, failed: c.failed, reasons };
  });

  const common = {
    ...base,
    ...(chosenListener ? { listener: previewListener(chosenListener) } : {}),
    ...(explanation.virtualHost ? { virtualHost: explanation.virtualHost } : {}),
    candidates,
  };
  if (isRouteMiss(selection)) {
    const message = MISS_WORDS[selection.none];
    return { ...common, miss: { reason: selection.none, message }, answer: missAnswer(missStatus(selection), message) };
  }
  const shown = visible(selection.route);
  const detailed = shown.name !== undefined;
  const winner: PreviewWinner = {
    route: shown,
    ruleIndex: selection.route.source.ruleIndex,
    ...(detailed && selection.rule.source.ruleName ? { ruleName: selection.rule.source.ruleName } : {}),
    matchIndex: selection.route.source.matchIndex,
    ...(detailed ? { match: describeMatch(selection.route) } : {}),
    filters: detailed ? selection.rule.filters.map(describeFilter) : [],
    backends: detailed ? describeBackends(selection.rule.backends) : [],
  };
  const scheme = protocol === 'HTTPS' ? 'https' : 'http';
  return { ...common, winner, answer: predictAnswer(selection, { scheme, host, listenerPort: port, path: target.path, query: target.query }, detailed) };
}

function routesById(listener: IrListener | undefined): Map<string, IrRoute> {
  const out = new Map<string, IrRoute>();
  for (const vhost of listener?.virtualHosts ?? []) for (const r of vhost.routes) out.set(r.id, r);
  return out;
}

function lostOnPrecedence(
  winner: IrRoute | undefined,
  loser: IrRoute,
  factsOf: (route: IrRoute) => PrecedenceFacts | undefined,
  virtualHost: string,
): string {
  if (!winner) return 'matches, but an entry earlier in precedence order serves the request';
  if (winner.kind !== loser.kind) return `matches, but ${winner.kind} entries are tried first for this request`;
  const winnerFacts = factsOf(winner);
  const loserFacts = factsOf(loser);
  const term = winnerFacts && loserFacts ? precedenceReason(winner, winnerFacts, loser, loserFacts, virtualHost) : undefined;
  return term ? `matches too, but the winner ranks first: it has ${term}` : 'matches too, but the winner comes first in precedence order';
}

function missAnswer(status: number, message: string): PredictedAnswer {
  return { kind: 'error', status, summary: `the proxy answers ${status}: ${message}` };
}

function predictAnswer(
  hit: RouteHit,
  redirect: { scheme: 'http' | 'https'; host: string; listenerPort: number; path: string; query: string },
  detailed: boolean,
): PredictedAnswer {
  const rule: IrRule = hit.rule;
  if (rule.filters.some((f) => f.type === 'Invalid')) return { kind: 'error', status: 500, summary: 'the proxy answers 500: the rule has an invalid filter' };
  const redirectFilter = rule.filters.find((f): f is RedirectFilter => f.type === 'RequestRedirect');
  if (redirectFilter) {
    const matchedPrefix = hit.route.kind === 'HTTPRoute' ? hit.route.match.path.value : '/';
    const location = redirectLocation(redirectFilter, { ...redirect, matchedPrefix });
    return { kind: 'redirect', status: redirectFilter.statusCode, location, summary: `the proxy redirects with ${redirectFilter.statusCode} to ${location}` };
  }
  const weighted = rule.backends.filter((b) => b.weight > 0);
  if (weighted.length === 0) return { kind: 'error', status: 500, summary: 'the proxy answers 500: the rule has no backend with a weight above 0' };
  const serving = weighted.filter((b) => b.kind === 'service' && b.endpoints.length > 0);
  if (serving.length === 0) {
    const allInvalid = weighted.every((b) => b.kind === 'invalid');
    return allInvalid
      ? { kind: 'error', status: 500, summary: 'the proxy answers 500: no backend of the rule is valid' }
      : { kind: 'error', status: 503, summary: 'the proxy answers 503: the backends have no ready endpoints' };
  }
  if (!detailed) return { kind: 'forward', summary: 'forwarded to a backend of the winning route' };
  const shares = describeBackends(rule.backends)
    .filter((b) => b.weight > 0)
    .map((b) => `${b.label} (${b.sharePercent}%${b.valid ? (b.endpoints === 0 ? ', no endpoints: 503' : '') : ': 500'})`);
  return { kind: 'forward', summary: `forwarded to ${shares.join(', ')}` };
}
