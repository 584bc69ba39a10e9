import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '@/server/auth/testing/capture-logger';
import { superviseProcess, type SupervisedProcess } from '@/server/supervisor/process-supervisor';
import { proxyChildSpec } from '@/server/supervisor/proxy-child-spec';

const STAND_IN = path.join(__dirname, 'testing', 'stand-in-child.mjs');

interface Started {
  pid: number;
  argv: string[];
  token: string | null;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function setup(mode: string, overrides: { stopGraceMs?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-supervisor-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const record = path.join(dir, 'started.jsonl');
  const captured = captureLogger();
  const spec = proxyChildSpec({ controlPlaneUrl: 'http://127.0.0.1:1', token: 'secret-proxy-token', proxyId: 'p1', portOffset: 8000, adminPort: 9901, baseEnv: { ...process.env, STAND_IN_RECORD: record, STAND_IN_MODE: mode } });
  // Same environment and flags as the real proxy child, but the stand-in script instead of bin/portico.mjs.
  const supervisor = superviseProcess({
    name: 'proxy',
    spec: { ...spec, args: spec.args.map((arg) => (arg.endsWith('portico.mjs') ? STAND_IN : arg)) },
    logger: captured.logger,
    backoff: { initialMs: 10, maxMs: 40 },
    stopGraceMs: overrides.stopGraceMs ?? 5_000,
    output: 'ignore',
  });
  cleanups.push(() => supervisor.stop());
  const started = (): Started[] =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .split('\n')
          // Only complete lines: the file may be read while a child is writing its line.
          .filter((l) => l.endsWith('}'))
          .map((l) => JSON.parse(l) as Started)
      : [];
  return { supervisor, started, captured };
}

async function waitFor<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 3000; i++) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runningPid(supervisor: SupervisedProcess, started: () => Started[], count: number): Promise<number> {
  return waitFor(() => {
    const pid = supervisor.pid();
    return pid !== undefined && started().length >= count && started().some((s) => s.pid === pid) ? pid : undefined;
  }, `start #${count}`);
}

describe('superviseProcess', () => {
  it('passes the token in the environment, not in argv', async () => {
    const { supervisor, started } = setup('idle');
    await runningPid(supervisor, started, 1);
    const [first] = started();
    expect(first?.token).toBe('secret-proxy-token');
    expect(first?.argv.join(' ')).not.toContain('secret-proxy-token');
    expect(first?.argv).toEqual(['proxy', '--control-plane', 'http://127.0.0.1:1', '--proxy-id', 'p1', '--port-offset', '8000', '--admin-port', '9901']);
  });

  it('restarts a killed child and logs the restart', async () => {
    const { supervisor, started, captured } = setup('idle');
    const first = await runningPid(supervisor, started, 1);
    process.kill(first, 'SIGKILL');
    const second = await runningPid(supervisor, started, 2);
    expect(second).not.toBe(first);
    expect(supervisor.restarts()).toBe(1);
    expect(captured.lines().some((l) => l.msg === 'child process died; restarting' && l.signal === 'SIGKILL' && l.pid === first)).toBe(true);
  });

  it('stops the child with SIGTERM and does not restart it', async () => {
    const { supervisor, started, captured } = setup('idle');
    const pid = await runningPid(supervisor, started, 1);
    await supervisor.stop();
    expect(alive(pid)).toBe(false);
    expect(supervisor.pid()).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(started()).toHaveLength(1);
    expect(captured.lines().some((l) => l.msg === 'child process stopped')).toBe(true);
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    const { supervisor, started, captured } = setup('ignore-term', { stopGraceMs: 200 });
    const pid = await runningPid(supervisor, started, 1);
    await supervisor.stop();
    expect(alive(pid)).toBe(false);
    expect(captured.lines().some((l) => l.msg === 'child process did not stop in time; killing it')).toBe(true);
  });

  it('keeps restarting a crashing child with backoff and stops during the wait', async () => {
    const { supervisor, started } = setup('crash');
    await waitFor(() => started().length >= 4 || undefined, 'several restarts');
    expect(supervisor.restarts()).toBeGreaterThanOrEqual(3);
    await supervisor.stop();
    const count = started().length;
    await new Promise((r) => setTimeout(r, 150));
    expect(started().length).toBe(count);
  });
});
