import { describe, expect, it } from 'vitest';
import { parseHeaderLines } from './parse-header-lines';

describe('parseHeaderLines', () => {
  it.each([
    ['', [], []],
    ['x-canary: true', [{ name: 'x-canary', value: 'true' }], []],
    ['A: 1\n\n  B:  two words ', [{ name: 'A', value: '1' }, { name: 'B', value: 'two words' }], []],
    ['content-type: a:b', [{ name: 'content-type', value: 'a:b' }], []],
    ['no colon\n: empty name\nbad name: x', [], ['line 1: write a header as "Name: value"', 'line 2: write a header as "Name: value"', 'line 3: write a header as "Name: value"']],
  ])('%j', (text, headers, errors) => {
    expect(parseHeaderLines(text)).toEqual({ headers, errors });
  });
});
