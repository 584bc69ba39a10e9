import { createHash } from 'node:crypto';
import { apiVersionOf, RESOURCE_TYPES, type ResourceType } from '@/lib/k8s/kinds';
import { ApiError } from '@/lib/k8s/status-error';

/**
 * OpenAPI v3, only as far as kubectl needs it: the index, and per group-version the resource
 * paths whose PATCH operation names its GroupVersionKind and the `fieldValidation`, `dryRun`,
 * `fieldManager` and `force` parameters. From that kubectl learns that the server validates
 * fields itself and sends `fieldValidation=Strict` instead of validating client-side.
 * No schemas are published (kubectl falls back to its built-in types for strategic merge).
 * OpenAPI v2 is not served (kubectl only asks for it when v3 is missing).
 */
const PATCH_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

function groupVersions(): { group: string; version: string; path: string }[] {
  const seen = new Map<string, { group: string; version: string; path: string }>();
  for (const t of RESOURCE_TYPES) {
    for (const v of t.versions) {
      const path = t.group === '' ? `api/${v.name}` : `apis/${t.group}/${v.name}`;
      seen.set(path, { group: t.group, version: v.name, path });
    }
  }
  return [...seen.values()];
}

function groupVersionDocument(group: string, version: string): unknown {
  const paths: Record<string, unknown> = {};
  const root = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  for (const t of RESOURCE_TYPES.filter((x: ResourceType) => x.group === group && x.versions.some((v) => v.name === version))) {
    const item = t.namespaced ? `${root}/namespaces/{namespace}/${t.plural}/{name}` : `${root}/${t.plural}/{name}`;
    const gvk = { group, version, kind: t.kind };
    const op = (id: string) => ({
      operationId: `${id}${t.kind}`,
      'x-kubernetes-group-version-kind': gvk,
      'x-kubernetes-action': 'patch',
      parameters: PATCH_PARAMETERS,
      responses: { '200': { description: 'OK' } },
    });
    paths[item] = { patch: op('patch') };
    if (t.hasStatus) paths[`${item}/status`] = { patch: op('patchStatus') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Portico', version: apiVersionOf(group, version) },
    paths,
    components: { schemas: {} },
  };
}

const hashOf = (doc: unknown): string => createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 32).toUpperCase();

/** The document at `path` (below the prefix): `/openapi/v3` or `/openapi/v3/<api|apis/...>`. */
export function openApiDocument(path: string, prefix: string): unknown {
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    const paths: Record<string, unknown> = {};
    for (const gv of groupVersions()) {
      const hash = hashOf(groupVersionDocument(gv.group, gv.version));
      paths[gv.path] = { serverRelativeURL: `${prefix}/openapi/v3/${gv.path}?hash=${hash}` };
    }
    return { paths };
  }
  const rel = path.replace(/^\/openapi\/v3\//, '');
  const gv = groupVersions().find((x) => x.path === rel);
  if (path.startsWith('/openapi/v3/') && gv) return groupVersionDocument(gv.group, gv.version);
  throw new ApiError('NotFound', 'the server could not find the requested resource');
}
