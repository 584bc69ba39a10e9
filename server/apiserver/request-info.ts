import { findResourceType, servesVersion, type ResourceType } from '@/lib/k8s/kinds';
import { ApiError, notFound } from '@/lib/k8s/status-error';

/**
 * What a request under /k8s addresses, decoded from its method and path the way
 * kube-apiserver's RequestInfoFactory does: discovery documents, non-resource paths
 * (/version, /openapi/...) or a resource with optional namespace, name and subresource.
 */
export type RequestInfo = DiscoveryRequest | NonResourceRequest | ResourceRequest;

export interface DiscoveryRequest {
  kind: 'discovery';
  /** Path below the prefix, e.g. "/apis/gateway.networking.k8s.io/v1". */
  path: string;
  /** "api" (core group) or "apis" (named groups). */
  root: 'api' | 'apis';
  group?: string;
  version?: string;
}

export interface NonResourceRequest {
  kind: 'nonresource';
  path: string;
}

export type ResourceVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

export interface ResourceRequest {
  kind: 'resource';
  path: string;
  verb: ResourceVerb;
  type: ResourceType;
  group: string;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

const WATCH_TRUE = new Set(['1', 'true']);

function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
}

/** Decodes `method` + `path` (below the /k8s prefix) and query into a RequestInfo. */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  let parts: string[];
  try {
    parts = splitPath(path);
  } catch {
    throw new ApiError('BadRequest', `malformed path ${JSON.stringify(path)}`);
  }
  const root = parts[0];
  if (root !== 'api' && root !== 'apis') return { kind: 'nonresource', path: '/' + parts.join('/') };

  let group = '';
  let rest: string[];
  if (root === 'api') {
    rest = parts.slice(1);
  } else {
    if (parts.length < 3) return { kind: 'discovery', path, root, group: parts[1] };
    group = parts[1] ?? '';
    rest = parts.slice(2);
  }
  const version = rest[0];
  if (version === undefined || rest.length === 1) return { kind: 'discovery', path, root, group, version };
  let segs = rest.slice(1);

  // Legacy watch paths: /api/v1/watch/namespaces/ns/services
  let watch = false;
  if (segs[0] === 'watch') {
    watch = true;
    segs = segs.slice(1);
  }

  let namespace: string | undefined;
  if (segs[0] === 'namespaces' && segs.length > 1) {
    namespace = segs[1];
    // /namespaces/<ns>/<resource>... addresses a namespaced resource; /namespaces/<name>[/status]
    // addresses the Namespace object itself.
    if (segs.length > 2 && !(group === '' && segs.length === 3 && NAMESPACE_SUBRESOURCES.has(segs[2] ?? ''))) {
      segs = segs.slice(2);
    }
  }
  const plural = segs[0] ?? '';
  const type = findResourceType(group, plural);
  if (!type || !servesVersion(type, version)) {
    throw new ApiError('NotFound', `the server could not find the requested resource`, {
      group,
      kind: plural,
    });
  }
  let name = segs[1];
  let subresource = segs[2];
  if (plural === 'namespaces' && group === '' && namespace !== undefined) {
    // For /namespaces/<name>[/<sub>] the "namespace" segment is the object's name.
    if (segs[0] === 'namespaces' && segs[1] === namespace) {
      name = namespace;
      subresource = segs[2];
    }
    namespace = undefined;
  }
  if (segs.length > 3) throw new ApiError('NotFound', 'the server could not find the requested resource');
  if (type.namespaced && namespace === undefined && name !== undefined) {
    throw new ApiError('NotFound', 'the server could not find the requested resource');
  }
  if (!type.namespaced && namespace !== undefined) {
    throw notFound(group, plural, name ?? '');
  }
  if (subresource !== undefined && !(subresource === 'status' && type.hasStatus)) {
    if (!(subresource === 'finalize' && plural === 'namespaces')) {
      throw new ApiError('NotFound', 'the server could not find the requested resource', { group, kind: plural });
    }
  }

  const verb = verbFor(method, name !== undefined, watch || WATCH_TRUE.has(query.get('watch') ?? ''));
  return { kind: 'resource', path, verb, type, group, version, namespace, name, subresource };
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function verbFor(method: string, hasName: boolean, watch: boolean): ResourceVerb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return hasName ? 'get' : 'list';
    case 'POST':
      if (hasName) throw methodNotAllowed(method);
      return 'create';
    case 'PUT':
      if (!hasName) throw methodNotAllowed(method);
      return 'update';
    case 'PATCH':
      if (!hasName) throw methodNotAllowed(method);
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      throw methodNotAllowed(method);
  }
}

function methodNotAllowed(method: string): ApiError {
  return new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);
}
