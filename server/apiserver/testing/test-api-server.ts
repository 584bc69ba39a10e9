import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createAuth, type Auth } from '@/server/auth/create-auth';
import { openStore, type SqliteStoreOptions } from '@/server/store/sqlite-store';
import type { Store } from '@/server/store/types';
import { generateServingCertificate } from '@/server/tls/serving-certificate';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../api-server';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApi {
  /** Base URL of the API, e.g. http://127.0.0.1:PORT/k8s */
  url: string;
  server: ApiServer;
  store: Store;
  auth: Auth;
  dir: string;
  /** Writes a kubeconfig for `token` (admin by default) and returns its path. */
  kubeconfig(token?: string): string;
  close(): Promise<void>;
}

/**
 * A real API server for integration tests: SQLite store and auth in a temp dir, HTTP (or HTTPS
 * with a freshly generated self-signed certificate: kubectl only sends bearer tokens over TLS) on 127.0.0.1:0.
 */
export async function startTestApi(
  opts: { tls?: boolean; api?: Partial<ApiServerOptions>; store?: Partial<SqliteStoreOptions> } = {},
): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-api-'));
  const store = openStore({ path: join(dir, 'store.db'), synchronous: 'NORMAL', ...opts.store });
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const auth = createAuth({ dataDir: dir, store, adminToken: ADMIN_TOKEN, logger, scryptParams: { N: 1024, r: 8, p: 1 } });
  const api = createApiServer({ store, authenticator: auth.authenticator, authorizer: auth.authorizer, escalationGuard: auth.authorizer, logger, ...opts.api });
  const handler = (req: Parameters<typeof api.handle>[0], res: Parameters<typeof api.handle>[1]): void => {
    void api.handle(req, res);
  };
  const tls = opts.tls ? await generateServingCertificate(['127.0.0.1', 'localhost']) : undefined;
  const server: Server = tls ? createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}/k8s`;
  return {
    url,
    server: api,
    store,
    auth,
    dir,
    kubeconfig(token = ADMIN_TOKEN) {
      const path = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
      writeFileSync(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          '- name: portico',
          '  cluster:',
          `    server: ${url}`,
          '    insecure-skip-tls-verify: true',
          'users:',
          '- name: user',
          '  user:',
          `    token: ${token}`,
          'contexts:',
          '- name: portico',
          '  context:',
          '    cluster: portico',
          '    user: user',
          '    namespace: default',
          'current-context: portico',
          '',
        ].join('\n'),
      );
      return path;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      api.close();
      auth.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fetch against the test API with the admin token. */
export async function apiFetch(api: TestApi, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? ADMIN_TOKEN : init.token;
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  return fetch(api.url + path, { ...init, headers });
}
