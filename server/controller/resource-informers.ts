import { makeInformer, type Informer, type KubeConfig, type KubernetesListObject, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { K8sObject } from '@/lib/k8s/object';
import { StringInterner } from '@/server/controller/intern-strings';
import type { KubeRequest } from '@/server/controller/kube-client';
import { apiVersionOf, collectionPath, WATCHED_KINDS, type WatchedKind } from '@/server/controller/watched-kinds';

/**
 * One client-node informer (list + watch, in-memory cache) per watched kind. client-node resumes
 * a watch the server ends and relists after 410 Gone by itself; an informer that stops with an
 * error (API unreachable, 401/403, a failed list) is started again here with exponential backoff.
 */

export type InformerEvent = 'add' | 'update' | 'delete';

export interface RestartBackoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { baseMs: 250, maxMs: 30_000 };

export interface ResourceInformersOptions {
  kc: KubeConfig;
  /** Lists go through this (plain JSON); watches through client-node's Watch. */
  request: KubeRequest;
  logger: Logger;
  /** Called on every add, update and delete (also those a relist reveals), with the kind, the object and the event. */
  onChange: (kind: string, object: K8sObject | undefined, event: InformerEvent) => void;
  kinds?: readonly WatchedKind[];
  restartBackoff?: RestartBackoff;
}

export interface ResourceInformers {
  /** Resolves once every informer has completed its initial list (the first-reconcile gate). */
  synced: Promise<void>;
  /** Every cached object of every kind (the informers' current view). */
  objects(): K8sObject[];
  /**
   * The cached objects per kind name. A kind's array is the same array (never changed) until an
   * add, update or delete of that kind: unchanged kinds cost nothing, and identity tells the
   * pipeline which inputs are unchanged.
   */
  byKind(): ReadonlyMap<string, readonly K8sObject[]>;
  /** How many times informers were started again after stopping with an error. */
  restarts(): number;
  /** How many full lists the informers made (initial lists, then relists after 410 Gone). */
  lists(): number;
  stop(): Promise<void>;
}

interface KindInformer {
  kind: WatchedKind;
  informer: Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
  /** The list handed out last; undefined once an event changed the cache (client-node changes it only with an event). */
  list?: readonly K8sObject[];
}

export function startResourceInformers(options: ResourceInformersOptions): ResourceInformers {
  const { kc, logger, onChange } = options;
  const backoff = options.restartBackoff ?? DEFAULT_RESTART_BACKOFF;
  const kinds = options.kinds ?? WATCHED_KINDS;
  const timers = new Set<NodeJS.Timeout>();
  // Shared by every kind: what repeats (group names, condition types and messages) repeats across kinds too.
  const strings = new StringInterner();
  let stopped = false;
  let restartCount = 0;
  let listCount = 0;
  let unsynced = kinds.length;
  let resolveSynced!: () => void;
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });

  const informers: KindInformer[] = kinds.map((kind) => {
    const path = collectionPath(kind);
    const apiVersion = apiVersionOf(kind);
    let listedOnce = false;
    let countedSynced = false;
    let failures = 0;
    let restartPending = false;

    // A raw list (plain JSON, like watch events), with kind and apiVersion stamped on every item:
    // Kubernetes leaves them out of list items, and the pipeline sorts objects by kind.
    const list = async (): Promise<KubernetesListObject<KubernetesObject>> => {
      const result = await options.request<{ metadata?: { resourceVersion?: string }; items?: K8sObject[] }>('GET', path);
      const items = (result.items ?? []).map((item) => ({ ...item, apiVersion, kind: kind.kind, metadata: withoutManagedFields(item.metadata) }));
      listedOnce = true;
      failures = 0;
      listCount++;
      return { apiVersion, kind: `${kind.kind}List`, metadata: { resourceVersion: result.metadata?.resourceVersion }, items } as KubernetesListObject<KubernetesObject>;
    };
    const informer = makeInformer<KubernetesObject>(kc, path, list);
    const entry: KindInformer = { kind, informer };

    const changed = (event: InformerEvent, object?: KubernetesObject) => {
      entry.list = undefined;
      // The watch event's object is the one client-node just cached, parsed for this informer
      // alone. A new metadata object, not `delete`: that would turn each one into a dictionary
      // (~600 bytes more per object than the managedFields it drops).
      if (object?.metadata?.managedFields !== undefined) object.metadata = withoutManagedFields(object.metadata);
      if (object !== undefined) strings.internObject(object as unknown as Record<string, unknown>);
      if (stopped) return;
      failures = 0;
      onChange(kind.kind, object as K8sObject | undefined, event);
    };
    informer.on('add', (object) => changed('add', object));
    informer.on('update', (object) => changed('update', object));
    informer.on('delete', (object) => changed('delete', object));

    const run = async () => {
      await informer.start();
      if (listedOnce && !countedSynced && !stopped) {
        countedSynced = true;
        if (--unsynced === 0) resolveSynced();
      }
    };
    informer.on('error', (err: unknown) => {
      if (stopped || restartPending) return;
      restartPending = true;
      const delayMs = Math.min(backoff.baseMs * 2 ** failures, backoff.maxMs);
      failures++;
      logger.warn({ resource: { kind: kind.kind }, err: describeError(err), delayMs, failures }, 'informer stopped; restarting it');
      const timer = setTimeout(() => {
        timers.delete(timer);
        restartPending = false;
        if (stopped) return;
        restartCount++;
        void run();
      }, delayMs);
      timers.add(timer);
    });
    void run();
    return entry;
  });
  const listOf = (entry: KindInformer): readonly K8sObject[] => (entry.list ??= entry.informer.list() as unknown as K8sObject[]);

  return {
    synced,
    objects() {
      return informers.flatMap((entry) => listOf(entry));
    },
    byKind() {
      return new Map(informers.map((entry) => [entry.kind.kind, listOf(entry)]));
    },
    restarts: () => restartCount,
    lists: () => listCount,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(informers.map(({ informer }) => informer.stop()));
    },
  };
}

/**
 * Object metadata without `managedFields`: nothing in the controller reads field ownership, and
 * at 10,000 routes it was over a third of the informer cache (9 MB of 25.5 MB, two FieldsV1
 * trees per route). Status writes lose nothing: a status PUT keeps the stored managedFields
 * when the body has none, here as in Kubernetes.
 */
function withoutManagedFields<T extends { managedFields?: unknown }>(metadata: T): T {
  if (metadata?.managedFields === undefined) return metadata;
  const { managedFields: _dropped, ...rest } = metadata;
  return rest as T;
}

/** Errors as log fields: the message and HTTP status, never request headers (they carry the token). */
function describeError(err: unknown): { message: string; statusCode?: number } {
  if (err instanceof Error) {
    const statusCode = (err as { statusCode?: number; status?: number }).statusCode ?? (err as { status?: number }).status;
    return { message: err.message, ...(typeof statusCode === 'number' ? { statusCode } : {}) };
  }
  return { message: String(err) };
}
