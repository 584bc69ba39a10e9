import type { ChangeRecord } from '@/server/store/change-record';
import type { Revision, StoreEvent, WatchHandle } from '@/server/store/types';

/** Reports a watcher callback that threw; the watcher keeps receiving later events. */
export type WatchErrorHandler = (error: unknown, event: StoreEvent) => void;

interface Watcher {
  prefix: string;
  onEvent: (event: StoreEvent) => void;
  /** The newest revision handed to this watcher (delivered or queued). */
  cursor: Revision;
  /** Replayed history and changes committed before the replay was delivered, oldest first. */
  backlog: ChangeRecord[] | undefined;
  stopped: boolean;
}

/**
 * Fans committed changes out to watchers. A new watcher first receives its replayed history,
 * delivered in a microtask so that `watch()` returns its handle before any callback runs; changes
 * committed meanwhile are queued behind the replay. After that, changes are delivered
 * synchronously right after their COMMIT, in revision order. The cursor makes delivery exactly
 * once: a change is handed over only if its revision is above the cursor.
 */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly onWatchError: WatchErrorHandler) {}

  /** Registers a watcher whose history up to `replayedThrough` is `replay`. */
  add(
    prefix: string,
    replay: ChangeRecord[],
    replayedThrough: Revision,
    onEvent: (event: StoreEvent) => void,
  ): WatchHandle {
    const watcher: Watcher = { prefix, onEvent, cursor: replayedThrough, backlog: replay, stopped: false };
    this.watchers.add(watcher);
    queueMicrotask(() => this.drainBacklog(watcher));
    return {
      stop: () => {
        watcher.stopped = true;
        watcher.backlog = undefined;
        this.watchers.delete(watcher);
      },
    };
  }

  /** Delivers committed changes (in revision order) to every interested watcher. */
  publish(changes: readonly ChangeRecord[]): void {
    if (this.watchers.size === 0) return;
    for (const change of changes) {
      for (const watcher of this.watchers) {
        if (watcher.stopped || change.revision <= watcher.cursor || !change.key.startsWith(watcher.prefix)) continue;
        watcher.cursor = change.revision;
        if (watcher.backlog !== undefined) watcher.backlog.push(change);
        else this.deliver(watcher, change);
      }
    }
  }

  /** Stops every watcher (the store is closing). */
  stopAll(): void {
    for (const watcher of this.watchers) {
      watcher.stopped = true;
      watcher.backlog = undefined;
    }
    this.watchers.clear();
  }

  private drainBacklog(watcher: Watcher): void {
    // Callbacks may commit nothing synchronously (transact is deferred), but publish() can still
    // append to the backlog from a nested flush; index-based iteration picks those up.
    const backlog = watcher.backlog;
    if (backlog === undefined) return;
    for (let i = 0; i < backlog.length && !watcher.stopped; i++) this.deliver(watcher, backlog[i] as ChangeRecord);
    watcher.backlog = undefined;
  }

  private deliver(watcher: Watcher, change: ChangeRecord): void {
    if (watcher.stopped) return;
    const event = change.toEvent();
    try {
      watcher.onEvent(event);
    } catch (error) {
      try {
        this.onWatchError(error, event);
      } catch {
        // The error reporter itself failed; nothing sensible is left to do with the error.
      }
    }
  }
}
