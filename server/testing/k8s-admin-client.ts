/**
 * A small /k8s client for integration tests that drive a running Portico with the admin token:
 * raw requests, creates that must succeed, and polling until the (asynchronous) controller has
 * written what a test expects.
 */
export interface K8sAdminClient<T> {
  request(method: string, urlPath: string, body?: unknown, contentType?: string): Promise<{ status: number; body: T }>;
  /** POSTs and fails loudly unless the answer is 201 Created. */
  create(urlPath: string, body: unknown): Promise<T>;
  /** GETs `urlPath` until `check` holds; answers the object. */
  until(urlPath: string, check: (object: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
}

export function createK8sAdminClient<T extends { status?: unknown }>(baseUrl: () => string, token: string): K8sAdminClient<T> {
  async function request(method: string, urlPath: string, body?: unknown, contentType = 'application/json') {
    const res = await fetch(`${baseUrl()}/k8s${urlPath}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }
  return {
    request,
    async create(urlPath, body) {
      const res = await request('POST', urlPath, body);
      if (res.status !== 201) throw new Error(`create ${urlPath}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async until(urlPath, check, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: T | undefined;
      while (Date.now() < deadline) {
        const res = await request('GET', urlPath);
        last = res.body;
        if (res.status === 200 && check(last)) return last;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last?.status)}`);
    },
  };
}
