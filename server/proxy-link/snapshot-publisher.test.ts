import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { checkSnapshot, checkSnapshotDelta } from '@/lib/ir/protocol';
import type { SnapshotDelta } from '@/lib/ir/snapshot-delta';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { SnapshotPublisher, type SnapshotOffer, type WaitResult } from '@/server/proxy-link/snapshot-publisher';
import { snapshotOnPort } from '@/server/proxy-link/testing/proxy-link-fixtures';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

const object = (yaml: string) => parse(yaml) as K8sObject;
const gatewayObjects = [
  object('{apiVersion: gateway.networking.k8s.io/v1, kind: GatewayClass, metadata: {name: portico}, spec: {controllerName: portico.dev/gateway-controller}}'),
  object('{apiVersion: gateway.networking.k8s.io/v1, kind: Gateway, metadata: {name: public, namespace: infra, generation: 1}, spec: {gatewayClassName: portico, listeners: [{name: http, port: 80, protocol: HTTP}]}}'),
];
const route = (i: number) =>
  object(
    `{apiVersion: gateway.networking.k8s.io/v1, kind: HTTPRoute, metadata: {name: r${i}, namespace: infra}, spec: {parentRefs: [{name: public}], hostnames: [app${i}.example.com], rules: [{matches: [{path: {type: PathPrefix, value: /r${i}}}], backendRefs: [{name: svc${i}, port: 8080}]}]}}`,
  );

/** The controller's way: the same cluster objects (informers keep unchanged ones) translated with one TranslateCache. */
function translator() {
  const cache = createTranslateCache();
  return { cache, translate: (objects: K8sObject[]) => translateGraph(buildGraph(buildSnapshot(objects)), { cache }) };
}

/** Ten routes, then one more, then one removed: what the proxies would be sent. */
function versions() {
  const { cache, translate } = translator();
  const routes = Array.from({ length: 10 }, (_, i) => route(i));
  const v1 = translate([...gatewayObjects, ...routes]);
  const v2 = translate([...gatewayObjects, ...routes, route(10)]);
  const v3 = translate([...gatewayObjects, ...routes.slice(1), route(10)]);
  return { hashCache: cache.hashCache, v1, v2, v3 };
}

