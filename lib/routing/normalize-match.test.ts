import { describe, expect, it } from 'vitest';
import { toIrGrpcMatch, toIrHttpMatch } from '@/lib/routing/normalize-match';

describe('toIrHttpMatch', () => {
  it.each([
    [{}, { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] }],
    [
      { path: { type: 'Exact', value: '/a' }, method: 'GET', headers: [{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }], queryParams: [{ name: 'Q', value: '1' }, { name: 'q', value: '2' }] },
      {
        path: { type: 'Exact', value: '/a' },
        method: 'GET',
        headers: [{ type: 'Exact', name: 'x-a', value: '1' }],
        queryParams: [
          { type: 'Exact', name: 'Q', value: '1' },
          { type: 'Exact', name: 'q', value: '2' },
        ],
      },
    ],
  ])('%j', (input, expected) => expect(toIrHttpMatch(input)).toEqual(expected));
});

describe('toIrGrpcMatch', () => {
  it.each([
    [{}, { headers: [] }],
    [{ method: { service: 's.S' } }, { method: { type: 'Exact', service: 's.S' }, headers: [] }],
    [{ method: { type: 'RegularExpression', method: 'M.*' }, headers: [{ name: 'A', value: 'b' }] }, { method: { type: 'RegularExpression', method: 'M.*' }, headers: [{ type: 'Exact', name: 'a', value: 'b' }] }],
  ])('%j', (input, expected) => expect(toIrGrpcMatch(input)).toEqual(expected));
});
