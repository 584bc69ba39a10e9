import { type Socket } from 'node:net';
import { HTTPParser, type HttpParser } from '@/server/proxy/http1/llhttp';

/** The C++ stream handle behind a net.Socket (TCPWrap, TLSWrap), as far as this module uses it. */
interface StreamHandle {
  readonly isStreamBase?: boolean;
  /** Another parser already reads it (node:http's own marker, honoured both ways). */
  _consumed?: boolean;
  /** net.Socket's flag for "readStart() is in effect"; kept true to what we do (node:http does too). */
  reading?: boolean;
  readStart(): number;
  readStop(): number;
}

/** What the parser made of one read: bytes parsed (fewer than read when it stopped for an upgrade) or the parse error. */
export type OnExecute = (ret: number | Error) => void;

/**
 * Where a socket's bytes go and whether they flow. Consumed (as node:http's server does with
 * `parser.consume`): libuv's reads land in the llhttp parser in C++, with no Buffer, stream
 * push or 'data' event per read (about a tenth of the proxy's CPU per request), and
 * `onExecute` hears the outcome of each read. Bytes the socket's stream had already buffered
 * (a sniffed preface put back with `unshift`) still come as 'data', so the owner keeps a
 * 'data' listener that calls `parser.execute` itself. A socket whose handle cannot be consumed
 * (already consumed, or not a stream handle) is read through 'data' alone.
 *
 * Flow control is the owner's: a consumed socket ignores `socket.pause()` (no bytes go
 * through its stream), so pause() and resume() here stop and restart the handle's reads.
 */
export class SocketReads {
  readonly consumed: boolean;
  private stopped = false;

  constructor(
    private readonly socket: Socket,
    private readonly parser: HttpParser,
    onExecute: OnExecute,
  ) {
    const handle = streamHandle(socket);
    this.consumed = handle?.isStreamBase === true && handle._consumed !== true;
    if (!this.consumed) return;
    (handle as StreamHandle)._consumed = true;
    parser[HTTPParser.kOnExecute] = onExecute;
    parser.consume(handle as StreamHandle);
  }

  get paused(): boolean {
    return this.stopped;
  }

  pause(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.consumed) {
      this.socket.pause();
      return;
    }
    const handle = streamHandle(this.socket);
    if (handle?.reading !== true) return;
    handle.reading = false;
    handle.readStop();
  }

  resume(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.consumed) {
      this.socket.resume();
      return;
    }
    const handle = streamHandle(this.socket);
    if (handle === undefined || handle.reading === true) return;
    handle.reading = true;
    handle.readStart();
  }

  /**
   * The socket's bytes go back to its stream (an upgrade hands the socket on; the connection
   * is done). Reads restart if they were stopped, so whoever takes the socket over sees them.
   */
  release(): void {
    if (!this.consumed) return;
    this.resume();
    this.parser.unconsume();
    const handle = streamHandle(this.socket);
    if (handle !== undefined) handle._consumed = false;
  }
}

function streamHandle(socket: Socket): StreamHandle | undefined {
  return (socket as unknown as { _handle?: StreamHandle | null })._handle ?? undefined;
}
