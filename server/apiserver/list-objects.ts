import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sList, K8sObject } from '@/lib/k8s/object';
import { ApiError, expired, invalid } from '@/lib/k8s/status-error';
import { resourcePrefix, StoreExpiredError, type Revision, type Store } from '@/server/store/types';
import type { ObjectPredicate } from './selectors';
import { withApiVersion } from './write-context';

/**
 * LIST with semantics: consistent pagination (every page reads the first page's
 * revision), continue tokens, resourceVersion / resourceVersionMatch rules and selectors.
 */
export interface ListQuery {
  selector?: ObjectPredicate;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

interface ContinueToken {
  rv: number;
  start: string;
}

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the error below
  }
  throw new ApiError('BadRequest', 'continue key is not valid: decode the token from a previous list response and send it unchanged');
}

function parseRv(value: string, what: string): number {
  if (!/^\d+$/.test(value)) {
    throw invalid('', 'ListOptions', '', [
      { reason: 'FieldValueInvalid', field: what, message: `Invalid value: "${value}": must be a non-negative integer` },
    ]);
  }
  return Number(value);
}

function tooLarge(rv: number, current: number): ApiError {
  return new ApiError('Timeout', `Too large resource version: ${rv}, current resource version: ${current}`, {
    retryAfterSeconds: 1,
    causes: [{ reason: 'FieldValueInvalid', field: 'resourceVersion', message: 'Too large resource version' }],
  });
}

/** Works out which revision a list reads, enforcing the A-29 parameter rules; undefined = current. */
export function listRevision(store: Store, q: ListQuery): { revision?: Revision; startAfter?: string } {
  const match = q.resourceVersionMatch ?? '';
  if (match !== '') {
    if (q.continueToken) {
      throw invalid('', 'ListOptions', '', [
        { reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'Forbidden: resourceVersionMatch is forbidden when continue is provided' },
      ]);
    }
    if (!q.resourceVersion) {
      throw invalid('', 'ListOptions', '', [
        { reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided' },
      ]);
    }
    if (match !== 'NotOlderThan' && match !== 'Exact') {
      throw invalid('', 'ListOptions', '', [
        { reason: 'FieldValueNotSupported', field: 'resourceVersionMatch', message: `Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"` },
      ]);
    }
  }
  if (q.continueToken) {
    const token = decodeContinue(q.continueToken);
    if (token.rv <= store.compactedRevision()) throw expired(EXPIRED_CONTINUE);
    return { revision: token.rv, startAfter: token.start };
  }
  if (!q.resourceVersion || q.resourceVersion === '0') return {};
  const rv = parseRv(q.resourceVersion, 'resourceVersion');
  const current = store.currentRevision();
  if (rv > current) throw tooLarge(rv, current);
  if (match === 'Exact') {
    if (rv <= store.compactedRevision()) throw expired(`too old resource version: ${rv} (${store.compactedRevision() + 1})`);
    return { revision: rv };
  }
  return {};
}

export function listObjects(
  store: Store,
  type: ResourceType,
  namespace: string | undefined,
  apiVersion: string,
  q: ListQuery,
): K8sList {
  const prefix = resourcePrefix(type.group, type.plural, type.namespaced ? namespace : undefined);
  let { revision, startAfter } = listRevision(store, q);
  const limit = q.limit && q.limit > 0 ? q.limit : 0;
  const items: K8sObject[] = [];
  let more = false;
  let lastKey: string | undefined;
  const chunk = limit > 0 ? (q.selector ? Math.max(limit, 500) : limit) : 0;
  for (;;) {
    let result;
    try {
      result = store.list(prefix, { limit: chunk, startAfter, revision });
    } catch (err) {
      if (err instanceof StoreExpiredError && q.continueToken) throw expired(EXPIRED_CONTINUE);
      throw err;
    }
    revision = result.revision;
    let stoppedEarly = false;
    for (const entry of result.entries) {
      if (limit > 0 && items.length >= limit) {
        stoppedEarly = true;
        break;
      }
      lastKey = entry.key;
      if (!q.selector || q.selector(entry.value)) items.push(withApiVersion(entry.value, apiVersion));
    }
    if (stoppedEarly) {
      more = true;
      break;
    }
    if (!result.more) break;
    if (limit > 0 && items.length >= limit) {
      more = true;
      break;
    }
    startAfter = lastKey;
  }
  const metadata: K8sList['metadata'] = { resourceVersion: String(revision) };
  if (more && lastKey !== undefined) metadata.continue = encodeContinue(revision, lastKey);
  return { apiVersion, kind: `${type.kind}List`, metadata, items };
}
