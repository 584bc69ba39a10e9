import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { createSettledStatuses } from '@/server/controller/skip-settled-updates';
import { StatusEchoes } from '@/server/controller/status-echoes';
import { snapshotFromKinds } from '@/server/graph/resource-snapshot';

const route = (name: string, resourceVersion: string, generation = 1, status?: object): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace: 'team-a', resourceVersion, generation },
  spec: { hostnames: [`${name}.example.com`] },
  ...(status ? { status } : {}),
});
/** As an informer delivers an echo: parsed anew, so equal but not the same objects. */
const echoOf = (o: K8sObject, resourceVersion: string, status: object): K8sObject => ({ ...structuredClone(o), metadata: { ...structuredClone(o.metadata), resourceVersion }, status });
const snapshotOf = (httpRoutes: K8sObject[], grpcRoutes: K8sObject[] = []) => snapshotFromKinds(new Map([['HTTPRoute', httpRoutes], ['GRPCRoute', grpcRoutes]]));

describe('StatusEchoes', () => {
  it("hands the pipeline the object a write was made from in place of the write's echo, and status work the echo", () => {
    const settled = createSettledStatuses();
    const echoes = new StatusEchoes(settled);
    const [shop, cart] = [route('shop', '1'), route('cart', '2')];
    const desired = { parents: 'shop accepted' };
    const echo = echoOf(shop, '3', { parents: [] });
    echoes.echoed('HTTPRoute', { base: shop, settles: desired }, echo);

    const view = echoes.pipelineView(snapshotOf([echo, cart]));
    expect(view.httpRoutes[0]).toBe(shop);
    expect(view.httpRoutes[1]).toBe(cart);
    expect(echoes.newestOf(shop)).toBe(echo);
    expect(echoes.newestOf(cart)).toBe(cart);
    // The echo keeps one spec, the pipeline object's, and is settled with what its write carried.
    expect(echo.spec).toBe(shop.spec);
    expect(settled.get(echo)).toBe(desired);
  });

  it('follows a chain of echoes back to the first object, the newest echo winning', () => {
    const echoes = new StatusEchoes(createSettledStatuses());
    const shop = route('shop', '1');
    const first = echoOf(shop, '2', { n: 1 });
    echoes.echoed('HTTPRoute', { base: shop }, first);
    const second = echoOf(first, '3', { n: 2 });
    echoes.echoed('HTTPRoute', { base: first }, second);
    expect(echoes.pipelineView(snapshotOf([second])).httpRoutes[0]).toBe(shop);
    expect(echoes.newestOf(shop)).toBe(second);
  });

  it('leaves alone what is not a route echo of the same generation', () => {
    const settled = createSettledStatuses();
    const echoes = new StatusEchoes(settled);
    const shop = route('shop', '1');
    const newer = { ...echoOf(shop, '2', {}), metadata: { ...shop.metadata, resourceVersion: '2', generation: 2 } };
    echoes.echoed('HTTPRoute', { base: shop, settles: {} }, newer);
    const gateway = { ...route('gw', '1'), kind: 'Gateway' };
    echoes.echoed('Gateway', { base: gateway, settles: {} }, echoOf(gateway, '2', {}));
    const snapshot = snapshotOf([newer]);
    expect(echoes.pipelineView(snapshot)).toBe(snapshot);
    expect(newer.spec).not.toBe(shop.spec);
    expect(settled.get(newer)).toBeUndefined();
  });

  it('maps GRPCRoutes too, and gives the same arrays back while the input arrays are the same', () => {
    const echoes = new StatusEchoes(createSettledStatuses());
    const grpc = { ...route('rpc', '1'), kind: 'GRPCRoute' };
    const echo = echoOf(grpc, '2', {});
    echoes.echoed('GRPCRoute', { base: grpc }, echo);
    const http = [route('shop', '5')];
    const input = snapshotOf(http, [echo]);
    const view = echoes.pipelineView(input);
    expect(view.httpRoutes).toBe(http);
    expect(view.grpcRoutes).toEqual([grpc]);
    const again = echoes.pipelineView({ ...input });
    expect(again.grpcRoutes).toBe(view.grpcRoutes);
  });
});
