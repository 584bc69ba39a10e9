import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Makes committed transactions durable without holding the event loop: SQLite runs with
 * `synchronous = NORMAL` in WAL mode (a COMMIT writes its WAL frames but does not fsync them),
 * and a write is acknowledged only after an fsync of the WAL file that started after its
 * COMMIT, run on libuv's thread pool. Every commit waiting when an fsync starts shares it (a
 * second group commit on top of the store's batches); commits that land meanwhile share the
 * next one. With `synchronous = FULL`, SQLite fsyncs inside COMMIT on the event loop, and on a
 * VM disk an fsync's tail (measured here: p99 68-191 ms, max 0.7 s) stalled every request,
 * watch and snapshot behind it. Checkpoints still sync inside SQLite (NORMAL syncs the WAL
 * before copying it into the database), so a checkpoint never copies frames that are not durable.
 */
export class WalSync {
  private fd: number | undefined;
  /** Waiting for the next fsync round (their COMMIT happened after the running one started). */
  private next: Waiter[] = [];
  /** Waiting for the fsync in flight. */
  private inFlight: Waiter[] | undefined;
  private closed = false;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything committed before this call is on disk; rejects if the fsync fails. */
  durable(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (this.inFlight === undefined) this.startRound();
    });
  }

  /** Settles every waiter with one synchronous fsync and closes the file (store close). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const waiters = [...(this.inFlight ?? []), ...this.next];
    this.inFlight = undefined;
    this.next = [];
    let failure: unknown;
    try {
      if (waiters.length > 0) fsyncSync(this.file());
    } catch (error) {
      failure = error;
    }
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    for (const waiter of waiters) {
      if (failure === undefined) waiter.resolve();
      else waiter.reject(failure);
    }
  }

  private startRound(): void {
    const round = this.next;
    this.next = [];
    this.inFlight = round;
    let fd: number;
    try {
      fd = this.file();
    } catch (error) {
      this.finishRound(round, error);
      return;
    }
    fsync(fd, (error) => this.finishRound(round, error ?? undefined));
  }

  private finishRound(round: Waiter[], error: unknown): void {
    // close() settled this round already.
    if (this.inFlight !== round) return;
    this.inFlight = undefined;
    for (const waiter of round) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
    if (this.next.length > 0) this.startRound();
  }

  /** The WAL exists from the first commit on (the exclusive lock keeps it for the connection's life). */
  private file(): number {
    return (this.fd ??= openSync(this.walPath, 'r'));
  }
}
