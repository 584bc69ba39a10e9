import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { ApiError } from '@/lib/k8s/status-error';
import type { Store } from '@/server/store/types';
import { parseFieldValidation } from './admission';
import { mediaType, parseBody, readBody } from './body-reader';
import { writeJson } from './http-responses';
import { defaultFieldManager } from './managed-fields';
import type { DeletePreconditions } from './object-writes';
import { isPlainObject } from './patch/merge-patch';
import { patchTypeFor, type Registry } from './registry';
import type { ResourceRequest } from './request-info';
import { buildSelector } from './selectors';
import { tableContentType, tableVersion, toTable } from './table';
import { serveWatch, type WatchSettings } from './watch-stream';
import { rfc3339, withApiVersion, type CommittedWrite, type WriteContext } from './write-context';
import type { WriteOutcome } from './object-writes';

export interface ResourceHandlerArgs {
  registry: Registry;
  store: Store;
  info: ResourceRequest;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  watchSettings: WatchSettings;
  onError: (err: unknown) => void;
  /** Policy admission for this request's writes (see AdmissionContext.policy). */
  admissionPolicy?: (type: ResourceType, object: K8sObject) => void;
  /** Told about each committed write that changed an object (ApiServerOptions.onWrite, with the user filled in). */
  onWrite?: (write: Omit<CommittedWrite, 'user'>) => void;
}

/** Reports a committed, effective write to `args.onWrite`. */
function reportWrite(args: ResourceHandlerArgs, ctx: WriteContext, verb: CommittedWrite['verb'], out: WriteOutcome): void {
  if (!args.onWrite || ctx.dryRun || (!out.created && out.previous === undefined)) return;
  args.onWrite({
    verb,
    type: ctx.type,
    ...(args.info.subresource ? { subresource: args.info.subresource } : {}),
    ...(out.previous ? { previous: out.previous } : {}),
    ...(out.deleted ? {} : { object: out.object }),
  });
}

function optionalInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new ApiError('BadRequest', `${name} must be a non-negative integer, not ${JSON.stringify(v)}`);
  return Number(v);
}

function optionalBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ApiError('BadRequest', `${name} must be true or false, not ${JSON.stringify(v)}`);
}

