import type { Logger } from 'pino';
import type { K8sObject } from '@/lib/k8s/object';
import { KubeRequestError, type KubeRequest } from '@/server/controller/kube-client';
import type { WriteOrigin } from '@/server/controller/own-status-writes';
import type { StatusUpdate } from '@/server/controller/status-plan';
import { objectPath, watchedKind } from '@/server/controller/watched-kinds';

/** Counters the status writer keeps (tests count writes to prove that nothing is rewritten). */
export interface StatusWriteCounters {
  statusWrites: number;
  statusConflicts: number;
  statusWriteFailures: number;
}

/** Some status writes failed; the others were made. The reconcile is retried with backoff. */
export class StatusWriteError extends Error {
  readonly code = 'STATUS_WRITE_FAILED';
  constructor(readonly failures: number, options?: { cause?: unknown }) {
    super(`${failures} status write(s) failed`, options);
    this.name = 'StatusWriteError';
  }
}

const MAX_ATTEMPTS = 4;
/** Recorded in managedFields, so `kubectl get -o yaml --show-managed-fields` shows who wrote status. */
export const CONTROLLER_FIELD_MANAGER = 'portico-controller';
const CONCURRENCY = 4;

export interface WriteStatusesOptions {
  request: KubeRequest;
  logger: Logger;
  counters: StatusWriteCounters;
  updates: readonly StatusUpdate[];
  /** The cached object an update applies to (undefined if it is gone). */
  cached: (update: StatusUpdate) => K8sObject | undefined;
  /** RFC 3339 timestamp for new `lastTransitionTime`s. */
  now: () => string;
  /** Told about every object a write is about to send (so its watch event can be told from others' before the response), and what it was made from. */
  sending?: (kind: string, object: K8sObject, origin: WriteOrigin) => void;
  /** Told about every object a write produced (so its watch event can be told from others'). */
  written?: (kind: string, object: K8sObject, origin: WriteOrigin) => void;
}

/**
 * Writes each changed status through the `/status` subresource with the object's
 * resourceVersion. A 409 Conflict reads the latest version and merges again (bounded); a 404
 * means the object is gone (its delete event follows). One failing object does not stop the
 * others: failures are counted, logged, and reported together at the end.
 */
export async function writeStatuses(options: WriteStatusesOptions): Promise<void> {
  const { updates } = options;
  let next = 0;
  let failures = 0;
  let firstError: unknown;
  const worker = async () => {
    while (next < updates.length) {
      const update = updates[next++]!;
      try {
        await writeOne(options, update);
      } catch (err) {
        failures++;
        firstError ??= err;
        options.counters.statusWriteFailures++;
        options.logger.warn(
          { resource: { kind: update.kind, namespace: update.namespace, name: update.name }, err: { message: (err as Error).message } },
          'status write failed',
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, updates.length) }, worker));
  if (failures > 0) throw new StatusWriteError(failures, { cause: firstError });
}

async function writeOne(options: WriteStatusesOptions, update: StatusUpdate): Promise<void> {
  const { request, counters, logger } = options;
  const path = `${objectPath(watchedKind(update.kind), update.namespace, update.name)}/status?fieldManager=${CONTROLLER_FIELD_MANAGER}`;
  let current = options.cached(update);
  for (let attempt = 1; current; attempt++) {
    const status = update.statusFor(current, options.now());
    if (!status) return;
    const body = { ...current, status };
    const origin: WriteOrigin = { base: current, ...(update.settles ? { settles: update.settles } : {}) };
    options.sending?.(update.kind, body, origin);
    try {
      const written = await request<K8sObject>('PUT', path, body);
      options.written?.(update.kind, written, origin);
      counters.statusWrites++;
      logger.debug({ resource: { kind: update.kind, namespace: update.namespace, name: update.name } }, 'status written');
      return;
    } catch (err) {
      if (!(err instanceof KubeRequestError)) throw err;
      if (err.status === 404) return;
      if (err.status !== 409 || attempt >= MAX_ATTEMPTS) throw err;
      counters.statusConflicts++;
    }
    current = await fetchLatest(options, update);
  }
}

async function fetchLatest(options: WriteStatusesOptions, update: StatusUpdate): Promise<K8sObject | undefined> {
  const kind = watchedKind(update.kind);
  try {
    return await options.request<K8sObject>('GET', objectPath(kind, update.namespace, update.name));
  } catch (err) {
    if (err instanceof KubeRequestError && err.status === 404) return undefined;
    throw err;
  }
}
