import { describe, expect, it } from 'vitest';
import { type GrpcMatchInput } from '@/lib/routing/grpc-match';
import { type HttpMatchInput } from '@/lib/routing/http-match';
import {
  compareGrpcMatchKeys,
  compareHttpMatchKeys,
  grpcMatchSortKey,
  hostnameTerms,
  httpMatchSortKey,
  type PrecedenceSource,
} from '@/lib/routing/precedence';

interface Entry {
  id: string;
  source: Partial<PrecedenceSource>;
  match: HttpMatchInput;
}

const src = (s: Partial<PrecedenceSource>): PrecedenceSource => ({
  namespace: 'default',
  name: 'r',
  creationTimestamp: '2026-01-01T00:00:00Z',
  hostnames: [],
  ruleIndex: 0,
  matchIndex: 0,
  ...s,
});

/** Sorts the entries by precedence (input order reversed first, so the sort has to work). */
function order(entries: Entry[], vhost = '*'): string[] {
  return [...entries]
    .reverse()
    .map((e) => ({ id: e.id, key: httpMatchSortKey(src(e.source), e.match, vhost) }))
    .sort((a, b) => compareHttpMatchKeys(a.key, b.key))
    .map((e) => e.id);
}

describe('HTTPRoute precedence (SEMANTICS 4.6)', () => {
  it.each<[string, Entry[], string?]>([
    [
      'conformance: same prefix, more headers wins',
      [
        { id: 'header', source: { ruleIndex: 1 }, match: { headers: [{ name: 'version', value: 'two' }] } },
        { id: 'prefix', source: { ruleIndex: 0 }, match: { path: { type: 'PathPrefix', value: '/' } } },
      ],
    ],
    [
      'conformance: two headers beat one',
      [
        { id: 'two', source: { ruleIndex: 1 }, match: { headers: [{ name: 'version', value: 'two' }, { name: 'color', value: 'orange' }] } },
        { id: 'one', source: { ruleIndex: 0 }, match: { headers: [{ name: 'version', value: 'two' }] } },
      ],
    ],
    [
      'conformance path-match-order: Exact beats PathPrefix, longer prefix beats shorter',
      [
        { id: 'exact /match/exact', source: { ruleIndex: 3 }, match: { path: { type: 'Exact', value: '/match/exact' } } },
        { id: 'prefix /match/prefix/one', source: { ruleIndex: 2 }, match: { path: { type: 'PathPrefix', value: '/match/prefix/one' } } },
        { id: 'prefix /match/prefix/', source: { ruleIndex: 1 }, match: { path: { type: 'PathPrefix', value: '/match/prefix/' } } },
        { id: 'prefix /match/', source: { ruleIndex: 0 }, match: { path: { type: 'PathPrefix', value: '/match/' } } },
      ],
    ],
    [
      'Exact beats a longer PathPrefix',
      [
        { id: 'exact', source: {}, match: { path: { type: 'Exact', value: '/a' } } },
        { id: 'prefix', source: {}, match: { path: { type: 'PathPrefix', value: '/a/very/long/prefix' } } },
      ],
    ],
    [
      'RegularExpression after every PathPrefix, longer pattern first',
      [
        { id: 'prefix /', source: { ruleIndex: 0 }, match: { path: { type: 'PathPrefix', value: '/' } } },
        { id: 'regex long', source: { ruleIndex: 2 }, match: { path: { type: 'RegularExpression', value: '/api/v[0-9]+/.*' } } },
        { id: 'regex short', source: { ruleIndex: 1 }, match: { path: { type: 'RegularExpression', value: '/.*' } } },
      ],
    ],
    [
      'method beats headers (criterion 4 before 5)',
      [
        { id: 'method', source: { ruleIndex: 1 }, match: { method: 'GET' } },
        { id: 'headers', source: { ruleIndex: 0 }, match: { headers: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] } },
      ],
    ],
    [
      'headers beat query params (5 before 6)',
      [
        { id: 'header', source: { ruleIndex: 1 }, match: { headers: [{ name: 'a', value: '1' }] } },
        { id: 'query', source: { ruleIndex: 0 }, match: { queryParams: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] } },
      ],
    ],
    [
      'duplicate header names count once',
      [
        { id: 'distinct', source: { ruleIndex: 1 }, match: { headers: [{ name: 'a', value: '1' }, { name: 'b', value: '1' }] } },
        { id: 'dupes', source: { ruleIndex: 0 }, match: { headers: [{ name: 'a', value: '1' }, { name: 'A', value: '2' }] } },
      ],
    ],
    [
      'more query params win',
      [
        { id: 'two', source: { ruleIndex: 1 }, match: { queryParams: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] } },
        { id: 'one', source: { ruleIndex: 0 }, match: { queryParams: [{ name: 'a', value: '1' }] } },
      ],
    ],
    [
      'two routes merged on example.com: the older route wins a tie',
      [
        { id: 'old', source: { name: 'zzz', creationTimestamp: '2025-01-01T00:00:00Z', hostnames: ['example.com'] }, match: {} },
        { id: 'new', source: { name: 'aaa', creationTimestamp: '2026-01-01T00:00:00Z', hostnames: ['example.com'] }, match: {} },
      ],
      'example.com',
    ],
    [
      'same age: alphabetical namespace/name',
      [
        { id: 'a/x', source: { namespace: 'a', name: 'x' }, match: {} },
        { id: 'b/a', source: { namespace: 'b', name: 'a' }, match: {} },
      ],
    ],
    [
      'missing creationTimestamp sorts after any real one',
      [
        { id: 'dated', source: { name: 'z' }, match: {} },
        { id: 'undated', source: { name: 'a', creationTimestamp: undefined }, match: {} },
      ],
    ],
    [
      'then rule index, then match index',
      [
        { id: 'r0m1', source: { ruleIndex: 0, matchIndex: 1 }, match: {} },
        { id: 'r1m0', source: { ruleIndex: 1, matchIndex: 0 }, match: {} },
      ],
    ],
    [
      'hostname first: exact-hostname route beats a more specific path on a wildcard route',
      [
        { id: 'exact host, prefix /', source: { name: 'b', hostnames: ['foo.example.com'] }, match: {} },
        { id: 'wildcard host, exact path', source: { name: 'a', hostnames: ['*.example.com'] }, match: { path: { type: 'Exact', value: '/x' } } },
        { id: 'no hostnames, exact path', source: { name: 'c' }, match: { path: { type: 'Exact', value: '/x' } } },
      ],
      'foo.example.com',
    ],
    [
      'longer wildcard before shorter wildcard',
      [
        { id: '*.foo.example.com', source: { name: 'b', hostnames: ['*.foo.example.com'] }, match: {} },
        { id: '*.example.com', source: { name: 'a', hostnames: ['*.example.com'] }, match: {} },
      ],
      'a.foo.example.com',
    ],
  ])('%s', (_why, entries, vhost) => {
    expect(order(entries, vhost)).toEqual(entries.map((e) => e.id));
  });
});

