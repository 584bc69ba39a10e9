import type { ServerResponse } from 'node:http';
import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject, WatchEventType } from '@/lib/k8s/object';
import { ApiError } from '@/lib/k8s/status-error';
import { resourcePrefix, type Store, type StoreEvent, type WatchHandle } from '@/server/store/types';
import { toApiError } from './errors';
import { listRevision } from './list-objects';
import type { ObjectPredicate } from './selectors';
import { withApiVersion } from './write-context';

/**
 * WATCH as newline-delimited JSON over a chunked response (A-23..A-27, A-30): resume from a
 * resourceVersion, or start with synthetic ADDED events for the current state; selector-aware
 * (objects leaving the selection are DELETED); periodic BOOKMARKs; 410 as an ERROR event.
 */
export interface WatchQuery {
  selector?: ObjectPredicate;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
  /** Upper bound on a watch's lifetime when the client gives no timeoutSeconds. */
  maxTimeoutSeconds: number;
  /** A watcher that lets this much output pile up is cut off (it will relist and rewatch). */
  maxBufferedBytes: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchSettings = {
  bookmarkIntervalMs: 60_000,
  maxTimeoutSeconds: 1800,
  maxBufferedBytes: 32 * 1024 * 1024,
};

export function serveWatch(
  store: Store,
  type: ResourceType,
  namespace: string | undefined,
  apiVersion: string,
  q: WatchQuery,
  res: ServerResponse,
  settings: WatchSettings,
  onError: (err: unknown) => void,
  /** Renders each event's object (e.g. as a Table row); `first` is true for the first object sent. */
  render?: (obj: K8sObject, first: boolean) => unknown,
): void {
  if (q.sendInitialEvents !== undefined) {
    if (q.resourceVersionMatch !== 'NotOlderThan') {
      throw new ApiError('Invalid', 'sendInitialEvents is forbidden unless resourceVersionMatch is NotOlderThan', {
        causes: [{ reason: 'FieldValueForbidden', field: 'sendInitialEvents', message: 'Forbidden: sendInitialEvents requires resourceVersionMatch=NotOlderThan' }],
      });
    }
    if (q.sendInitialEvents && !q.allowBookmarks) {
      throw new ApiError('Invalid', 'sendInitialEvents requires allowWatchBookmarks=true', {
        causes: [{ reason: 'FieldValueForbidden', field: 'allowWatchBookmarks', message: 'Forbidden: allowWatchBookmarks required with sendInitialEvents' }],
      });
    }
  } else if (q.resourceVersionMatch) {
    throw new ApiError('Invalid', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided', {
      causes: [{ reason: 'FieldValueForbidden', field: 'resourceVersionMatch', message: 'Forbidden: resourceVersionMatch is forbidden for watch' }],
    });
  }
  const prefix = resourcePrefix(type.group, type.plural, type.namespaced ? namespace : undefined);
  const rv = q.resourceVersion ?? '';
  // Unset/"0" (or sendInitialEvents=true) starts with the current state as ADDED events.
  const initialState = q.sendInitialEvents ?? (rv === '' || rv === '0');
  let fromRevision: number;
  if (!initialState) {
    if (!/^\d+$/.test(rv)) throw new ApiError('BadRequest', `invalid resourceVersion ${JSON.stringify(rv)}`);
    fromRevision = Number(rv);
    listRevision(store, { resourceVersion: rv });
  } else {
    fromRevision = 0;
  }

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  const socket = res.socket;
  socket?.setNoDelay(true);

  let handle: WatchHandle | undefined;
  let closed = false;
  let lastRevision = fromRevision;
  const timers: NodeJS.Timeout[] = [];
  const close = (): void => {
    if (closed) return;
    closed = true;
    handle?.stop();
    for (const t of timers) clearTimeout(t);
    res.end();
  };
  const send = (type: WatchEventType, object: unknown): void => {
    if (closed) return;
    res.write(JSON.stringify({ type, object }) + '\n');
    if (res.writableLength > settings.maxBufferedBytes) close();
  };
  const bookmark = (annotations?: Record<string, string>): void =>
    send('BOOKMARK', {
      kind: type.kind,
      apiVersion,
      metadata: { resourceVersion: String(lastRevision), ...(annotations ? { annotations } : {}) },
    });
  let sentObjects = 0;
  const out = (o: K8sObject): unknown => (render ? render(o, sentObjects++ === 0) : withApiVersion(o, apiVersion));
  res.on('close', close);

  try {
    if (initialState) {
      const listed = store.list(prefix);
      fromRevision = listed.revision;
      lastRevision = fromRevision;
      for (const e of listed.entries) if (!q.selector || q.selector(e.value)) send('ADDED', out(e.value));
      if (q.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
    handle = store.watch(prefix, fromRevision, (event: StoreEvent) => {
      lastRevision = event.revision;
      const change = classify(event, q.selector);
      if (change) send(change, out(event.value));
    });
  } catch (err) {
    const status = toApiError(err).status;
    if (status.code >= 500) onError(err);
    send('ERROR', status);
    close();
    return;
  }

  const timeout = Math.min(q.timeoutSeconds ?? settings.maxTimeoutSeconds, settings.maxTimeoutSeconds);
  timers.push(setTimeout(close, timeout * 1000).unref());
  if (q.allowBookmarks) {
    const tick = (): void => {
      bookmark();
      timers.push(setTimeout(tick, settings.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(tick, settings.bookmarkIntervalMs).unref());
  }
}

/** The watch event type a store event becomes for a (possibly selector-filtered) watcher. */
export function classify(event: StoreEvent, selector: ObjectPredicate | undefined): WatchEventType | undefined {
  if (event.type === 'delete') {
    return !selector || selector(event.value) ? 'DELETED' : undefined;
  }
  if (!selector) return event.prevValue ? 'MODIFIED' : 'ADDED';
  const now = selector(event.value);
  const before = event.prevValue ? selector(event.prevValue) : false;
  if (now) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}
