#!/usr/bin/env node
// Portico's command line. Plain JavaScript so it runs before anything is compiled: it builds the
// console when no current build exists, then loads the TypeScript server through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...args] = process.argv.slice(2);

const USAGE = `usage: portico <command> [flags]

commands:
  start   run the console, the /k8s API, the controller and the bundled proxy (default)
          flags: --data-dir D --host H --port P --kubeconfig F --no-demo --no-console --no-proxy
  proxy   run the proxy alone, pulling routing snapshots from a control plane
          flags: --control-plane URL --token T (or PORTICO_PROXY_TOKEN) --proxy-id ID --ca FILE
                 --port-offset N --admin-port P (binds the addresses the control plane assigns)
  echo    run a conformance echo backend: --port P [--h2c-port P2 --host H --name N --namespace NS --service S --grpc]

environment: PORTICO_DATA_DIR, PORTICO_HOST, PORTICO_PORT, PORTICO_KUBECONFIG, PORTICO_DEMO=0,
             PORTICO_CONSOLE=0, PORTICO_PROXY=0, PORTICO_ADMIN_TOKEN, PORTICO_DEMO_PASSWORD, PORTICO_LOG_LEVEL,
             PORTICO_LISTENER_HOST, PORTICO_LISTENER_PORT_OFFSET, PORTICO_PROXY_ADMIN_PORT (start, proxy),
             PORTICO_CONTROL_PLANE_URL, PORTICO_PROXY_TOKEN, PORTICO_PROXY_ID, PORTICO_PROXY_CA_FILE (proxy)`;

/** Newest modification time under the folders the console build is made from. */
function newestSourceMtime() {
  let newest = 0;
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['app', 'components', 'lib', 'public']) visit(path.join(root, dir));
  for (const file of ['next.config.js', 'package.json', 'postcss.config.mjs']) {
    const full = path.join(root, file);
    if (existsSync(full)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the console when there is no build or the sources changed since the last one. */
function ensureConsoleBuild() {
  const buildId = path.join(root, process.env.PORTICO_NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMtime()) return;
  console.error(existsSync(buildId) ? 'portico: sources changed, rebuilding the console…' : 'portico: building the console (first start)…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    console.error('portico: the console build failed; see the output above');
    process.exit(result.status ?? 1);
  }
}

async function loadTypeScript(entry) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  return import(path.join(root, entry));
}

switch (command) {
  case 'start': {
    const wantsConsole = !args.includes('--no-console') && !['0', 'false', 'no'].includes(process.env.PORTICO_CONSOLE ?? '');
    if (wantsConsole) ensureConsoleBuild();
    const { runStart } = await loadTypeScript('server/main.ts');
    await runStart(args);
    break;
  }
  case 'proxy': {
    const { runProxy } = await loadTypeScript('server/proxy-link/run-proxy.ts');
    await runProxy(args);
    break;
  }
  case 'echo': {
    const { runEcho } = await loadTypeScript('server/echo/run-echo.ts');
    await runEcho(args);
    break;
  }
  case 'help':
  case '--help':
  case '-h':
    console.log(USAGE);
    break;
  default:
    console.error(`portico: unknown command "${command}"\n\n${USAGE}`);
    process.exit(2);
}