function parseDryRun(values: string[]): boolean {
  for (const v of values) {
    if (v !== 'All') throw new ApiError('BadRequest', `dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

function writeContext(args: ResourceHandlerArgs, body?: Record<string, unknown>): WriteContext {
  const { info, url, req } = args;
  const q = url.searchParams;
  const bodyDryRun = Array.isArray(body?.dryRun) ? (body.dryRun as unknown[]).map(String) : [];
  const fieldManager = q.get('fieldManager');
  if (fieldManager !== null && (fieldManager.length > 128 || fieldManager === '')) {
    throw new ApiError('BadRequest', 'fieldManager must be between 1 and 128 characters');
  }
  return {
    type: info.type,
    apiVersion: apiVersionOf(info.group, info.version),
    dryRun: parseDryRun([...q.getAll('dryRun'), ...bodyDryRun]),
    fieldManager: fieldManager ?? defaultFieldManager(req.headers['user-agent']),
    force: optionalBool(q, 'force') ?? false,
    now: rfc3339(new Date()),
    fieldValidation: parseFieldValidation(q.get('fieldValidation')),
    duplicateFields: [],
    warnings: [],
    policy: args.admissionPolicy,
  };
}

/** Serves one verb on a stored resource (after authentication and authorization). */
export async function serveResourceRequest(args: ResourceHandlerArgs): Promise<void> {
  const { registry, info, req, res, url } = args;
  const q = url.searchParams;
  const apiVersion = apiVersionOf(info.group, info.version);
  const ns = info.namespace;
  const table = tableVersion(req.headers.accept);
  const includeObject = q.get('includeObject') ?? 'Metadata';
  switch (info.verb) {
    case 'get': {
      const obj = registry.get(info.type, ns, info.name!, apiVersion);
      if (table) writeJson(res, 200, toTable(info.type, [obj], table, { resourceVersion: obj.metadata.resourceVersion }, includeObject), [], tableContentType(table));
      else writeJson(res, 200, obj);
      return;
    }
    case 'list': {
      const list = registry.list(info.type, ns, apiVersion, {
        selector: buildSelector(q.get('labelSelector'), q.get('fieldSelector')),
        limit: optionalInt(q, 'limit'),
        continueToken: q.get('continue') || undefined,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        resourceVersionMatch: q.get('resourceVersionMatch') || undefined,
      });
      if (table) writeJson(res, 200, toTable(info.type, list.items, table, list.metadata, includeObject), [], tableContentType(table));
      else writeJson(res, 200, list);
      return;
    }
    case 'watch': {
      serveWatch(
        args.store,
        info.type,
        ns,
        apiVersion,
        {
          selector: buildSelector(q.get('labelSelector'), q.get('fieldSelector')),
          resourceVersion: q.get('resourceVersion') ?? undefined,
          resourceVersionMatch: q.get('resourceVersionMatch') || undefined,
          allowBookmarks: optionalBool(q, 'allowWatchBookmarks') ?? false,
          sendInitialEvents: optionalBool(q, 'sendInitialEvents'),
          timeoutSeconds: optionalInt(q, 'timeoutSeconds'),
        },
        res,
        args.watchSettings,
        args.onError,
        table
          ? (obj, first) => {
              const t = toTable(info.type, [withApiVersion(obj, apiVersion)], table, { resourceVersion: obj.metadata.resourceVersion }, includeObject) as {
                columnDefinitions: unknown[];
              };
              // Like kube-apiserver, only the first event carries the column definitions.
              return first ? t : { ...t, columnDefinitions: [] };
            }
          : undefined,
      );
      return;
    }
    case 'create': {
      const parsed = parseBody(await readBody(req), req.headers['content-type']);
      const ctx = writeContext(args);
      ctx.duplicateFields = parsed.duplicateFields;
      const out = await registry.create(ctx, ns, parsed.value);
      reportWrite(args, ctx, 'create', out);
      writeJson(res, 201, withApiVersion(out.object, apiVersion), ctx.warnings);
      return;
    }
    case 'update': {
      const parsed = parseBody(await readBody(req), req.headers['content-type']);
      const ctx = writeContext(args);
      ctx.duplicateFields = parsed.duplicateFields;
      const out = await registry.update(ctx, ns, info.name!, info.subresource, parsed.value);
      reportWrite(args, ctx, 'update', out);
      writeJson(res, 200, withApiVersion(out.object, apiVersion), ctx.warnings);
      return;
    }
    case 'patch': {
      const patchType = patchTypeFor(info.type, mediaType(req.headers['content-type']));
      const parsed = parseBody(await readBody(req), patchType === 'apply' ? 'application/apply-patch+yaml' : 'application/json');
      const ctx = writeContext(args);
      ctx.duplicateFields = parsed.duplicateFields;
      if (patchType === 'apply' && url.searchParams.get('fieldManager') === null) {
        throw new ApiError('BadRequest', 'fieldManager: Required value: is required for apply patch');
      }
      const out = await registry.patch(ctx, ns, info.name!, info.subresource, patchType, parsed.value);
      reportWrite(args, ctx, out.created ? 'create' : 'patch', out);
      writeJson(res, out.created ? 201 : 200, withApiVersion(out.object, apiVersion), ctx.warnings);
      return;
    }
    case 'delete': {
      const body = await deleteOptions(req);
      const ctx = writeContext(args, body);
      const pre = isPlainObject(body.preconditions) ? (body.preconditions as DeletePreconditions) : {};
      const out = await registry.delete(ctx, ns, info.name!, pre);
      reportWrite(args, ctx, 'delete', out);
      writeJson(res, 200, withApiVersion(out.object, apiVersion));
      return;
    }
    case 'deletecollection': {
      const body = await deleteOptions(req);
      const ctx = writeContext(args, body);
      const items = await registry.deleteCollection(ctx, ns, buildSelector(q.get('labelSelector'), q.get('fieldSelector')));
      writeJson(res, 200, {
        apiVersion,
        kind: `${info.type.kind}List`,
        metadata: { resourceVersion: String(args.store.currentRevision()) },
        items: items.map((o) => withApiVersion(o, apiVersion)),
      });
      return;
    }
  }
}

/** DELETE may carry DeleteOptions (preconditions, propagationPolicy, dryRun); all optional. */
async function deleteOptions(req: IncomingMessage): Promise<Record<string, unknown>> {
  const buf = await readBody(req);
  if (buf.length === 0 || buf.toString('utf8').trim() === '') return {};
  const value = parseBody(buf, req.headers['content-type']).value;
  if (!isPlainObject(value)) throw new ApiError('BadRequest', 'DeleteOptions must be a JSON object');
  const policy = value.propagationPolicy;
  if (policy !== undefined && policy !== null && !['Orphan', 'Background', 'Foreground'].includes(String(policy))) {
    throw new ApiError('BadRequest', `propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`);
  }
  return value;
}
