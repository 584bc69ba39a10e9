import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `portico proxy` runs from an esbuild bundle of run-proxy.ts (bin/portico.mjs builds it into
 * .portico/build/), not through tsx. These start the real command as a child process.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'portico.mjs');
const BUNDLE_DIR = path.join(ROOT, '.portico', 'build');
const BUNDLE = path.join(BUNDLE_DIR, 'proxy.mjs');
const USAGE_ERROR = "portico proxy: Unknown option '--bad-flag'\n";
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
const IMPORT_BUNDLE = `const { runProxy } = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)}); await runProxy(['--bad-flag']);`;
/** Preloaded with --import: prints the stack frame that called process.exit. */
const EXIT_PROBE = `data:text/javascript,${encodeURIComponent(
  "const exit = process.exit; process.exit = (code) => { process.stderr.write('exit called from: ' + new Error().stack.split('\\n')[2] + '\\n'); return exit.call(process, code); };",
)}`;

interface Run {
  code: number | null;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PORTICO_PROXY_BUNDLE: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('portico proxy from the bundle', () => {
  it('exits 2 with the usage error through the bundle, and the bundle itself is a working module', async () => {
    const viaBin = await run([BIN, 'proxy', '--bad-flag']);
    // No "cannot build or load the proxy bundle ... through tsx" line: only the command's own error.
    expect(viaBin).toEqual({ code: 2, stderr: USAGE_ERROR });
    expect(existsSync(BUNDLE)).toBe(true);
    expect(existsSync(`${BUNDLE}.map`)).toBe(true);

    // Which file called process.exit(2): the bundle, not run-proxy.ts under tsx; with
    // --enable-source-maps the same frame maps back to the TypeScript.
    const caller = (await run(['--import', EXIT_PROBE, BIN, 'proxy', '--bad-flag'])).stderr.match(/exit called from: (.*)/)?.[1];
    expect(caller).toContain(path.join('.portico', 'build', 'proxy.mjs'));
    const mapped = (await run(['--enable-source-maps', '--import', EXIT_PROBE, BIN, 'proxy', '--bad-flag'])).stderr.match(/exit called from: (.*)/)?.[1];
    expect(mapped).toContain(path.join('server', 'proxy-link', 'run-proxy.ts'));

    // The file alone, no tsx anywhere: node_modules imports and `@/` aliases resolved.
    expect(await run(['--input-type=module', '-e', IMPORT_BUNDLE])).toEqual({ code: 2, stderr: USAGE_ERROR });
    const code = readFileSync(BUNDLE, 'utf8');
    expect(code).not.toMatch(/\b__name\(/);
    expect(code).toContain('//# sourceMappingURL=proxy.mjs.map');
  });

  it('rebuilds a stale bundle, also when many proxies start at once, leaving no temp files', async () => {
    await run([BIN, 'proxy', '--bad-flag']);
    utimesSync(BUNDLE, LONG_AGO, LONG_AGO);
    const runs = await Promise.all([1, 2, 3, 4].map(() => run([BIN, 'proxy', '--bad-flag'])));
    for (const result of runs) expect(result).toEqual({ code: 2, stderr: USAGE_ERROR });
    expect(statSync(BUNDLE).mtimeMs).toBeGreaterThan(LONG_AGO.getTime() + 1000);
    expect(readdirSync(BUNDLE_DIR).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // The rebuilt bundle is whole: it still runs on its own.
    expect(await run(['--input-type=module', '-e', IMPORT_BUNDLE])).toEqual({ code: 2, stderr: USAGE_ERROR });
  });

  it('starts and serves its admin port from the bundle while the control plane is unreachable', async () => {
    await run([BIN, 'proxy', '--bad-flag']);
    const before = statSync(BUNDLE).mtimeMs;
    const child = spawn(process.execPath, [BIN, 'proxy', '--control-plane', 'http://127.0.0.1:9', '--admin-port', '0', '--port-offset', '40000', '--proxy-id', 'bundle-test'], {
      cwd: ROOT,
      env: { ...process.env, PORTICO_PROXY_BUNDLE: '', PORTICO_PROXY_TOKEN: 'bundle-test-token', PORTICO_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const adminUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`proxy did not start; stderr:\n${stderr}`)), 60_000);
        createInterface({ input: child.stdout }).on('line', (line) => {
          try {
            const entry = JSON.parse(line) as { msg?: string; adminUrl?: string };
            if (entry.msg === 'proxy started' && entry.adminUrl) {
              clearTimeout(timer);
              resolve(entry.adminUrl);
            }
          } catch {
            // not a log line
          }
        });
        void exited.then(() => reject(new Error(`proxy exited; stderr:\n${stderr}`)));
      });
      const stats = await fetch(new URL('/stats', adminUrl));
      expect(stats.status).toBe(200);
      expect(stderr).not.toContain('through tsx');
      // A current bundle is reused, not rebuilt on every start.
      expect(statSync(BUNDLE).mtimeMs).toBe(before);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
