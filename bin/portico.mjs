#!/usr/bin/env node
// Portico's command line. Plain JavaScript so it runs before anything is compiled: it builds the
// console when no current build exists, then loads the TypeScript server through tsx. The proxy
// (the data plane) runs from an esbuild bundle instead: tsx's loader costs it ~35 MB of RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
             PORTICO_CONTROL_PLANE_URL, PORTICO_PROXY_TOKEN, PORTICO_PROXY_ID, PORTICO_PROXY_CA_FILE (proxy),
             PORTICO_PROXY_BUNDLE=0 (proxy: run through tsx instead of the .portico/build bundle)`;

/**
 * Newest modification time of `files` and of everything under `dirs` (relative to the repo),
 * skipping node_modules, dotfiles and names `skip` accepts.
 */
function newestMtime(dirs, files, skip = () => false) {
  let newest = 0;
  const visit = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || skip(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) visit(path.join(root, dir));
  for (const file of files) {
    const full = path.join(root, file);
    if (existsSync(full)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Newest modification time of what the console build is made from. */
const newestSourceMtime = () => newestMtime(['app', 'components', 'lib', 'public'], ['next.config.js', 'package.json', 'postcss.config.mjs']);

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

/** Newest modification time of what the proxy bundle is made from (tests excluded). */
const newestProxySourceMtime = () => newestMtime(['server', 'lib'], ['tsconfig.json', 'package.json'], (name) => name.endsWith('.test.ts'));

const PROXY_BUNDLE = path.join(root, '.portico', 'build', 'proxy.mjs');

/** One line saying why a build failed: esbuild's first error with its place, or the message. */
function buildFailure(err) {
  const first = err?.errors?.[0];
  if (first) return `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}`;
  return String(err?.message ?? err).split('\n')[0];
}

/**
 * Bundles the proxy's entry into PROXY_BUNDLE (`portico build-proxy-bundle`). The bundle lives
 * inside the repo so its node_modules imports (`packages: 'external'`) resolve. Many proxies may
 * start at once (tests): each writes unique temp files and renames them into place, so a reader
 * sees a whole old or a whole new bundle, never a partial one.
 */
async function buildProxyBundle() {
  const newest = newestProxySourceMtime();
  const esbuild = await import('esbuild');
  const temps = [];
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'server', 'proxy-link', 'run-proxy.ts')],
      outfile: PROXY_BUNDLE,
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      tsconfig: path.join(root, 'tsconfig.json'),
      // Stack traces map back to the TypeScript under `node --enable-source-maps`.
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
    });
    // `.portico` doubles as the default data dir: keep it private if this creates it.
    mkdirSync(path.dirname(PROXY_BUNDLE), { recursive: true, mode: 0o700 });
    const unique = `.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    // The map first, so the bundle that points at it never appears before it.
    const files = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
    for (const file of files) {
      const temp = file.path + unique;
      temps.push(temp);
      writeFileSync(temp, file.contents);
    }
    for (const file of files) renameSync(file.path + unique, file.path);
    // A source saved while esbuild was reading may be in this bundle or not: leave it stale.
    if (newestProxySourceMtime() > newest) utimesSync(PROXY_BUNDLE, 0, 0);
  } finally {
    for (const temp of temps) rmSync(temp, { force: true });
    await esbuild.stop();
  }
}

/**
 * PROXY_BUNDLE, rebuilt first when missing or older than its sources. The build runs in a
 * short-lived child process so that esbuild (~9 MB of RSS) never stays in the proxy.
 */
function ensureProxyBundle() {
  if (existsSync(PROXY_BUNDLE) && statSync(PROXY_BUNDLE).mtimeMs >= newestProxySourceMtime()) return PROXY_BUNDLE;
  const build = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'build-proxy-bundle'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(build.stderr?.trim().split('\n')[0] || `the build ended with ${build.signal ?? build.error?.message ?? build.status}`);
  return PROXY_BUNDLE;
}

/** The proxy's entry module: the bundle, or through tsx when that fails or PORTICO_PROXY_BUNDLE=0. */
async function loadProxy() {
  const entry = 'server/proxy-link/run-proxy.ts';
  if (['0', 'false', 'no'].includes(process.env.PORTICO_PROXY_BUNDLE ?? '')) return loadTypeScript(entry);
  try {
    return await import(pathToFileURL(ensureProxyBundle()).href);
  } catch (err) {
    // A proxy that cannot start is worse than a slower one.
    console.error(`portico: cannot build or load the proxy bundle (${buildFailure(err)}); running the proxy through tsx`);
    return loadTypeScript(entry);
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
    const { runProxy } = await loadProxy();
    await runProxy(args);
    break;
  }
  case 'build-proxy-bundle': {
    // Internal: run by ensureProxyBundle in its own process; prints one line when it fails.
    await buildProxyBundle().catch((err) => {
      console.error(buildFailure(err));
      process.exit(1);
    });
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
