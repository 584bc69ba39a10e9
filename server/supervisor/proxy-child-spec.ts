import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildSpec } from '@/server/supervisor/process-supervisor';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ProxyChildOptions {
  /** Where the proxy reaches the control plane, e.g. `http://127.0.0.1:3000`. */
  controlPlaneUrl: string;
  /** The proxy service account's bearer token: passed in the environment, never in argv. */
  token: string;
  proxyId: string;
  /** Omitted: the child reads PORTICO_LISTENER_PORT_OFFSET / PORTICO_PROXY_ADMIN_PORT from the inherited environment (or its defaults). */
  portOffset?: number;
  adminPort?: number;
  /** PEM CA for an https control plane, passed in the environment too. */
  caPem?: string;
  /** The parent's environment the child inherits (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * Node flags for the proxy process. A 4 MB young-generation semi-space instead of V8's 16 MB:
 * the request path's garbage dies young either way, and the proxy's resident memory at 10,000
 * routes drops by about 20 MB (`npm run bench -- proxy` prints both; CPU per request did not move
 * measurably). A standalone proxy gets the same with NODE_OPTIONS=--max-semi-space-size=4.
 */
export const PROXY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/** `node bin/portico.mjs proxy ...`: the bundled proxy as a child of `portico start`. */
export function proxyChildSpec(options: ProxyChildOptions): ChildSpec {
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env), PORTICO_PROXY_TOKEN: options.token, PORTICO_PROXY_SUPERVISED: '1' };
  if (options.caPem) env.PORTICO_PROXY_CA_PEM = options.caPem;
  else delete env.PORTICO_PROXY_CA_PEM;
  // The parent's admin token is not the proxy's business.
  delete env.PORTICO_ADMIN_TOKEN;
  const args = [...PROXY_NODE_FLAGS, path.join(ROOT, 'bin', 'portico.mjs'), 'proxy', '--control-plane', options.controlPlaneUrl, '--proxy-id', options.proxyId];
  if (options.portOffset !== undefined) args.push('--port-offset', String(options.portOffset));
  if (options.adminPort !== undefined) args.push('--admin-port', String(options.adminPort));
  return { command: process.execPath, args, env, cwd: ROOT };
}
