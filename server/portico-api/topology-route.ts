import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TopologyModel, TopologyQuery, TrafficResponse } from '@/lib/api/topology';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendApiError, sendJson } from '@/server/http/json-response';
import { buildTopology, type TopologyInput } from '@/server/topology/build-topology';
import { filterTopology } from '@/server/topology/filter-topology';
import type { FullTopology, NodeAccess } from '@/server/topology/topology-types';
import type { TrafficSampler } from '@/server/topology/traffic-sampler';

export const TOPOLOGY_PATH = '/api/topology';
export const TRAFFIC_PATH = '/api/traffic';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export interface TopologyRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** The controller's last reconcile (RunningController.latest); undefined before the first. */
  latest: () => TopologyInput | undefined;
  /** Live counters from the proxies; absent when there is no proxy. */
  traffic?: TrafficSampler;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * `GET /api/topology?namespace=&gateway=<ns>/<name>&problemsOnly=true`: the routing graph
 * (lib/api/topology.ts) cut to what the caller may `get`, everything else folded into counted
 * placeholders. `GET /api/traffic`: requests/s, error rate, p99 and the actual weight split per
 * rule and backend, only for routes the caller may `get`. 401 without a session or token.
 * The page polls both every second; the graph is rebuilt only when the controller reconciles.
 */
export function createTopologyRoutes(deps: TopologyRouteDeps): { handleTopology: Handler; handleTraffic: Handler } {
  // Built once per reconcile and shared by every caller; per-caller filtering is cheap.
  let cached: { source: TopologyInput | undefined; full: FullTopology } | undefined;
  const full = (): FullTopology => {
    const source = deps.latest();
    if (!cached || cached.source !== source) cached = { source, full: buildTopology(source) };
    return cached.full;
  };

  const authenticated = (req: IncomingMessage, res: ServerResponse, path: string): UserInfo | undefined => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendApiError(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${path}`);
      return undefined;
    }
    if ((req.url ?? '').split('?')[0] !== path) {
      sendApiError(res, 404, 'NotFound', `no such endpoint: ${req.url ?? ''}`);
      return undefined;
    }
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') {
      sendApiError(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      return undefined;
    }
    return auth.user;
  };

  const canGet = (user: UserInfo) => (access: NodeAccess) =>
    deps.authorizer.authorize({ user, verb: 'get', apiGroup: access.apiGroup, resource: access.resource, namespace: access.namespace, name: access.name }).allowed;

  return {
    async handleTopology(req, res) {
      const user = authenticated(req, res, TOPOLOGY_PATH);
      if (!user) return;
      const query = parseQuery(req.url ?? '');
      if ('error' in query) {
        sendApiError(res, 400, 'BadRequest', query.error);
        return;
      }
      const model: TopologyModel = filterTopology(full(), canGet(user), query);
      sendJson(res, 200, model);
    },

    async handleTraffic(req, res) {
      const user = authenticated(req, res, TRAFFIC_PATH);
      if (!user) return;
      const windows = { rateMs: 5_000, splitMs: 60_000 };
      if (!deps.traffic) {
        sendJson(res, 200, { available: false, message: 'The bundled proxy is not running (--no-proxy).', rateWindowSeconds: windows.rateMs / 1000, splitWindowSeconds: windows.splitMs / 1000, rules: {}, backends: {} } satisfies TrafficResponse);
        return;
      }
      const reading = await deps.traffic.read();
      const allowed = new Map<string, boolean>();
      const mayRead = (ruleId: string) => {
        let ok = allowed.get(ruleId);
        if (ok === undefined) {
          ok = ruleAccess(ruleId, user, deps.authorizer);
          allowed.set(ruleId, ok);
        }
        return ok;
      };
      const body: TrafficResponse = {
        available: reading.available,
        ...(reading.message ? { message: reading.message } : {}),
        rateWindowSeconds: reading.windows.rateMs / 1000,
        splitWindowSeconds: reading.windows.splitMs / 1000,
        rules: Object.fromEntries(Object.entries(reading.rules).filter(([rule]) => mayRead(rule))),
        backends: Object.fromEntries(Object.entries(reading.backends).filter(([key]) => mayRead(key.slice(0, key.lastIndexOf('|'))))),
      };
      sendJson(res, 200, body);
    },
  };
}

/** A rule id `HTTPRoute/<ns>/<name>/<index>` is readable when its route is. */
function ruleAccess(ruleId: string, user: UserInfo, authorizer: Authorizer): boolean {
  const [kind, namespace, name] = ruleId.split('/');
  const resource = kind === 'HTTPRoute' ? 'httproutes' : kind === 'GRPCRoute' ? 'grpcroutes' : undefined;
  if (!resource || !namespace || !name) return false;
  return authorizer.authorize({ user, verb: 'get', apiGroup: GATEWAY_GROUP, resource, namespace, name }).allowed;
}

function parseQuery(url: string): TopologyQuery | { error: string } {
  const params = new URLSearchParams(url.split('?')[1] ?? '');
  const query: TopologyQuery = {};
  const namespace = params.get('namespace');
  if (namespace) {
    if (!DNS_NAME.test(namespace)) return { error: `namespace ${JSON.stringify(namespace)} is not a valid namespace name` };
    query.namespace = namespace;
  }
  const gateway = params.get('gateway');
  if (gateway) {
    const [ns, name, extra] = gateway.split('/');
    if (!ns || !name || extra !== undefined || !DNS_NAME.test(ns) || !DNS_NAME.test(name)) {
      return { error: `gateway ${JSON.stringify(gateway)} must be <namespace>/<name>` };
    }
    query.gateway = gateway;
  }
  const problems = params.get('problemsOnly');
  if (problems !== null && problems !== '') {
    if (!['true', 'false', '1', '0'].includes(problems)) return { error: 'problemsOnly must be true or false' };
    query.problemsOnly = problems === 'true' || problems === '1';
  }
  return query;
}
