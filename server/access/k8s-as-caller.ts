import type { IncomingMessage } from 'node:http';

/**
 * A /k8s client that acts as the user of an incoming request: it forwards that request's own
 * credentials (bearer token or session cookie) to this server's /k8s over loopback, so the API
 * server authenticates, authorizes (RBAC), admits and records the write exactly as if the user
 * had sent it. Nothing here holds privileges of its own.
 */

export interface K8sAnswer {
  status: number;
  body: unknown;
}

export interface K8sAsCaller {
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<K8sAnswer>;
}

/**
 * `k8sUrl` is this server's /k8s base (e.g. `http://127.0.0.1:3000/k8s`). A cookie-authenticated
 * write must prove same origin to /k8s's CSRF guard: the caller's request already passed that
 * check here, so the forwarded one carries this server's own origin.
 */
export function k8sAsCaller(req: IncomingMessage, k8sUrl: string): K8sAsCaller {
  const credentials: Record<string, string> = {};
  if (typeof req.headers.authorization === 'string') credentials.authorization = req.headers.authorization;
  else if (typeof req.headers.cookie === 'string') credentials.cookie = req.headers.cookie;
  const origin = new URL(k8sUrl).origin;
  return {
    async request(method, path, body) {
      const res = await fetch(`${k8sUrl}${path}`, {
        method,
        headers: {
          ...credentials,
          origin,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = { message: text };
      }
      return { status: res.status, body: parsed };
    },
  };
}
