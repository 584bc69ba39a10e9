import { describe, expect, it } from 'vitest';
import { logExcerpt } from './log-excerpt';

const line = (level: number, msg: string, fields: Record<string, unknown> = {}) => JSON.stringify({ level, time: Date.UTC(2026, 10, 27, 12, 0, 1, 250), pid: 7, hostname: 'h', msg, ...fields });

describe('logExcerpt', () => {
  it('keeps warnings, errors (with their fields), listener and process info and lines that are not log entries; drops other info and debug', () => {
    const lines = [line(30, 'proxy applied snapshot'), line(30, 'proxy listener unbound', { port: 80 }), 'TypeError: x is undefined', '', line(40, 'proxy listener could not bind', { name: 'proxy', reason: 'EADDRINUSE' }), line(50, 'child process died; restarting', { code: 1 }), line(20, 'debug')];
    expect(logExcerpt(lines, 10)).toEqual([
      '12:00:01.250 INFO proxy listener unbound {"port":80}',
      'TypeError: x is undefined',
      '12:00:01.250 WARN proxy listener could not bind {"name":"proxy","reason":"EADDRINUSE"}',
      '12:00:01.250 ERROR child process died; restarting {"code":1}',
    ]);
  });

  it('keeps only the newest max lines', () => {
    const lines = [line(40, 'a'), line(40, 'b'), line(40, 'c')];
    expect(logExcerpt(lines, 2).map((l) => l.split(' ')[2])).toEqual(['b', 'c']);
  });
});
