import { DEMO_HOSTS } from '@/server/demo/demo-world';
import { PERSONA_USERS } from '@/server/demo/personas';

/** Where Gateway listener port p is served in embedded mode unless configured (DESIGN: listeners). */
const DEFAULT_LISTENER_PORT_OFFSET = 8000;
const DEFAULT_LISTENER_HOST = '127.0.0.1';

export interface DemoBannerInput {
  consoleUrl: string;
  /** How to find the demo password: given in the environment, or the file it was kept in. */
  password: { fromEnv: true } | { file: string };
  listenerHost?: string;
  listenerPortOffset?: number;
  /** Without the bundled proxy nothing serves the listeners, so no curl line is offered. */
  proxy: boolean;
}

/** The start-up lines for the demo: console, users, and curl lines that work against its Gateway. */
export function formatDemoBanner(input: DemoBannerInput): string {
  const offset = input.listenerPortOffset ?? DEFAULT_LISTENER_PORT_OFFSET;
  const rawHost = input.listenerHost ?? DEFAULT_LISTENER_HOST;
  const host = rawHost === '0.0.0.0' ? '127.0.0.1' : rawHost === '::' ? '::1' : rawHost;
  const at = (port: number) => `${host.includes(':') ? `[${host}]` : host}:${port + offset}`;
  const users = PERSONA_USERS.map((u) => `${u.username} (${u.persona})`).join(', ');
  const password = 'fromEnv' in input.password ? 'the value of PORTICO_DEMO_PASSWORD' : `in ${input.password.file}`;
  const lines = [
    `  Demo: sign in at ${input.consoleUrl}/login as ${users}`,
    `        password: ${password}`,
  ];
  if (input.proxy) {
    lines.push(
      `  Try the demo Gateway infra/public:`,
      `    curl -H 'Host: ${DEMO_HOSTS.shop}' http://${at(80)}/`,
      `    curl -H 'Host: ${DEMO_HOSTS.shop}' -H 'x-canary: true' http://${at(80)}/`,
      `    curl -i -H 'Host: ${DEMO_HOSTS.shop}' http://${at(80)}/old-cart`,
      `    curl -k --resolve ${DEMO_HOSTS.payments}:${443 + offset}:${host.includes(':') ? `[${host}]` : host} https://${DEMO_HOSTS.payments}:${443 + offset}/`,
    );
  } else {
    lines.push('  The bundled proxy is off (PORTICO_PROXY=0): the demo Gateway is not served.');
  }
  return `${lines.join('\n')}\n`;
}
