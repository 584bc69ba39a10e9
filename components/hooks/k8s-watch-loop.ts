import type { ObjectLike as K8sObject, ObjectWatchEvent as WatchEvent } from '@/lib/api/k8s-types';
import { K8sApiError } from '@/lib/api/k8s-api-error';
import { k8sPath, type ResourceRef } from '@/lib/api/k8s-paths';
import { isNewer } from '@/lib/api/watch-reducer';

/**
 * The browser side of a /k8s watch: a fetch whose body streams JSON lines, reconnected with
 * backoff when it drops, resumed from the last resourceVersion seen, and handed back to the
 * caller to relist when the server says the version is too old (410). Watches are shared by
 * id and reference-counted: browsers allow ~6 HTTP/1.1 connections per host and each watch
 * holds one, so two components showing the same list must not open two watches.
 */

export interface WatchLoopOptions {
  ref: ResourceRef;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Where to resume after a relist; read at (re)connect time. */
  getResourceVersion: () => string | undefined;
  onEvent: (event: WatchEvent<K8sObject>) => void;
  /** The version is gone (410): relist, then the loop resumes from getResourceVersion(). */
  onExpired: () => Promise<unknown>;
}

const MAX_BACKOFF_MS = 15_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

class ExpiredSignal extends Error {}

/** Starts the loop; returns a function that stops it (aborting the open request). */
export function runK8sWatch(opts: WatchLoopOptions): () => void {
  const ctl = new AbortController();
  const { signal } = ctl;
  let lastRv = opts.getResourceVersion();
  let failures = 0;

  const connect = async (): Promise<void> => {
    const url = k8sPath(opts.ref, {
      namespace: opts.namespace,
      query: {
        watch: 1,
        resourceVersion: lastRv,
        allowWatchBookmarks: true,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
      },
    });
    const res = await fetch(url, { credentials: 'same-origin', signal, cache: 'no-store', headers: { accept: 'application/json' } });
    if (res.status === 410) throw new ExpiredSignal();
    if (!res.ok || !res.body) {
      const body: unknown = await res.json().catch(() => undefined);
      throw K8sApiError.fromStatus(res.status, body);
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const event = JSON.parse(line) as WatchEvent<K8sObject>;
        if (event.type === 'ERROR') {
          const status = event.object as unknown as { code?: number };
          if (status.code === 410) throw new ExpiredSignal();
          throw K8sApiError.fromStatus(status.code ?? 500, event.object);
        }
        const rv = event.object?.metadata?.resourceVersion;
        if (rv && isNewer(rv, lastRv)) lastRv = rv;
        failures = 0;
        opts.onEvent(event);
      }
    }
  };

  void (async () => {
    while (!signal.aborted) {
      const started = Date.now();
      try {
        await connect();
        // The server ends watches after its timeout: reconnect at once, unless it ended at once.
        if (Date.now() - started < 1000) await sleep(1000, signal);
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof ExpiredSignal) {
          try {
            await opts.onExpired();
            lastRv = opts.getResourceVersion();
            continue;
          } catch {
            // The relist failed too: back off like any other failure.
          }
        }
        failures += 1;
        const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
        await sleep(backoff * (0.8 + Math.random() * 0.4), signal);
      }
    }
  })();

  return () => ctl.abort();
}

const shared = new Map<string, { refs: number; stop: () => void }>();

/** Runs `start` once per id while anyone holds it; the returned release stops it after the last holder. */
export function shareWatch(id: string, start: () => () => void): () => void {
  let entry = shared.get(id);
  if (!entry) {
    entry = { refs: 0, stop: start() };
    shared.set(id, entry);
  }
  entry.refs += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const e = shared.get(id);
    if (!e) return;
    e.refs -= 1;
    if (e.refs === 0) {
      e.stop();
      shared.delete(id);
    }
  };
}
