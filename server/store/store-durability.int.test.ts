import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@/server/store/sqlite-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const writerScript = 'server/store/testing/durability-writer.ts';

interface Ack {
  key: string;
  revision: number;
}

/** Runs the writer until it has acknowledged `killAfter` writes, then SIGKILLs it; returns every ack it printed. */
function runWriterAndKill(path: string, tag: string, killAfter: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path, tag], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, key, revision] = line.split(' ');
        if (word === 'ack' && key !== undefined) acks.push({ key, revision: Number(revision) });
      }
      if (!killed && acks.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code ?? signal} before the kill: ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('sqlite store durability', () => {
  let temp: ReturnType<typeof makeTempStoreDir>;
  beforeEach(() => {
    temp = makeTempStoreDir();
  });
  afterEach(() => temp.remove());

  it('keeps every acknowledged write when the writer is killed with SIGKILL mid-stream', async () => {
    const path = temp.file();
    let lastRevision = 0;
    // Kill after different amounts of work; each round continues the same file after recovery.
    for (const [round, killAfter] of [400, 1_111, 2_503].entries()) {
      const acks = await runWriterAndKill(path, `round${round}`, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);

      const store = openStore({ path });
      try {
        const missing = acks.filter((ack) => store.get(ack.key)?.modRevision !== ack.revision);
        expect(missing).toEqual([]);
        const revisions = acks.map((ack) => ack.revision);
        expect(Math.min(...revisions)).toBeGreaterThan(lastRevision);
        expect(store.currentRevision()).toBeGreaterThanOrEqual(Math.max(...revisions));
        lastRevision = store.currentRevision();
      } finally {
        store.close();
      }
    }
  });
});
