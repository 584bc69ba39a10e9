import { describe, expect, it } from 'vitest';
import { FailureLog } from './failure-log';

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
