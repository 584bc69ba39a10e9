import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { cleanObject, EXPORT_PATH } from '@/lib/api/import-export';
import { RESOURCE_TYPES, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendApiError } from '@/server/http/json-response';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Kinds a namespace export leaves out: Secrets (key material does not belong in Git; manage it
 * with a secrets tool), Leases (coordination state, not configuration).
 */
const NOT_EXPORTED = new Set(['/secrets', 'coordination.k8s.io/leases']);

export interface ExportRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** The stored objects of a resource type, in one namespace or (undefined) all. */
  list: (type: ResourceType, namespace?: string) => K8sObject[];
}

function typeOf(kind: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.kind === kind && (t.group === GATEWAY_GROUP || t.group === ''));
  if (!type) throw new Error(`unknown kind ${kind}`);
  return type;
}

/**
 * `GET /api/export?namespace=<ns>` or `?gateway=<ns>/<name>` (contract in lib/api/import-export.ts):
 * clean multi-document YAML of what the caller may read, decided per kind (namespace export,
 * `list`) or per object (Gateway export, `get`) by the same authorizer as /k8s.
 */
export function createExportRoute(deps: ExportRouteDeps) {
  return function handleExport(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendApiError(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${EXPORT_PATH}`);
      return;
    }
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') {
      sendApiError(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== EXPORT_PATH) {
      sendApiError(res, 404, 'NotFound', `no such endpoint: ${url.pathname}`);
      return;
    }
    const namespace = url.searchParams.get('namespace');
    const gateway = url.searchParams.get('gateway');
    let result: { objects: K8sObject[]; skipped: string[]; title: string } | { status: number; code: string; message: string };
    if (namespace !== null && OBJECT_NAME.test(namespace)) result = exportNamespace(deps, auth.user, namespace);
    else if (gateway !== null && /^[^/]+\/[^/]+$/.test(gateway) && gateway.split('/').every((p) => OBJECT_NAME.test(p))) {
      const [ns, name] = gateway.split('/') as [string, string];
      result = exportGateway(deps, auth.user, ns, name);
    } else {
      sendApiError(res, 400, 'BadRequest', 'say what to export: ?namespace=<namespace> or ?gateway=<namespace>/<name>');
      return;
    }
    if ('status' in result) {
      sendApiError(res, result.status, result.code, result.message);
      return;
    }
    const header = [`# ${result.title}: ${result.objects.length} object(s), exported by Portico without status or server-set fields`];
    if (result.skipped.length > 0) header.push(`# left out: ${result.skipped.join('; ')}`);
    const docs = result.objects.map((o) => stringify(cleanObject(o), { lineWidth: 0 }).trimEnd());
    const body = `${header.join('\n')}\n${docs.map((d) => `---\n${d}\n`).join('')}`;
    const filename = `${(namespace ?? gateway ?? 'export').replace(/[^a-z0-9.-]/g, '-')}.yaml`;
    res.writeHead(200, {
      'Content-Type': 'text/yaml; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      ...(result.skipped.length > 0 ? { 'X-Portico-Skipped': result.skipped.join('; ').slice(0, 1000) } : {}),
    });
    res.end(body);
  };
}

const byName = (a: K8sObject, b: K8sObject) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

function exportNamespace(deps: ExportRouteDeps, user: UserInfo, namespace: string) {
  const mayGetNs = deps.authorizer.authorize({ user, verb: 'get', apiGroup: '', resource: 'namespaces', name: namespace }).allowed;
  const objects: K8sObject[] = [];
  const skipped: string[] = ['Secrets (keep key material out of Git)'];
  if (mayGetNs) objects.push(...deps.list(typeOf('Namespace')).filter((n) => n.metadata.name === namespace));
  for (const type of RESOURCE_TYPES) {
    if (!type.namespaced || NOT_EXPORTED.has(`${type.group}/${type.plural}`)) continue;
    const allowed = deps.authorizer.authorize({ user, verb: 'list', apiGroup: type.group, resource: type.plural, namespace }).allowed;
    const items = deps.list(type, namespace);
    if (!allowed) {
      if (items.length > 0) skipped.push(`${type.kind} (you may not list them)`);
      continue;
    }
    objects.push(...[...items].sort(byName));
  }
  return { objects, skipped, title: `namespace ${namespace}` };
}

function exportGateway(deps: ExportRouteDeps, user: UserInfo, namespace: string, name: string) {
  const may = (verb: string, resource: string, ns: string, n: string) => deps.authorizer.authorize({ user, verb, apiGroup: GATEWAY_GROUP, resource, namespace: ns, name: n }).allowed;
  if (!may('get', 'gateways', namespace, name)) {
    return { status: 403, code: 'Forbidden', message: `${user.username} may not get gateways ${namespace}/${name}` };
  }
  const gw = deps.list(typeOf('Gateway'), namespace).find((g) => g.metadata.name === name);
  if (!gw) return { status: 404, code: 'NotFound', message: `Gateway ${namespace}/${name} not found` };
  const objects: K8sObject[] = [gw];
  const skipped: string[] = [];
  const attached: K8sObject[] = [];
  for (const kind of ['HTTPRoute', 'GRPCRoute']) {
    const type = typeOf(kind);
    for (const route of deps.list(type).sort(byName)) {
      const routeNs = route.metadata.namespace ?? '';
      const parents = ((route.spec as { parentRefs?: { kind?: string; namespace?: string; name?: string }[] } | undefined)?.parentRefs ?? []);
      const attaches = parents.some((p) => (p.kind ?? 'Gateway') === 'Gateway' && (p.namespace ?? routeNs) === namespace && p.name === name);
      if (!attaches) continue;
      if (!may('get', type.plural, routeNs, route.metadata.name ?? '')) {
        skipped.push(`a ${kind} in namespace ${routeNs} (you may not read it)`);
        continue;
      }
      attached.push(route);
    }
  }
  objects.push(...attached);
  // The ReferenceGrants that let those routes reach backends in other namespaces.
  const grants = new Map<string, K8sObject>();
  for (const route of attached) {
    const routeNs = route.metadata.namespace ?? '';
    const rules = ((route.spec as { rules?: { backendRefs?: { namespace?: string }[] }[] } | undefined)?.rules ?? []);
    const targets = new Set(rules.flatMap((r) => r.backendRefs ?? []).map((b) => b.namespace).filter((ns): ns is string => !!ns && ns !== routeNs));
    for (const target of targets) {
      for (const grant of deps.list(typeOf('ReferenceGrant'), target)) {
        const from = ((grant.spec as { from?: { kind?: string; namespace?: string }[] } | undefined)?.from ?? []);
        if (!from.some((f) => f.kind === route.kind && f.namespace === routeNs)) continue;
        if (!may('get', 'referencegrants', target, grant.metadata.name ?? '')) continue;
        grants.set(`${target}/${grant.metadata.name ?? ''}`, grant);
      }
    }
  }
  objects.push(...grants.values());
  return { objects, skipped, title: `Gateway ${namespace}/${name} with its routes` };
}
