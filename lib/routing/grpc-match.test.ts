import { describe, expect, it } from 'vitest';
import { checkGrpcMatch, compileGrpcMatch, type GrpcMatchInput } from '@/lib/routing/grpc-match';
import { routingRequestFrom } from '@/lib/routing/request';

const SVC = 'gateway_api_conformance.echo_basic.grpcecho.GrpcEcho';

describe('compileGrpcMatch (SEMANTICS 8.1)', () => {
  it.each<[string, GrpcMatchInput, string, Record<string, string>, boolean]>([
    ['exact service and method', { method: { service: SVC, method: 'Echo' } }, `/${SVC}/Echo`, {}, true],
    ['exact: other method', { method: { service: SVC, method: 'Echo' } }, `/${SVC}/EchoTwo`, {}, false],
    ['exact: case-sensitive', { method: { service: SVC, method: 'echo' } }, `/${SVC}/Echo`, {}, false],
    ['service only', { method: { service: SVC } }, `/${SVC}/EchoTwo`, {}, true],
    ['service only, other service', { method: { service: SVC } }, `/${SVC}x/Echo`, {}, false],
    ['method only', { method: { method: 'EchoThree' } }, `/${SVC}/EchoThree`, {}, true],
    ['method only, other method', { method: { method: 'EchoThree' } }, `/${SVC}/Echo`, {}, false],
    ['regex service', { method: { type: 'RegularExpression', service: '.*\\.GrpcEcho' } }, `/${SVC}/Echo`, {}, true],
    ['regex method', { method: { type: 'RegularExpression', method: 'Echo(Two)?' } }, `/${SVC}/EchoTwo`, {}, true],
    ['regex method is anchored', { method: { type: 'RegularExpression', method: 'Echo' } }, `/${SVC}/EchoTwo`, {}, false],
    ['headers ANDed', { method: { service: SVC }, headers: [{ name: 'Version', value: 'two' }] }, `/${SVC}/Echo`, { version: 'two' }, true],
    ['headers missing', { method: { service: SVC }, headers: [{ name: 'version', value: 'two' }] }, `/${SVC}/Echo`, {}, false],
    ['empty match matches everything', {}, '/any/Thing', {}, true],
  ])('%s', (_why, match, path, headers, expected) => {
    expect(compileGrpcMatch(match)(routingRequestFrom({ method: 'POST', path, headers }))).toBe(expected);
  });
});

describe('checkGrpcMatch', () => {
  it.each<[GrpcMatchInput, string[]]>([
    [{ method: { service: SVC } }, []],
    [{ method: {} }, ['method']],
    [{ method: { type: 'Prefix', service: 'a' } }, ['method.type']],
    [{ method: { type: 'RegularExpression', service: '(a)\\1', method: 'x' } }, ['method.service']],
  ])('%j -> %j', (match, fields) => expect(checkGrpcMatch(match).map((p) => p.field)).toEqual(fields));
});
