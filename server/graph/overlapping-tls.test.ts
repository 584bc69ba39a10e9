import { describe, expect, it } from 'vitest';
import { computeOverlappingTLSListeners, type TLSListenerIdentity } from '@/server/graph/overlapping-tls';

const l = (name: string, port: number, hostname?: string): TLSListenerIdentity => ({ name, port, ...(hostname ? { hostname } : {}) });

describe('computeOverlappingTLSListeners', () => {
  const cases: { name: string; listeners: TLSListenerIdentity[]; overlaps: Record<string, string[]> }[] = [
    { name: 'exact under wildcard', listeners: [l('a', 443, 'foo.example.com'), l('b', 443, '*.example.com')], overlaps: { a: ['b'], b: ['a'] } },
    { name: 'unrelated hostnames', listeners: [l('a', 443, 'foo.example.org'), l('b', 443, '*.example.com')], overlaps: {} },
    { name: 'no hostname overlaps everything on its port', listeners: [l('any', 443), l('a', 443, 'a.example.com'), l('c', 8443, 'c.example.com')], overlaps: { any: ['a'], a: ['any'] } },
    { name: 'wildcard does not cover its own apex', listeners: [l('a', 443, 'example.com'), l('b', 443, '*.example.com')], overlaps: {} },
    { name: 'nested wildcards', listeners: [l('a', 443, '*.a.example.com'), l('b', 443, '*.example.com')], overlaps: { a: ['b'], b: ['a'] } },
  ];
  it.each(cases)('$name', ({ listeners, overlaps }) => {
    expect(Object.fromEntries(computeOverlappingTLSListeners(listeners))).toEqual(overlaps);
  });
});
