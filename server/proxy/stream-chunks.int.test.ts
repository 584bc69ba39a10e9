import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { streamChunks } from '@/server/proxy/stream-chunks';
import { countTurns } from '@/server/proxy/testing/turn-counter';

const CHUNKS = 48;
const CHUNK = 'x'.repeat(256 * 1024);

describe('streamChunks (real socket, a client process reading as fast as it can)', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('writes the whole body, each chunk in its own turn of the event loop', async () => {
    const counter = countTurns();
    cleanup.push(() => counter.stop());

    const turnOfChunk: number[] = [];
    function* chunks(): Generator<string> {
      for (let i = 0; i < CHUNKS; i++) {
        turnOfChunk.push(counter.turns());
        yield i % 8 === 7 ? '' : CHUNK;
      }
    }
    const server = createServer((_req, res) => streamChunks(res, chunks()));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => server.close());

    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const client = spawn(process.execPath, ['-e', `fetch(${JSON.stringify(url)}).then((r) => r.text()).then((t) => process.stdout.write(String(t.length)))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    client.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await once(client, 'exit');

    expect(Number(out)).toBe((CHUNKS - CHUNKS / 8) * CHUNK.length);
    expect(turnOfChunk).toHaveLength(CHUNKS);
    // A chain of 'drain' events from process.nextTick would produce many chunks in one turn.
    for (let i = 1; i < CHUNKS; i++) expect(turnOfChunk[i], `chunk ${i}`).toBeGreaterThan(turnOfChunk[i - 1]!);
  });
});
