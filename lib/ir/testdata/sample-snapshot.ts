import { versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { IR_SCHEMA_VERSION, type RoutingSnapshot } from '@/lib/ir/snapshot';

/**
 * Test-only: a small snapshot that uses every IR construct (HTTPS with a certificate, both
 * route kinds, every filter type, backend-level filters, invalid backends, timeouts).
 */
export function sampleSnapshot(): RoutingSnapshot {
  const target = { service: { namespace: 'team-a', name: 'shop', port: 8080 }, protocol: 'http' as const, endpoints: [{ address: '127.0.0.1', port: 9001 }] };
  const httpSource = { kind: 'HTTPRoute' as const, namespace: 'team-a', name: 'shop', ruleIndex: 0, ruleName: 'main' };
  return versionSnapshot({
    schemaVersion: IR_SCHEMA_VERSION,
    listeners: [
      {
        name: 'infra/public/https',
        gateway: { namespace: 'infra', name: 'public' },
        listenerName: 'https',
        addresses: ['127.0.0.1'],
        port: 443,
        protocol: 'HTTPS',
        hostname: '*.example.com',
        tls: { certificates: [{ secret: { namespace: 'infra', name: 'wildcard-cert' }, materialId: 'infra/wildcard-cert@0123456789abcdef' }] },
        rules: [
          {
            id: 'GRPCRoute/team-b/pay/0',
            source: { kind: 'GRPCRoute', namespace: 'team-b', name: 'pay', ruleIndex: 0 },
            filters: [{ type: 'RequestHeaderModifier', set: [], add: [{ name: 'x-via', value: 'portico' }], remove: [] }],
            backends: [{ kind: 'service', weight: 1, service: { namespace: 'team-b', name: 'pay', port: 50051 }, protocol: 'h2c', endpoints: [{ address: '127.0.0.1', port: 9100 }], filters: [] }],
          },
          {
            id: 'HTTPRoute/team-a/shop/0',
            source: httpSource,
            filters: [
              { type: 'CORS', allowOrigins: ['https://*.example.com'], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], allowCredentials: false, maxAge: 5 },
              { type: 'URLRewrite', path: { type: 'ReplacePrefixMatch', value: '/' } },
              { type: 'RequestMirror', target, fraction: { numerator: 10, denominator: 100 } },
              { type: 'ResponseHeaderModifier', set: [{ name: 'x-shop', value: '1' }], add: [], remove: ['server'] },
            ],
            timeouts: { requestMs: 10_000, backendRequestMs: 2_000 },
            backends: [
              { kind: 'service', weight: 90, ...target, filters: [{ type: 'ResponseHeaderModifier', set: [{ name: 'build', value: 'stable' }], add: [], remove: [] }] },
              { kind: 'invalid', weight: 10, reason: 'RefNotPermitted', message: 'backendRef team-c/beta:8080 is not permitted by any ReferenceGrant' },
            ],
          },
          {
            id: 'HTTPRoute/team-a/shop/1',
            source: { ...httpSource, ruleIndex: 1, ruleName: 'legacy' },
            filters: [
              { type: 'RequestRedirect', scheme: 'https', hostname: 'shop.example.com', statusCode: 301, path: { type: 'ReplaceFullPath', value: '/' } },
              { type: 'Invalid', reason: 'InvalidKind', message: 'extensionRef example.com/Auth "x" is not a kind Portico knows' },
            ],
            backends: [],
          },
        ],
        virtualHosts: [
          {
            hostname: 'shop.example.com',
            routes: [
              { kind: 'HTTPRoute', id: 'HTTPRoute/team-a/shop/1/0', rule: 'HTTPRoute/team-a/shop/1', source: { ...httpSource, ruleIndex: 1, ruleName: 'legacy', matchIndex: 0 }, match: { path: { type: 'Exact', value: '/old' }, headers: [], queryParams: [] } },
              {
                kind: 'HTTPRoute',
                id: 'HTTPRoute/team-a/shop/0/0',
                rule: 'HTTPRoute/team-a/shop/0',
                source: { ...httpSource, matchIndex: 0 },
                match: { path: { type: 'PathPrefix', value: '/shop' }, method: 'GET', headers: [{ type: 'Exact', name: 'x-env', value: 'prod' }], queryParams: [{ type: 'RegularExpression', name: 'page', value: '[0-9]+' }] },
              },
            ],
          },
          {
            hostname: '*.example.com',
            routes: [
              { kind: 'GRPCRoute', id: 'GRPCRoute/team-b/pay/0/0', rule: 'GRPCRoute/team-b/pay/0', source: { kind: 'GRPCRoute', namespace: 'team-b', name: 'pay', ruleIndex: 0, matchIndex: 0 }, match: { method: { type: 'Exact', service: 'pay.Payments' }, headers: [] } },
            ],
          },
        ],
      },
    ],
    certificates: [{ id: 'infra/wildcard-cert@0123456789abcdef', secret: { namespace: 'infra', name: 'wildcard-cert' }, certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' }],
  });
}
