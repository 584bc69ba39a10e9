import { HttpMethod, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch, type Dispatcher } from 'undici';

/**
 * How the controller reaches the Kubernetes API: a client-node KubeConfig, so the same code runs
 * against Portico's own `/k8s` (HTTPS, pinned serving certificate, the controller's token) and,
 * later, a real cluster (any kubeconfig client-node understands).
 */

export interface ControllerApiTarget {
  /** The API root, e.g. `https://127.0.0.1:3000/k8s`. */
  server: string;
  /** PEM of the certificate authority that signs the server's certificate. */
  caPem: string;
  /** The controller's bearer token. */
  token: string;
}

export function createControllerKubeConfig(target: ControllerApiTarget): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'portico', server: target.server, caData: Buffer.from(target.caPem).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'portico-controller', token: target.token }],
    contexts: [{ name: 'portico-controller', cluster: 'portico', user: 'portico-controller' }],
    currentContext: 'portico-controller',
  });
  return kc;
}

/** A request the API answered with an error status, or that did not reach it (`status` 0). */
export class KubeRequestError extends Error {
  readonly code = 'KUBE_REQUEST_FAILED';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The Kubernetes Status `reason` (Conflict, NotFound...), when the server sent one. */
    readonly reason: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${path}: ${status === 0 ? 'request failed' : `HTTP ${status}`}: ${message}`, options);
    this.name = 'KubeRequestError';
  }
}

const METHODS = { GET: HttpMethod.GET, PUT: HttpMethod.PUT } as const;

export type KubeRequest = <T = unknown>(method: keyof typeof METHODS, path: string, body?: unknown) => Promise<T>;

export interface KubeRequester {
  request: KubeRequest;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

/**
 * JSON requests through the KubeConfig's authentication and TLS settings (the same path
 * client-node's Watch takes), answering the parsed body as sent: no model classes, so objects
 * stay the plain JSON the pipeline reads. Credentials are applied to every request (they may
 * rotate); the connection pool is kept from the first request, so a reconcile that writes many
 * statuses reuses connections instead of opening one (and a TLS handshake) per write.
 */
export function createKubeRequester(kc: KubeConfig): KubeRequester {
  let pool: Dispatcher | undefined;
  let closed = false;
  async function request<T>(method: keyof typeof METHODS, path: string, body?: unknown): Promise<T> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('createKubeRequester: the kubeconfig has no current cluster');
    if (closed) throw new KubeRequestError(method, path, 0, undefined, 'the requester is closed');
    const ctx = new RequestContext(cluster.server + path, METHODS[method]);
    await kc.applySecurityAuthentication(ctx);
    pool ??= ctx.getDispatcher() as Dispatcher | undefined;
    const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(ctx.getUrl(), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: pool,
      });
    } catch (err) {
      throw new KubeRequestError(method, path, 0, undefined, (err as Error).message, { cause: err });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch (err) {
      throw new KubeRequestError(method, path, response.status, undefined, 'the response is not JSON', { cause: err });
    }
    if (!response.ok) {
      const status = parsed as { reason?: string; message?: string } | undefined;
      throw new KubeRequestError(method, path, response.status, status?.reason, status?.message ?? response.statusText);
    }
    return parsed as T;
  }
  return {
    request: request as KubeRequest,
    async close() {
      closed = true;
      await pool?.close();
    },
  };
}
