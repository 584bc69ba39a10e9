import type * as fs from 'node:fs';
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { WalSync } from '@/server/store/wal-sync';

// The file system is faked so the test decides when each fsync completes.
vi.mock('node:fs', async (importOriginal) => ({
  ...(await importOriginal<typeof fs>()),
  openSync: vi.fn(() => 42),
  closeSync: vi.fn(),
  fsync: vi.fn(),
  fsyncSync: vi.fn(),
}));

type Callback = (error: NodeJS.ErrnoException | null) => void;
const pending = (): Callback[] => vi.mocked(fsync).mock.calls.map((call) => call[1] as Callback);

function track(promise: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const outcome: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  promise.then(
    () => (outcome.state = 'resolved'),
    (error: unknown) => Object.assign(outcome, { state: 'rejected', error }),
  );
  return outcome;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WalSync', () => {
  beforeEach(() => vi.clearAllMocks());

  it('acknowledges a commit only after an fsync that started after it, sharing each round among the commits waiting', async () => {
    const sync = new WalSync('/data/store.db-wal');
    const first = track(sync.durable());
    const second = track(sync.durable());
    const third = track(sync.durable());
    expect(openSync).toHaveBeenCalledWith('/data/store.db-wal', 'r');
    expect(fsync).toHaveBeenCalledTimes(1);
    pending()[0]!(null);
    await settle();
    // The first fsync may have started before the second and third commits: they wait for the next round, together.
    expect([first.state, second.state, third.state]).toEqual(['resolved', 'pending', 'pending']);
    expect(fsync).toHaveBeenCalledTimes(2);
    pending()[1]!(null);
    await settle();
    expect([second.state, third.state]).toEqual(['resolved', 'resolved']);
    expect(fsync).toHaveBeenCalledTimes(2);
  });

  it('rejects the commits of a failed fsync and keeps serving later ones', async () => {
    const sync = new WalSync('/data/store.db-wal');
    const failed = track(sync.durable());
    pending()[0]!(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await settle();
    expect(failed.state).toBe('rejected');
    expect((failed.error as { code?: string }).code).toBe('EIO');
    const later = track(sync.durable());
    pending()[1]!(null);
    await settle();
    expect(later.state).toBe('resolved');
  });

  it('settles every waiting commit with one synchronous fsync on close, ignores the late callback, and refuses new ones', async () => {
    const sync = new WalSync('/data/store.db-wal');
    const inFlight = track(sync.durable());
    const queued = track(sync.durable());
    sync.close();
    expect(fsyncSync).toHaveBeenCalledWith(42);
    expect(closeSync).toHaveBeenCalledWith(42);
    await settle();
    expect([inFlight.state, queued.state]).toEqual(['resolved', 'resolved']);
    pending()[0]!(Object.assign(new Error('EBADF'), { code: 'EBADF' }));
    await settle();
    expect(inFlight.state).toBe('resolved');
    await expect(sync.durable()).rejects.toThrow('closed');
  });
});
