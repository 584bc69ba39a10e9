import { describe, expect, it } from 'vitest';
import type { IrGrpcMatch, IrHttpMatch, IrValueMatch } from '@/lib/ir/match';
import { coveringPrefixes, grpcMatchSubsumes, httpMatchSubsumes, pathSubsumes } from '@/server/diagnostics/match-subsumes';

type Path = IrHttpMatch['path'];
const exact = (value: string): Path => ({ type: 'Exact', value });
const prefix = (value: string): Path => ({ type: 'PathPrefix', value });
const regex = (value: string): Path => ({ type: 'RegularExpression', value });
const http = (path: Path, extra: Partial<IrHttpMatch> = {}): IrHttpMatch => ({ path, headers: [], queryParams: [], ...extra });
const h = (name: string, value: string, type: IrValueMatch['type'] = 'Exact'): IrValueMatch => ({ type, name, value });

describe('pathSubsumes (higher a covers lower b)', () => {
  it.each<[string, Path, Path, boolean]>([
    ['Exact = Exact', exact('/a'), exact('/a'), true],
    ['Exact != Exact', exact('/a'), exact('/b'), false],
    ['Exact never covers a prefix', exact('/a'), prefix('/a'), false],
    ['prefix covers itself', prefix('/foo'), prefix('/foo'), true],
    ['trailing slash ignored on both sides', prefix('/foo/'), prefix('/foo'), true],
    ['trailing slash ignored (lower side)', prefix('/foo'), prefix('/foo/'), true],
    ['prefix covers a longer prefix on an element boundary', prefix('/foo'), prefix('/foo/bar'), true],
    ['element boundary: /foo does not cover /foobar', prefix('/foo'), prefix('/foobar'), false],
    ['element boundary: /foo does not cover Exact /foobar', prefix('/foo'), exact('/foobar'), false],
    ['prefix covers Exact equal to it', prefix('/foo'), exact('/foo'), true],
    ['prefix covers Exact below it', prefix('/foo'), exact('/foo/x'), true],
    ['prefix covers Exact with trailing slash', prefix('/foo/'), exact('/foo/'), true],
    ['longer prefix does not cover a shorter one', prefix('/foo/bar'), prefix('/foo'), false],
    ['case-sensitive', prefix('/Foo'), prefix('/foo/bar'), false],
    ['/ covers every prefix', prefix('/'), prefix('/anything'), true],
    ['/ covers every Exact', prefix('/'), exact('/x'), true],
    ['/ covers any regex (it matches every path)', prefix('/'), regex('/a.*'), true],
    ['regex: identical pattern', regex('/a/[0-9]+'), regex('/a/[0-9]+'), true],
    ['regex: a wider-looking pattern is not assumed to cover', regex('.*'), regex('/a'), false],
    ['regex never assumed to cover Exact', regex('/a'), exact('/a'), false],
    ['regex never assumed to cover a prefix', regex('/.*'), prefix('/a'), false],
    ['a non-root prefix never covers a regex', prefix('/a'), regex('/a/.*'), false],
  ])('%s', (_name, a, b, expected) => {
    expect(pathSubsumes(a, b)).toBe(expected);
  });
});

