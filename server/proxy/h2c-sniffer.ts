import { type Socket } from 'node:net';

/** The HTTP/2 connection preface (RFC 9113 3.4): what a prior-knowledge h2c client sends first. */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export type PrefaceVerdict = 'h2' | 'http1' | 'undecided';

/**
 * What the first bytes of a cleartext connection say: the full preface is h2c, any byte that
 * departs from it is HTTP/1.x, a correct but short prefix needs more bytes. Pure.
 */
export function classifyPreface(seen: Uint8Array): PrefaceVerdict {
  const n = Math.min(seen.length, H2_PREFACE.length);
  for (let i = 0; i < n; i++) if (seen[i] !== H2_PREFACE[i]) return 'http1';
  return n === H2_PREFACE.length ? 'h2' : 'undecided';
}

/**
 * Reads a new connection's first bytes to tell h2c prior knowledge from HTTP/1.x on one port,
 * then pushes the bytes back (`unshift`) and hands the paused socket over. A client that says
 * nothing for `timeoutMs`, or closes before a verdict, is dropped: no server has seen it yet,
 * so no header timeout would ever cut it. Almost always decided on the first chunk (a request
 * line that does not start with `PRI` differs from the preface within three bytes).
 */
export function sniffPreface(socket: Socket, timeoutMs: number, decided: (verdict: 'h2' | 'http1') => void): void {
  let seen: Buffer | undefined;
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  const cleanup = (): void => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('error', onError);
    socket.off('end', onEnd);
  };
  const onError = (): void => {
    cleanup();
    socket.destroy();
  };
  const onEnd = (): void => {
    cleanup();
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    seen = seen === undefined ? chunk : Buffer.concat([seen, chunk]);
    const verdict = classifyPreface(seen);
    if (verdict === 'undecided') return;
    cleanup();
    socket.pause();
    socket.unshift(seen);
    decided(verdict);
  };
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('end', onEnd);
}
