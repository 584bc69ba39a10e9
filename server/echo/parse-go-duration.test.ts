import { describe, expect, it } from 'vitest';
import { parseGoDuration } from '@/server/echo/parse-go-duration';

describe('parseGoDuration', () => {
  it.each([
    ['1s', 1000],
    ['300ms', 300],
    ['1.5s', 1500],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['0', 0],
    ['1000us', 1],
    ['-2s', -2000],
    ['.5s', 500],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each(['', '1', 's', '1x', '1s2', 'abc', '1 s', '-'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
