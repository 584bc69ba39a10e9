import { describe, expect, it } from 'vitest';
import { sampleSnapshot } from '@/lib/ir/testdata/sample-snapshot';
import { compileRouteTable } from '@/lib/routing/compile-route-table';
import { explainRoute } from '@/lib/routing/explain-route';
import { routingRequestFrom } from '@/lib/routing/request';
import { isRouteMiss } from '@/lib/routing/select-route';

const table = compileRouteTable(sampleSnapshot());
const ask = (parts: Parameters<typeof routingRequestFrom>[0], host: string) => explainRoute(table, { ...routingRequestFrom(parts), listenerAddress: '127.0.0.1', listenerPort: 443, host });

describe('explainRoute', () => {
  it('lists every candidate with the conditions that failed, and marks the one selected', () => {
    const e = ask({ method: 'GET', path: '/shop/cart', headers: { 'x-env': 'prod' }, query: 'page=2' }, 'shop.example.com');
    expect(e.listener).toBe('infra/public/https');
    expect(e.virtualHost).toBe('shop.example.com');
    expect(e.candidates).toEqual([
      { routeId: 'HTTPRoute/team-a/shop/1/0', ruleId: 'HTTPRoute/team-a/shop/1', selected: false, failed: ['path'] },
      { routeId: 'HTTPRoute/team-a/shop/0/0', ruleId: 'HTTPRoute/team-a/shop/0', selected: true, failed: [] },
    ]);
    expect(!isRouteMiss(e.selection) && e.selection.rule.id).toBe('HTTPRoute/team-a/shop/0');
  });

  it('explains a miss condition by condition', () => {
    const e = ask({ method: 'POST', path: '/shop', query: 'page=x' }, 'shop.example.com');
    expect(isRouteMiss(e.selection) && e.selection.none).toBe('no-route');
    expect(e.candidates[1]).toEqual({ routeId: 'HTTPRoute/team-a/shop/0/0', ruleId: 'HTTPRoute/team-a/shop/0', selected: false, failed: ['method', 'headers', 'queryParams'] });
  });

  it('explains gRPC entries', () => {
    const e = ask({ method: 'POST', path: '/pay.Payments/Charge', headers: { 'content-type': 'application/grpc' } }, 'api.example.com');
    expect(e.candidates).toEqual([{ routeId: 'GRPCRoute/team-b/pay/0/0', ruleId: 'GRPCRoute/team-b/pay/0', selected: true, failed: [] }]);
    const plain = ask({ method: 'GET', path: '/other' }, 'api.example.com');
    expect(plain.candidates[0]?.failed).toEqual(['notGrpc', 'grpcMethod']);
  });

  it('has no candidates when no listener takes the host', () => {
    expect(ask({ path: '/' }, 'example.org').candidates).toEqual([]);
  });
});
