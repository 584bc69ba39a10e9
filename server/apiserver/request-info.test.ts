import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from './request-info';

const q = (s = '') => new URLSearchParams(s);

describe('parseRequestInfo', () => {
  it.each([
    ['GET', '/api/v1/namespaces', '', { verb: 'list', plural: 'namespaces', namespace: undefined, name: undefined }],
    ['GET', '/api/v1/namespaces/ns1', '', { verb: 'get', plural: 'namespaces', namespace: undefined, name: 'ns1' }],
    ['PUT', '/api/v1/namespaces/ns1/status', '', { verb: 'update', plural: 'namespaces', name: 'ns1', subresource: 'status' }],
    ['GET', '/api/v1/namespaces/ns1/services', '', { verb: 'list', plural: 'services', namespace: 'ns1' }],
    ['GET', '/api/v1/namespaces/ns1/services?watch=1', 'watch=1', { verb: 'watch', plural: 'services', namespace: 'ns1' }],
    ['GET', '/api/v1/watch/namespaces/ns1/services', '', { verb: 'watch', plural: 'services', namespace: 'ns1' }],
    ['GET', '/api/v1/services', 'watch=true', { verb: 'watch', plural: 'services', namespace: undefined }],
    ['POST', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes', '', { verb: 'create', plural: 'httproutes', namespace: 'a' }],
    ['PATCH', '/apis/gateway.networking.k8s.io/v1beta1/namespaces/a/httproutes/r/status', '', { verb: 'patch', version: 'v1beta1', name: 'r', subresource: 'status' }],
    ['DELETE', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes', '', { verb: 'deletecollection' }],
    ['DELETE', '/apis/gateway.networking.k8s.io/v1/gatewayclasses/c', '', { verb: 'delete', plural: 'gatewayclasses', name: 'c' }],
  ])('%s %s', (method, path, query, want) => {
    const info = parseRequestInfo(method, path.split('?')[0]!, q(query));
    expect(info.kind).toBe('resource');
    if (info.kind !== 'resource') return;
    const { plural, ...rest } = want as { plural?: string };
    if (plural) expect(info.type.plural).toBe(plural);
    expect(info).toMatchObject(rest);
  });

  it.each([
    ['/api', { kind: 'discovery', root: 'api' }],
    ['/apis', { kind: 'discovery', root: 'apis' }],
    ['/api/v1', { kind: 'discovery', version: 'v1' }],
    ['/apis/gateway.networking.k8s.io/v1', { kind: 'discovery', group: 'gateway.networking.k8s.io', version: 'v1' }],
    ['/version', { kind: 'nonresource', path: '/version' }],
  ])('%s', (path, want) => {
    expect(parseRequestInfo('GET', path, q())).toMatchObject(want);
  });

  it.each([
    ['GET', '/apis/gateway.networking.k8s.io/v1/namespaces/a/widgets', 404],
    ['GET', '/apis/gateway.networking.k8s.io/v2/namespaces/a/httproutes', 404],
    ['GET', '/apis/gateway.networking.k8s.io/v1/namespaces/a/referencegrants/r/status', 404],
    ['GET', '/apis/gateway.networking.k8s.io/v1/namespaces/a/gatewayclasses/x', 404],
    ['POST', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes/r', 405],
    ['PUT', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes', 405],
  ])('%s %s → %i', (method, path, code) => {
    expect(() => parseRequestInfo(method, path, q())).toThrowError(expect.objectContaining({ code }) as Error);
  });
});
