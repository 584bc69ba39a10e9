import { describe, expect, it } from 'vitest';
import { isNamed } from '@/server/proxy/http1/header-names';

describe('isNamed', () => {
  it.each([
    ['content-length', 'content-length', true],
    ['Content-Length', 'content-length', true],
    ['CONTENT-LENGTH', 'content-length', true],
    ['HTTP2-Settings', 'http2-settings', true],
    ['content-lengtH', 'content-length', true],
    ['content_length', 'content-length', false],
    ['content-lengths', 'content-length', false],
    ['contentxlength', 'content-length', false],
    ['Host', 'host', true],
    ['Hose', 'host', false],
    ['', 'host', false],
  ])('%j against %j: %s', (name, lower, expected) => {
    expect(isNamed(name, lower)).toBe(expected);
  });
});
