import type { ServerResponse } from 'node:http';
import { ApiError, isApiError, type Status } from '@/lib/k8s/status-error';
import { StoreClosedError, StoreFutureRevisionError } from '@/server/store/store-errors';
import { StoreExpiredError } from '@/server/store/types';

/**
 * The one table from thrown errors to Kubernetes Status failures at the /k8s boundary.
 * Anything unknown becomes a 500 InternalError whose message never carries a stack trace.
 */
export function toApiError(err: unknown): ApiError {
  if (isApiError(err)) return err;
  if (err instanceof StoreExpiredError) {
    return new ApiError('Expired', `too old resource version: ${err.requested} (${err.compacted + 1})`);
  }
  if (err instanceof StoreFutureRevisionError) {
    // What kube-apiserver answers for a resourceVersion it has not reached yet.
    return new ApiError('Timeout', `Too large resource version: ${err.requested}, current: ${err.current}`, { retryAfterSeconds: 1 });
  }
  if (err instanceof StoreClosedError) {
    return new ApiError('ServiceUnavailable', 'the server is shutting down', { retryAfterSeconds: 1 });
  }
  return new ApiError('InternalError', 'Internal error occurred: the server could not complete the request');
}

/** Whether an error is one we expected (a Status failure) rather than a bug worth logging loudly. */
export function isExpectedError(err: unknown): boolean {
  return isApiError(err) || err instanceof StoreExpiredError || err instanceof StoreFutureRevisionError || err instanceof StoreClosedError;
}

export function writeStatus(res: ServerResponse, status: Status, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify(status);
  const retry = status.details?.retryAfterSeconds;
  res.writeHead(status.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, private',
    ...(retry !== undefined ? { 'Retry-After': String(retry) } : {}),
    ...headers,
  });
  res.end(body);
}