async function offerOf(result: Promise<WaitResult>): Promise<SnapshotOffer> {
  const settled = await result;
  if (settled.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${settled.kind}`);
  return settled.offer;
}

/** What the proxy does: parse the body, apply it to the snapshot it serves (as it parsed it), check the result. */
function applyAsProxy(json: string, serving: RoutingSnapshot): RoutingSnapshot {
  const check = checkSnapshotDelta(JSON.parse(json), JSON.parse(JSON.stringify(serving)) as RoutingSnapshot);
  if (!check.ok) throw new Error(check.reason);
  return check.snapshot;
}

afterEach(() => vi.restoreAllMocks());

describe('SnapshotPublisher offers', () => {
  it('serialises nothing on publish, and the full JSON once, when a proxy first needs it', async () => {
    const { v1 } = versions();
    const stringify = vi.spyOn(JSON, 'stringify');
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    expect(stringify).not.toHaveBeenCalled();

    const first = await offerOf(publisher.waitForChange(undefined, 'p', 1000));
    const second = await offerOf(publisher.waitForChange(undefined, 'q', 1000, undefined, 'ffffffffffffffff'));
    expect([first.kind, second.kind]).toEqual(['full', 'full']);
    expect(first.json()).toBe(second.json());
    expect(first.json()).toBe(second.json());
    expect(stringify.mock.calls.filter(([value]) => value === v1)).toHaveLength(1);
    stringify.mockRestore();
    const check = checkSnapshot(JSON.parse(first.json()));
    expect(check.ok && check.snapshot).toEqual(v1);
  });

  it('drops the current documents once every proxy acked the current version, and makes them again when asked', async () => {
    const { hashCache, v1, v2 } = versions();
    const publisher = new SnapshotPublisher(undefined, hashCache);
    publisher.publish(v1, new Map());
    publisher.recordAck('p', { version: v1.version, accepted: true });
    publisher.recordAck('q', { version: v1.version, accepted: true });
    publisher.publish(v2, new Map());
    const stringify = vi.spyOn(JSON, 'stringify');
    const toP = await offerOf(publisher.waitForChange(v1.version, 'p', 1000, undefined, v1.version));
    const toQ = await offerOf(publisher.waitForChange(v1.version, 'q', 1000, undefined, v1.version));
    expect(toP.json()).toBe(toQ.json());
    const deltas = () => stringify.mock.calls.filter(([value]) => (value as { baseVersion?: string } | undefined)?.baseVersion === v1.version).length;
    expect(deltas()).toBe(1);
    // p has acked v2, q not yet: q may still ask, so the delta is kept.
    publisher.recordAck('p', { version: v2.version, accepted: true });
    toQ.json();
    expect(deltas()).toBe(1);
    publisher.recordAck('q', { version: v2.version, accepted: true });
    // Both serve v2: the delta is gone, and made again for a proxy that asks for it after all.
    const late = await offerOf(publisher.waitForChange(undefined, 'r', 1000, undefined, v1.version));
    expect(applyAsProxy(late.json(), v1)).toEqual(v2);
    expect(deltas()).toBe(2);
  });

  it('keeps documents only for the current version (an offer answered after a newer publish is made, not kept)', async () => {
    const { v1, v2 } = versions();
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    const late = await offerOf(publisher.waitForChange(undefined, 'p', 1000));
    publisher.publish(v2, new Map());
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(late.json()).toBe(late.json());
    expect(stringify.mock.calls.filter(([value]) => value === v1)).toHaveLength(2);
    const current = await offerOf(publisher.waitForChange(undefined, 'p', 1000));
    current.json();
    current.json();
    expect(stringify.mock.calls.filter(([value]) => value === v2)).toHaveLength(1);
  });

  it('sends a proxy serving a kept version the delta from it, which reproduces the current snapshot exactly', async () => {
    const { hashCache, v1, v2, v3 } = versions();
    const publisher = new SnapshotPublisher(undefined, hashCache);
    publisher.publish(v1, new Map());
    publisher.publish(v2, new Map());
    const offer = await offerOf(publisher.waitForChange(v1.version, 'p', 1000, undefined, v1.version));
    expect(offer).toMatchObject({ kind: 'delta', version: v2.version, baseVersion: v1.version });
    const delta = JSON.parse(offer.json()) as SnapshotDelta;
    expect(delta.baseVersion).toBe(v1.version);
    expect(delta.upsertListeners.map((l) => l.upsertRules.map((r) => r.id))).toEqual([['HTTPRoute/infra/r10/0']]);
    expect(applyAsProxy(offer.json(), v1)).toEqual(v2);
    expect(offer.json().length).toBeLessThan(JSON.stringify(v2).length / 3);

    // Two versions behind, and a removal: still exact.
    publisher.publish(v3, new Map());
    const behind = await offerOf(publisher.waitForChange(v1.version, 'p', 1000, undefined, v1.version));
    expect(behind).toMatchObject({ kind: 'delta', version: v3.version, baseVersion: v1.version });
    expect(applyAsProxy(behind.json(), v1)).toEqual(v3);
    const fromV2 = await offerOf(publisher.waitForChange(v2.version, 'p', 1000, undefined, v2.version));
    expect((JSON.parse(fromV2.json()) as SnapshotDelta).upsertListeners[0]?.removeRules).toEqual(['HTTPRoute/infra/r0/0']);
    expect(applyAsProxy(fromV2.json(), v2)).toEqual(v3);
  });

  it('makes each delta once per base, and none for a base it is not asked for', async () => {
    const { v1, v2, v3 } = versions();
    const publisher = new SnapshotPublisher();
    for (const v of [v1, v2, v3]) publisher.publish(v, new Map());
    const stringify = vi.spyOn(JSON, 'stringify');
    const asked = async (base: string) => (await offerOf(publisher.waitForChange(base, `proxy-${base}`, 1000, undefined, base))).json();
    const a = await asked(v1.version);
    expect(await asked(v1.version)).toBe(a);
    await asked(v2.version);
    const deltas = stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'baseVersion' in value);
    expect(deltas.map(([value]) => (value as SnapshotDelta).baseVersion)).toEqual([v1.version, v2.version]);
    expect(stringify.mock.calls.some(([value]) => value === v3)).toBe(false);
  });

  it.each([
    ['no base', undefined],
    ['a base it never published', 'ffffffffffffffff'],
  ])('sends the full snapshot for %s', async (_why, base) => {
    const { v1, v2 } = versions();
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    publisher.publish(v2, new Map());
    const offer = await offerOf(publisher.waitForChange(v1.version, 'p', 1000, undefined, base));
    expect(offer.kind).toBe('full');
    expect(JSON.parse(offer.json())).toEqual(JSON.parse(JSON.stringify(v2)));
  });

  it('sends the full snapshot for a base older than the versions it keeps (16)', async () => {
    const publisher = new SnapshotPublisher();
    const published = Array.from({ length: 17 }, (_, i) => snapshotOnPort(1000 + i));
    for (const s of published) publisher.publish(s, new Map());
    const [oldest, kept] = [published[0]!, published[1]!];
    expect((await offerOf(publisher.waitForChange(oldest.version, 'p', 1000, undefined, oldest.version))).kind).toBe('full');
    const offer = await offerOf(publisher.waitForChange(kept.version, 'p', 1000, undefined, kept.version));
    expect(offer.kind).toBe('delta');
    expect(applyAsProxy(offer.json(), kept)).toEqual(published[16]);
  });

  it('answers a proxy re-acking the current version (a control-plane restart) with the empty delta, not the whole document', async () => {
    const { v1 } = versions();
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    const offer = await offerOf(publisher.waitForChange(v1.version, 'p', 1000, undefined, v1.version));
    expect(offer).toMatchObject({ kind: 'delta', version: v1.version, baseVersion: v1.version });
    const delta = JSON.parse(offer.json()) as SnapshotDelta;
    expect([delta.upsertListeners, delta.removeListeners, delta.upsertCertificates, delta.removeCertificates]).toEqual([[], [], [], []]);
    expect(applyAsProxy(offer.json(), v1)).toEqual(v1);
  });
});

describe('SnapshotPublisher.waitForChange', () => {
  it('wakes a waiting proxy with the delta from the version it serves', async () => {
    const { v1, v2 } = versions();
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    publisher.recordAck('p', { version: v1.version, accepted: true, activeVersion: v1.version });
    const waiting = publisher.waitForChange(v1.version, 'p', 10_000, undefined, v1.version);
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    publisher.publish(v2, new Map());
    const offer = await offerOf(waiting);
    expect(offer.kind).toBe('delta');
    expect(applyAsProxy(offer.json(), v1)).toEqual(v2);
  });

  it('holds a proxy that rejected the current version (no loop), and offers the next one as a delta from what it serves', async () => {
    const { v1, v2, v3 } = versions();
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    publisher.publish(v2, new Map());
    publisher.recordAck('p', { version: v2.version, accepted: false, reason: 'no', activeVersion: v1.version });
    expect((await publisher.waitForChange(v2.version, 'p', 20, undefined, v1.version)).kind).toBe('timeout');
    const waiting = publisher.waitForChange(v2.version, 'p', 10_000, undefined, v1.version);
    publisher.publish(v3, new Map());
    const offer = await offerOf(waiting);
    expect(offer).toMatchObject({ kind: 'delta', baseVersion: v1.version, version: v3.version });
    expect(applyAsProxy(offer.json(), v1)).toEqual(v3);
  });

  it('answers a proxy asking without `since` at once with the full snapshot (what a proxy does after rejecting a delta)', async () => {
    const { v1 } = versions();
    const publisher = new SnapshotPublisher();
    publisher.publish(v1, new Map());
    publisher.recordAck('p', { version: v1.version, accepted: true, activeVersion: v1.version });
    expect((await offerOf(publisher.waitForChange(undefined, 'p', 10_000))).kind).toBe('full');
  });
});

describe('SnapshotPublisher programming notifications', () => {
  const bound = (version: string, address = '127.0.0.1:8080') => ({ version, accepted: true, listeners: [{ name: 'infra/public/http', bound: true, address }] });

  it('tells listeners about an ack only when programming() would answer differently from its last answer', () => {
    const { v1, v2, v3 } = versions();
    const publisher = new SnapshotPublisher(() => new Date(0));
    let changes = 0;
    publisher.onProgrammingChange(() => changes++);
    publisher.publish(v1, new Map([['infra/public', 1]]));
    expect(publisher.programming().size).toBe(0);

    publisher.recordAck('p', bound(v1.version));
    expect(changes).toBe(1);
    const programmed = publisher.programming();
    expect(programmed.get('infra/public')).toEqual({ observedGeneration: 1, addresses: [{ type: 'IPAddress', value: '127.0.0.1' }] });

    // A route changed: the new version's ack leaves every Gateway as it was, so no reconcile is asked for.
    publisher.publish(v2, new Map([['infra/public', 1]]));
    publisher.recordAck('p', bound(v2.version));
    expect(changes).toBe(1);
    expect(publisher.programming()).toEqual(programmed);

    // An ack that moves an address does change programming.
    publisher.publish(v3, new Map([['infra/public', 1]]));
    publisher.recordAck('p', bound(v3.version, '127.0.0.2:8080'));
    expect(changes).toBe(2);
    expect(publisher.programming().get('infra/public')?.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.2' }]);

    // A rejection of a later version leaves the accepted ack deciding: nothing to tell.
    publisher.recordAck('q', { version: v3.version, accepted: false, reason: 'port in use' });
    expect(changes).toBe(2);
  });

  it('compares with the last answer, not the last notification: a change read in between is not reported again', () => {
    const { v1, v2 } = versions();
    const publisher = new SnapshotPublisher(() => new Date(0));
    let changes = 0;
    publisher.onProgrammingChange(() => changes++);
    publisher.publish(v1, new Map([['infra/public', 1]]));
    publisher.recordAck('p', bound(v1.version));
    expect(changes).toBe(1);
    // The Gateway's generation moves with new IR: no ack of it yet, so programming() reads empty.
    publisher.publish(v2, new Map([['infra/public', 2]]));
    expect(publisher.programming().size).toBe(0);
    publisher.recordAck('p', bound(v2.version));
    expect(changes).toBe(2);
    expect(publisher.programming().get('infra/public')?.observedGeneration).toBe(2);
  });
});
