import type { WatchEvent } from '@/lib/k8s/object';

/** Reads a newline-delimited JSON watch response event by event. */
export class WatchReader {
  private buffer = '';
  private readonly events: WatchEvent[] = [];
  private waiters: (() => void)[] = [];
  done = false;

  constructor(res: Response) {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          this.buffer += decoder.decode(value, { stream: true });
          let nl;
          while ((nl = this.buffer.indexOf('\n')) >= 0) {
            const line = this.buffer.slice(0, nl);
            this.buffer = this.buffer.slice(nl + 1);
            if (line.trim()) this.events.push(JSON.parse(line) as WatchEvent);
          }
          this.wake();
        }
      } catch {
        // aborted
      }
      this.done = true;
      this.wake();
    })();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits for the next event (or undefined once the stream ended). */
  async next(timeoutMs = 10_000): Promise<WatchEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length === 0 && !this.done) {
      if (Date.now() > deadline) throw new Error('timed out waiting for a watch event');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.events.shift();
  }
}
