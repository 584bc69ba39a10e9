import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * `portico start` options. Every flag has an environment variable (DESIGN.md contracts); a flag
 * wins over its variable. Parsed once with zod so a bad value stops start-up with a clear message.
 */

const booleanEnv = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const startOptionsSchema = z.object({
  dataDir: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  kubeconfig: z.string().optional(),
  demo: z.boolean(),
  /** Serve the web console (Next.js). Off for a headless control plane and for API integration tests. */
  console: z.boolean(),
  adminToken: z.string().min(16, 'PORTICO_ADMIN_TOKEN must be at least 16 characters').optional(),
  demoPassword: z.string().min(12, 'PORTICO_DEMO_PASSWORD must be at least 12 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Run the bundled proxy as a supervised child. Unset (programmatic starts, tests): no proxy. */
  proxy: z.boolean().optional(),
  /** Passed to the proxy; unset, the proxy's defaults (127.0.0.1, 8000, 9901) apply. */
  listenerHost: z.string().min(1).optional(),
  listenerPortOffset: z.coerce.number().int().min(0).max(65534).optional(),
  proxyAdminPort: z.coerce.number().int().min(0).max(65535).optional(),
});

export type StartOptions = z.infer<typeof startOptionsSchema>;

export class OptionsError extends Error {
  readonly code = 'INVALID_OPTIONS';
}

export function parseStartOptions(argv: string[], env: Readonly<Record<string, string | undefined>>, cwd: string): StartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      kubeconfig: { type: 'string' },
      'no-demo': { type: 'boolean' },
      'no-console': { type: 'boolean' },
      'no-proxy': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const flagBool = (flag: boolean | undefined, envName: string, fallback: boolean): boolean | string => {
    if (flag) return false;
    const raw = env[envName];
    return raw === undefined || raw === '' ? fallback : raw;
  };
  const demoRaw = flagBool(values['no-demo'], 'PORTICO_DEMO', true);
  const consoleRaw = flagBool(values['no-console'], 'PORTICO_CONSOLE', true);
  const proxyRaw = flagBool(values['no-proxy'], 'PORTICO_PROXY', true);
  const parsed = startOptionsSchema
    .extend({ demo: z.union([z.boolean(), booleanEnv]), console: z.union([z.boolean(), booleanEnv]), proxy: z.union([z.boolean(), booleanEnv]) })
    .safeParse({
      dataDir: path.resolve(cwd, values['data-dir'] ?? env.PORTICO_DATA_DIR ?? '.portico'),
      host: values.host ?? env.PORTICO_HOST ?? '127.0.0.1',
      port: values.port ?? env.PORTICO_PORT ?? '3000',
      kubeconfig: values.kubeconfig ?? (env.PORTICO_KUBECONFIG || undefined),
      demo: demoRaw,
      console: consoleRaw,
      adminToken: env.PORTICO_ADMIN_TOKEN || undefined,
      demoPassword: env.PORTICO_DEMO_PASSWORD || undefined,
      logLevel: env.PORTICO_LOG_LEVEL ?? 'info',
      proxy: proxyRaw,
      listenerHost: env.PORTICO_LISTENER_HOST || undefined,
      listenerPortOffset: env.PORTICO_LISTENER_PORT_OFFSET || undefined,
      proxyAdminPort: env.PORTICO_PROXY_ADMIN_PORT || undefined,
    });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
    throw new OptionsError(`invalid start options: ${problems.join('; ')}`);
  }
  return parsed.data as StartOptions;
}
