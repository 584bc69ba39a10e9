import { type ServerResponse } from 'node:http';

/**
 * Writes `chunks` to `res` one per turn of the event loop, and only as fast as the client
 * reads, then ends it: a large report (15 MB of /metrics at 10,000 rules) never holds up the
 * proxy's traffic for longer than one chunk takes. The rows behind a chunk are read (and the
 * report walked) only when it is its turn. Empty chunks are skipped; a response destroyed
 * meanwhile (the client left) stops the walk.
 */
export function streamChunks(res: ServerResponse, chunks: Iterator<string>): void {
  const next = (): void => {
    if (res.destroyed) return;
    const chunk = chunks.next();
    if (chunk.done === true) {
      res.end();
      return;
    }
    if (chunk.value === '' || res.write(chunk.value)) setImmediate(next);
    // Not `next` itself: 'drain' comes from process.nextTick when the socket took the write at
    // once, and a chain of nextTicks never returns to the event loop (it held up traffic for
    // 70-200 ms per 15 MB scrape).
    else res.once('drain', () => setImmediate(next));
  };
  next();
}
