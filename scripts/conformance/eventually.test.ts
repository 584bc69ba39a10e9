import { describe, expect, it } from 'vitest';
import { eventually, FailureLog } from './eventually';

describe('FailureLog', () => {
  it('says nothing happened when nothing was tried', () => {
    expect(new FailureLog('no request made').describe()).toBe('no request made');
  });

  it('gives a single failure as is, and a repeated one with its count', () => {
    const log = new FailureLog('-');
    log.add('status 404, want 200');
    expect(log.describe()).toBe('status 404, want 200');
    log.add('status 404, want 200');
    expect(log.describe()).toBe('status 404, want 200 (all 2 attempts)');
  });

  it('names the first failure when the last one differs', () => {
    const log = new FailureLog('-');
    for (const why of ['connect ECONNREFUSED', 'status 404, want 200', 'status 503, want 200']) log.add(why);
    expect(log.describe()).toBe('status 503, want 200 (last of 3 failed attempts; the first: connect ECONNREFUSED)');
  });
});

describe('eventually', () => {
  const options = { timeoutMs: 5_000, required: 2, nothingTried: 'nothing tried', thrown: 'request failed' };

  it('holds once the attempt succeeds the required times in a row', async () => {
    const results = [undefined, 'status 404', undefined, undefined];
    expect(await eventually(options, async () => results.shift())).toBeUndefined();
    expect(results).toEqual([]);
  });

  it('describes the failures, a throw included, when time runs out', async () => {
    let n = 0;
    const why = await eventually({ ...options, timeoutMs: 700 }, async () => {
      if (n++ === 0) throw new Error('connect ECONNREFUSED');
      return 'status 404';
    });
    expect(why).toBe('status 404 (last of 2 failed attempts; the first: request failed: connect ECONNREFUSED)');
  });
});
