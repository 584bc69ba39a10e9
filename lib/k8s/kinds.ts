/**
 * The table of every resource type Portico serves under /k8s. Discovery, the API router,
 * RBAC, the store's key layout and the console all read this one table, so adding a kind
 * here is the single step that makes it exist everywhere.
 */

export interface ResourceVersionInfo {
  /** e.g. "v1", "v1beta1" */
  name: string;
  /** The version objects are persisted in; exactly one per resource. */
  storage: boolean;
}

export interface ResourceType {
  /** API group; "" is the core group. */
  group: string;
  /** Served versions, storage version marked. Schemas are identical across the served versions of a kind. */
  versions: readonly ResourceVersionInfo[];
  kind: string;
  /** Lower-case plural name used in URLs and RBAC rules. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  /** Has a /status subresource: main-resource writes ignore status and vice versa. */
  hasStatus: boolean;
  /**
   * Custom resources refuse unconditional updates (PUT without resourceVersion) and strategic
   * merge patches; built-in kinds accept both.
   */
  custom: boolean;
  /** Generation is bumped on spec changes (true for kinds with a spec/status split). */
  tracksGeneration: boolean;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const v1 = [{ name: 'v1', storage: true }] as const;
const v1AndBeta = [
  { name: 'v1', storage: true },
  { name: 'v1beta1', storage: false },
] as const;

function gatewayApi(
  kind: string,
  plural: string,
  opts: {
    namespaced?: boolean;
    shortNames?: string[];
    versions?: readonly ResourceVersionInfo[];
    hasStatus?: boolean;
  } = {},
): ResourceType {
  return {
    group: GATEWAY_GROUP,
    versions: opts.versions ?? v1,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames ?? [],
    categories: ['gateway-api'],
    hasStatus: opts.hasStatus ?? true,
    custom: true,
    tracksGeneration: true,
  };
}

function builtin(
  group: string,
  kind: string,
  plural: string,
  opts: { namespaced?: boolean; shortNames?: string[]; hasStatus?: boolean; tracksGeneration?: boolean } = {},
): ResourceType {
  return {
    group,
    versions: v1,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: opts.namespaced ?? true,
    shortNames: opts.shortNames ?? [],
    categories: [],
    hasStatus: opts.hasStatus ?? false,
    custom: false,
    tracksGeneration: opts.tracksGeneration ?? false,
  };
}

/** Every stored resource type, in discovery order. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  builtin('', 'Namespace', 'namespaces', { namespaced: false, shortNames: ['ns'], hasStatus: true }),
  builtin('', 'Service', 'services', { shortNames: ['svc'], hasStatus: true }),
  builtin('', 'Secret', 'secrets'),
  builtin('', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  builtin('discovery.k8s.io', 'EndpointSlice', 'endpointslices'),
  builtin('rbac.authorization.k8s.io', 'Role', 'roles'),
  builtin('rbac.authorization.k8s.io', 'ClusterRole', 'clusterroles', { namespaced: false }),
  builtin('rbac.authorization.k8s.io', 'RoleBinding', 'rolebindings'),
  builtin('rbac.authorization.k8s.io', 'ClusterRoleBinding', 'clusterrolebindings', { namespaced: false }),
  builtin('coordination.k8s.io', 'Lease', 'leases'),
  gatewayApi('GatewayClass', 'gatewayclasses', { namespaced: false, shortNames: ['gc'], versions: v1AndBeta }),
  gatewayApi('Gateway', 'gateways', { shortNames: ['gtw'], versions: v1AndBeta }),
  gatewayApi('HTTPRoute', 'httproutes', { versions: v1AndBeta }),
  gatewayApi('GRPCRoute', 'grpcroutes'),
  gatewayApi('ReferenceGrant', 'referencegrants', {
    shortNames: ['refgrant'],
    hasStatus: false,
    versions: [
      { name: 'v1beta1', storage: true },
      { name: 'v1', storage: false },
    ],
  }),
  gatewayApi('TLSRoute', 'tlsroutes'),
  gatewayApi('TCPRoute', 'tcproutes'),
  gatewayApi('UDPRoute', 'udproutes'),
  gatewayApi('ListenerSet', 'listenersets', { shortNames: ['lset'] }),
  gatewayApi('BackendTLSPolicy', 'backendtlspolicies', { shortNames: ['btlspolicy'] }),
  {
    group: 'portico.dev',
    versions: [{ name: 'v1alpha1', storage: true }],
    kind: 'AccessRequest',
    plural: 'accessrequests',
    singular: 'accessrequest',
    namespaced: true,
    shortNames: ['areq'],
    categories: ['portico'],
    hasStatus: true,
    custom: true,
    tracksGeneration: true,
  },
];

/** Stable identity of a resource type, independent of version: "gateway.networking.k8s.io/httproutes", "/namespaces". */
export function resourceId(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${type.group}/${type.plural}`;
}

const byGroupPlural = new Map(RESOURCE_TYPES.map((t) => [resourceId(t), t]));
const byGroupKind = new Map(RESOURCE_TYPES.map((t) => [`${t.group}/${t.kind}`, t]));

/** Finds a resource type by group and plural, or undefined for an unknown resource. */
export function findResourceType(group: string, plural: string): ResourceType | undefined {
  return byGroupPlural.get(`${group}/${plural}`);
}

/** Finds a resource type by group and kind (as written in an object's apiVersion/kind). */
export function findResourceTypeByKind(group: string, kind: string): ResourceType | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}

export function storageVersion(type: ResourceType): string {
  const v = type.versions.find((x) => x.storage);
  if (!v) throw new Error(`resource ${resourceId(type)} has no storage version`);
  return v.name;
}

export function servesVersion(type: ResourceType, version: string): boolean {
  return type.versions.some((v) => v.name === version);
}

/** "gateway.networking.k8s.io/v1" or "v1" for the core group. */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Splits an apiVersion string into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Groups in discovery order, each with its versions (preferred first). */
export function apiGroups(): { name: string; versions: string[] }[] {
  const groups = new Map<string, Set<string>>();
  for (const t of RESOURCE_TYPES) {
    const set = groups.get(t.group) ?? new Set<string>();
    // Storage version first so it becomes the preferred version.
    for (const v of [...t.versions].sort((a, b) => Number(b.storage) - Number(a.storage))) set.add(v.name);
    groups.set(t.group, set);
  }
  return [...groups].map(([name, versions]) => ({ name, versions: [...versions] }));
}
