import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';

/**
 * `portico proxy` flags, each with an environment fallback (DESIGN contracts):
 * `--control-plane URL` (PORTICO_CONTROL_PLANE_URL), `--token T` (PORTICO_PROXY_TOKEN; prefer the
 * environment, argv is visible to other users in `ps`), `--proxy-id ID`, `--ca FILE`
 * (PORTICO_PROXY_CA_FILE, or the PEM itself in PORTICO_PROXY_CA_PEM), `--port-offset N` (PORTICO_LISTENER_PORT_OFFSET, 8000),
 * `--admin-port P` (PORTICO_PROXY_ADMIN_PORT, 9901). Where listeners bind is not the proxy's
 * choice: every snapshot listener carries its Gateway's addresses (the control plane assigns them
 * from its PORTICO_LISTENER_HOST), so what the proxy binds is what Gateway status reports.
 */
export interface ProxyCommandOptions {
  controlPlaneUrl: string;
  token: string;
  proxyId: string;
  caPem?: string;
  portOffset: number;
  adminPort: number;
  /** Started by `portico start`: exit when the parent's stdin pipe closes. */
  supervised: boolean;
}

export class ProxyOptionsError extends Error {
  readonly code = 'InvalidProxyOptions';
}

type Env = Readonly<Record<string, string | undefined>>;

export function parseProxyOptions(argv: string[], env: Env, readFile: (file: string) => string = (f) => readFileSync(f, 'utf8')): ProxyCommandOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'control-plane': { type: 'string' },
        token: { type: 'string' },
        'proxy-id': { type: 'string' },
        ca: { type: 'string' },
        'port-offset': { type: 'string' },
        'admin-port': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new ProxyOptionsError((err as Error).message);
  }
  const controlPlaneUrl = values['control-plane'] ?? env.PORTICO_CONTROL_PLANE_URL;
  if (!controlPlaneUrl) throw new ProxyOptionsError('--control-plane URL (or PORTICO_CONTROL_PLANE_URL) is required, e.g. http://127.0.0.1:3000');
  let url: URL;
  try {
    url = new URL(controlPlaneUrl);
  } catch {
    throw new ProxyOptionsError(`--control-plane must be an http(s) URL, got ${JSON.stringify(controlPlaneUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProxyOptionsError(`--control-plane must be an http(s) URL, got ${JSON.stringify(controlPlaneUrl)}`);
  const token = values.token ?? env.PORTICO_PROXY_TOKEN;
  if (!token) throw new ProxyOptionsError('a proxy token is required: set PORTICO_PROXY_TOKEN (or pass --token T)');

  const caFile = values.ca ?? env.PORTICO_PROXY_CA_FILE;
  let caPem = env.PORTICO_PROXY_CA_PEM || undefined;
  if (caFile) {
    try {
      caPem = readFile(caFile);
    } catch (err) {
      throw new ProxyOptionsError(`cannot read the CA file ${caFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  return {
    controlPlaneUrl: controlPlaneUrl.replace(/\/+$/, ''),
    token,
    proxyId: values['proxy-id'] ?? env.PORTICO_PROXY_ID ?? `${hostname()}/${process.pid}`,
    caPem,
    portOffset: integerOption('--port-offset', values['port-offset'] ?? env.PORTICO_LISTENER_PORT_OFFSET, 8000, 0, 65534),
    adminPort: integerOption('--admin-port', values['admin-port'] ?? env.PORTICO_PROXY_ADMIN_PORT, 9901, 0, 65535),
    supervised: env.PORTICO_PROXY_SUPERVISED === '1',
  };
}

function integerOption(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new ProxyOptionsError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}
