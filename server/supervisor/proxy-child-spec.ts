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

/** `node bin/portico.mjs proxy ...`: the bundled proxy as a child of `portico start`. */
export function proxyChildSpec(options: ProxyChildOptions): ChildSpec {
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env), PORTICO_PROXY_TOKEN: options.token, PORTICO_PROXY_SUPERVISED: '1' };
  if (options.caPem) env.PORTICO_PROXY_CA_PEM = options.caPem;
  else delete env.PORTICO_PROXY_CA_PEM;
  // The parent's admin token is not the proxy's business.
  delete env.PORTICO_ADMIN_TOKEN;
  const args = [path.join(ROOT, 'bin', 'portico.mjs'), 'proxy', '--control-plane', options.controlPlaneUrl, '--proxy-id', options.proxyId];
  if (options.portOffset !== undefined) args.push('--port-offset', String(options.portOffset));
  if (options.adminPort !== undefined) args.push('--admin-port', String(options.adminPort));
  return { command: process.execPath, args, env, cwd: ROOT };
}