describe('httpMatchSubsumes: fewer constraints match more', () => {
  it.each<[string, IrHttpMatch, IrHttpMatch, boolean]>([
    ['no method covers a method', http(prefix('/')), http(prefix('/'), { method: 'GET' }), true],
    ['a method does not cover no method', http(prefix('/'), { method: 'GET' }), http(prefix('/')), false],
    ['same method', http(prefix('/'), { method: 'GET' }), http(prefix('/a'), { method: 'GET' }), true],
    ['other method', http(prefix('/'), { method: 'GET' }), http(prefix('/'), { method: 'POST' }), false],
    ['no headers cover headers', http(prefix('/')), http(prefix('/'), { headers: [h('x', '1')] }), true],
    ['header subset covers superset', http(prefix('/'), { headers: [h('x', '1')] }), http(prefix('/'), { headers: [h('y', '2'), h('x', '1')] }), true],
    ['header superset does not cover subset', http(prefix('/'), { headers: [h('x', '1'), h('y', '2')] }), http(prefix('/'), { headers: [h('x', '1')] }), false],
    ['different header value', http(prefix('/'), { headers: [h('x', '1')] }), http(prefix('/'), { headers: [h('x', '2')] }), false],
    ['header regex identical', http(prefix('/'), { headers: [h('x', 'a.*', 'RegularExpression')] }), http(prefix('/'), { headers: [h('x', 'a.*', 'RegularExpression')] }), true],
    ['header regex vs exact: not assumed', http(prefix('/'), { headers: [h('x', 'a.*', 'RegularExpression')] }), http(prefix('/'), { headers: [h('x', 'ab')] }), false],
    ['query subset covers superset', http(prefix('/'), { queryParams: [h('q', 'x')] }), http(prefix('/'), { queryParams: [h('q', 'x'), h('p', 'y')] }), true],
    ['query names are case-sensitive', http(prefix('/'), { queryParams: [h('Q', 'x')] }), http(prefix('/'), { queryParams: [h('q', 'x')] }), false],
    ['path decides even when the rest covers', http(prefix('/a')), http(prefix('/b'), { method: 'GET' }), false],
  ])('%s', (_name, a, b, expected) => {
    expect(httpMatchSubsumes(a, b)).toBe(expected);
  });
});

describe('grpcMatchSubsumes', () => {
  const g = (method?: IrGrpcMatch['method'], headers: IrValueMatch[] = []): IrGrpcMatch => (method ? { method, headers } : { headers });
  it.each<[string, IrGrpcMatch, IrGrpcMatch, boolean]>([
    ['no method covers everything', g(), g({ type: 'Exact', service: 's', method: 'M' }), true],
    ['service covers service+method', g({ type: 'Exact', service: 's' }), g({ type: 'Exact', service: 's', method: 'M' }), true],
    ['method covers service+method', g({ type: 'Exact', method: 'M' }), g({ type: 'Exact', service: 's', method: 'M' }), true],
    ['service+method does not cover service', g({ type: 'Exact', service: 's', method: 'M' }), g({ type: 'Exact', service: 's' }), false],
    ['method does not cover service', g({ type: 'Exact', method: 'M' }), g({ type: 'Exact', service: 's' }), false],
    ['other service', g({ type: 'Exact', service: 's' }), g({ type: 'Exact', service: 't' }), false],
    ['regex identical', g({ type: 'RegularExpression', service: 's.*' }), g({ type: 'RegularExpression', service: 's.*' }), true],
    ['regex not identical', g({ type: 'RegularExpression', service: '.*' }), g({ type: 'RegularExpression', service: 's' }), false],
    ['regex never covers Exact', g({ type: 'RegularExpression', service: 's' }), g({ type: 'Exact', service: 's' }), false],
    ['headers subset', g(undefined, [h('x', '1')]), g({ type: 'Exact', service: 's' }, [h('x', '1'), h('y', '1')]), true],
    ['headers not subset', g(undefined, [h('x', '1')]), g({ type: 'Exact', service: 's' }), false],
  ])('%s', (_name, a, b, expected) => {
    expect(grpcMatchSubsumes(a, b)).toBe(expected);
  });
});

describe('coveringPrefixes', () => {
  it.each<[string, string[]]>([
    ['/', ['/']],
    ['/foo', ['/', '/foo']],
    ['/foo/bar', ['/', '/foo', '/foo/bar']],
    ['/foo/bar/', ['/', '/foo', '/foo/bar']],
    ['/foobar', ['/', '/foobar']],
  ])('%s', (path, expected) => {
    expect(coveringPrefixes(path)).toEqual(expected);
  });
});