describe('hostnameTerms', () => {
  it.each<[string[], string, [number, number]]>([
    [[], 'foo.example.com', [-0, -0]],
    [['foo.example.com'], 'foo.example.com', [-15, -15]],
    [['*.example.com'], 'foo.example.com', [-0, -13]],
    [['*.example.com', 'foo.example.com'], 'foo.example.com', [-15, -15]],
    [['bar.example.com'], 'foo.example.com', [-0, -0]],
    [['*.com'], '*.example.com', [-0, -5]],
  ])('%j in %s -> %j', (hostnames, vhost, expected) => expect(hostnameTerms(hostnames, vhost)).toEqual(expected));
});

describe('GRPCRoute precedence (SEMANTICS 8.1)', () => {
  const S = 'grpc.echo.Echo';
  it.each<[string, { id: string; source: Partial<PrecedenceSource>; match: GrpcMatchInput }[]]>([
    [
      'service+method, then service only, then method only, then nothing',
      [
        { id: 'both', source: { ruleIndex: 3 }, match: { method: { service: S, method: 'Echo' } } },
        { id: 'service', source: { ruleIndex: 2 }, match: { method: { service: S } } },
        { id: 'method', source: { ruleIndex: 1 }, match: { method: { method: 'EchoTwo' } } },
        { id: 'empty', source: { ruleIndex: 0 }, match: {} },
      ],
    ],
    [
      'longer service wins',
      [
        { id: 'long', source: { ruleIndex: 1 }, match: { method: { service: `${S}.V2` } } },
        { id: 'short', source: { ruleIndex: 0 }, match: { method: { service: S } } },
      ],
    ],
    [
      'same method match: more headers win',
      [
        { id: 'headers', source: { ruleIndex: 1 }, match: { method: { service: S }, headers: [{ name: 'a', value: '1' }] } },
        { id: 'plain', source: { ruleIndex: 0 }, match: { method: { service: S } } },
      ],
    ],
    [
      'then age and name',
      [
        { id: 'old', source: { name: 'z', creationTimestamp: '2020-01-01T00:00:00Z' }, match: {} },
        { id: 'new-a', source: { name: 'a' }, match: {} },
        { id: 'new-b', source: { name: 'b' }, match: {} },
      ],
    ],
  ])('%s', (_why, entries) => {
    const sorted = [...entries]
      .reverse()
      .map((e) => ({ id: e.id, key: grpcMatchSortKey(src(e.source), e.match, '*') }))
      .sort((a, b) => compareGrpcMatchKeys(a.key, b.key))
      .map((e) => e.id);
    expect(sorted).toEqual(entries.map((e) => e.id));
  });
});
