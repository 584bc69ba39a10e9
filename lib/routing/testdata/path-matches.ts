import { type HttpMatchInput } from '@/lib/routing/http-match';

/** Matches that cover every kind pathOnlyMatch gives (and its effective prefixes), for the in-line path check's tests. */
export const PATH_MATCHES: readonly HttpMatchInput[] = [
  {},
  { path: { type: 'PathPrefix', value: '/' } },
  { path: { type: 'PathPrefix', value: '' } },
  { path: { type: 'PathPrefix', value: '/foo' } },
  { path: { type: 'PathPrefix', value: '/foo/' } },
  { path: { type: 'PathPrefix', value: '/foo/bar' } },
  { path: { type: 'Exact', value: '/foo' } },
  { path: { type: 'Exact', value: '/foo/' } },
  { path: { type: 'Exact', value: '/' } },
  { path: { type: 'Exact', value: '/caf\u00e9/\u6f22' } },
  { path: { type: 'RegularExpression', value: '/fo+' } },
  { path: { type: 'PathPrefix', value: '/foo' }, method: 'GET' },
  { path: { type: 'PathPrefix', value: '/foo' }, method: 'POST' },
  { path: { type: 'PathPrefix', value: '/foo' }, headers: [{ name: 'h', value: '1' }] },
  { path: { type: 'PathPrefix', value: '/foo' }, queryParams: [{ name: 'q', value: '1' }] },
  { path: { type: 'PathPrefix', value: '/foo' }, headers: [], queryParams: [] },
  { path: { type: 'PathPrefix', value: '/x'.repeat(400) } },
];

/** Request paths to try them on: element boundaries, near misses, non-ASCII, long. */
export const PATHS: readonly string[] = ['/', '/foo', '/foo/', '/foo/bar', '/foo/barbaz', '/foobar', '/fo', '/fooo', '/bar/foo', '/caf\u00e9/\u6f22', '/caf\u00e9', '', '/x'.repeat(400), `${'/x'.repeat(400)}/y`, `${'/x'.repeat(400)}y`];
