import { afterEach, describe, expect, it } from 'vitest';
import { type IrRule } from '@/lib/ir/route';
import { compileRule } from '@/server/proxy/compile-rule';
import { countStatus, ProxyStats } from '@/server/proxy/proxy-stats';
import { buildTestSnapshot, h2cBackend, invalidBackend, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';
import { UpstreamPools } from '@/server/proxy/upstream-pools';

const pools = new UpstreamPools();
afterEach(() => pools.destroy());

const a = { address: '127.0.0.1', port: 9000 };
const b = { address: '127.0.0.1', port: 9001 };
const rules = (routes: Parameters<typeof buildTestSnapshot>[0][number]['routes']): IrRule[] => buildTestSnapshot([{ name: 'http', port: 80, routes }]).listeners[0]!.rules;

describe('compileRule', () => {
  it('rules to one endpoint share its endpoint object, endpoint list and endpoint keys', () => {
    const [r1, r2, r3] = rules([
      { name: 'r1', backends: [serviceBackend('s', [a])] },
      { name: 'r2', backends: [serviceBackend('t', [a])] },
      { name: 'r3', backends: [h2cBackend('s', [a])] },
    ]);
    const stats = new ProxyStats();
    const [c1, c2, c3] = [r1!, r2!, r3!].map((r) => compileRule('l', r, pools, stats));
    const [e1, e2, e3] = [c1!, c2!, c3!].map((c) => c.pick(0.5)!.endpoints);
    expect(e2).toBe(e1);
    expect(e1![0]!.pool).toBe(pools.poolFor(a.address, a.port));
    expect(c2!.endpointKeys).toBe(c1!.endpointKeys);
    expect(c1!.endpointKeys).toEqual(['127.0.0.1:9000']);
    // h2c: its own endpoint object (it carries the HTTP/2 session), the same pools.
    expect(e3![0]).not.toBe(e1![0]);
    expect(e3![0]!.h2).toBeDefined();
    expect(e3![0]!.pool).toBe(e1![0]!.pool);
  });

  it('after pools.retain drops an endpoint, a rule compiled later gets a fresh endpoint object', () => {
    const [r1] = rules([{ name: 'r1', backends: [serviceBackend('s', [a])] }]);
    const first = compileRule('l', r1!, pools, new ProxyStats()).pick(0)!.endpoints[0];
    pools.retain(new Set());
    const second = compileRule('l', r1!, pools, new ProxyStats()).pick(0)!.endpoints[0];
    expect(second).not.toBe(first);
    expect(second!.pool).toBe(pools.poolFor(a.address, a.port));
  });

  it('creates no stats until a request, then the series a recompiled rule keeps counting', () => {
    const [r1] = rules([{ name: 'r1', backends: [serviceBackend('s', [a, b])] }]);
    const stats = new ProxyStats();
    const compiled = compileRule('test/gw/http', r1!, pools, stats);
    expect(stats.size).toBe(0);
    const backend = compiled.pick(0)!;
    expect(backend.name).toBe('test/s:80');
    countStatus(backend.counter, 200);
    expect(backend.counter).toBe(backend.counter);
    expect(stats.size).toBe(1);
    const again = compileRule('test/gw/http', { ...r1! }, pools, stats);
    expect(again.pick(0)!.counter).toBe(backend.counter);
    expect(again.latency).toBe(compiled.latency);
    expect(compiled.endpointKeys).toEqual(['127.0.0.1:9000', '127.0.0.1:9001']);
  });

  it('picks by weight; an invalid backend keeps its share; no live backend picks null', () => {
    const [weighted, none] = rules([
      { name: 'a', backends: [serviceBackend('s', [a], 1), invalidBackend(1)] },
      { name: 'b', backends: [serviceBackend('s', [a], 0)] },
    ]);
    const stats = new ProxyStats();
    const c = compileRule('l', weighted!, pools, stats);
    expect(c.pick(0.25)!.valid).toBe(true);
    expect(c.pick(0.75)!.valid).toBe(false);
    expect(c.pick(0.75)!.name).toBe('invalid');
    expect(compileRule('l', none!, pools, stats).pick(0.5)).toBeNull();
  });
});
