import { apiGroups, apiVersionOf, RESOURCE_TYPES, type ResourceType } from '@/lib/k8s/kinds';
import { ApiError } from '@/lib/k8s/status-error';
import type { DiscoveryRequest } from './request-info';
import { REVIEW_RESOURCES, type ReviewResource } from './review-resources';

/**
 * Discovery documents: legacy (`APIVersions`, `APIGroupList`, `APIGroup`, `APIResourceList`)
 * and aggregated (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`, which kubectl 1.35 asks
 * for first and which saves it one request per group).
 */
export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const RESOURCE_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

/** Whether the Accept header asks for aggregated discovery v2. */
export function wantsAggregated(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0] ?? '';
  return /g=apidiscovery\.k8s\.io/.test(first) && /v=v2(;|$)/.test(first.replace(/\s/g, ''));
}

interface GroupVersions {
  name: string;
  versions: string[];
}

function allGroups(): GroupVersions[] {
  const groups: GroupVersions[] = apiGroups();
  for (const r of REVIEW_RESOURCES) {
    const g = groups.find((x) => x.name === r.group);
    if (g) {
      if (!g.versions.includes(r.version)) g.versions.push(r.version);
    } else groups.push({ name: r.group, versions: [r.version] });
  }
  return groups;
}

function typesIn(group: string, version: string): ResourceType[] {
  return RESOURCE_TYPES.filter((t) => t.group === group && t.versions.some((v) => v.name === version));
}

function reviewsIn(group: string, version: string): ReviewResource[] {
  return REVIEW_RESOURCES.filter((r) => r.group === group && r.version === version);
}

function legacyResources(group: string, version: string): unknown[] {
  const out: unknown[] = [];
  for (const t of typesIn(group, version)) {
    out.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: RESOURCE_VERBS,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length ? { categories: t.categories } : {}),
      storageVersionHash: '',
    });
    if (t.hasStatus) out.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: STATUS_VERBS });
  }
  for (const r of reviewsIn(group, version)) {
    out.push({ name: r.plural, singularName: r.singular, namespaced: false, kind: r.kind, verbs: ['create'] });
  }
  return out;
}

function aggregatedResources(group: string, version: string): unknown[] {
  const out: unknown[] = typesIn(group, version).map((t) => ({
    resource: t.plural,
    responseKind: { group, version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: RESOURCE_VERBS,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
    ...(t.hasStatus
      ? { subresources: [{ subresource: 'status', responseKind: { group, version, kind: t.kind }, verbs: STATUS_VERBS }] }
      : {}),
  }));
  for (const r of reviewsIn(group, version)) {
    out.push({
      resource: r.plural,
      responseKind: { group, version, kind: r.kind },
      scope: 'Cluster',
      singularResource: r.singular,
      verbs: ['create'],
    });
  }
  return out;
}

function groupDoc(g: GroupVersions): unknown {
  const versions = g.versions.map((v) => ({ groupVersion: apiVersionOf(g.name, v), version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export interface DiscoveryDocument {
  body: unknown;
  contentType: string;
}

export function discoveryDocument(req: DiscoveryRequest, accept: string | undefined): DiscoveryDocument {
  const aggregated = wantsAggregated(accept);
  const groups = allGroups();
  const json = (body: unknown): DiscoveryDocument => ({ body, contentType: 'application/json' });
  if (req.root === 'api' && req.version === undefined) {
    if (aggregated) return { body: aggregatedList(groups.filter((g) => g.name === '')), contentType: AGGREGATED_V2 };
    return json({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }] });
  }
  if (req.root === 'apis' && req.group === undefined) {
    const named = groups.filter((g) => g.name !== '');
    if (aggregated) return { body: aggregatedList(named), contentType: AGGREGATED_V2 };
    return json({ kind: 'APIGroupList', apiVersion: 'v1', groups: named.map(groupDoc) });
  }
  const group = req.group ?? '';
  const g = groups.find((x) => x.name === group);
  if (!g) throw new ApiError('NotFound', 'the server could not find the requested resource');
  if (req.version === undefined) return json({ kind: 'APIGroup', apiVersion: 'v1', ...(groupDoc(g) as object) });
  if (!g.versions.includes(req.version)) throw new ApiError('NotFound', 'the server could not find the requested resource');
  return json({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, req.version),
    resources: legacyResources(group, req.version),
  });
}

function aggregatedList(groups: GroupVersions[]): unknown {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name },
      versions: g.versions.map((v) => ({ version: v, resources: aggregatedResources(g.name, v), freshness: 'Current' })),
    })),
  };
}

/** `/version`: what kubectl prints as "Server Version". */
export function versionDocument(): unknown {
  return {
    major: '1',
    minor: '35',
    gitVersion: 'v1.35.0-portico',
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: 'node' + process.versions.node,
    compiler: 'portico',
    platform: `${process.platform}/${process.arch}`,
  };
}
