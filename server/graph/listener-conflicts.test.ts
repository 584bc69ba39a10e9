import { describe, expect, it } from 'vitest';
import { computeListenerConflicts, type ListenerIdentity } from '@/server/graph/listener-conflicts';

const l = (name: string, port: number, protocol: string, hostname?: string): ListenerIdentity => ({ name, port, protocol, ...(hostname ? { hostname } : {}) });

describe('computeListenerConflicts', () => {
  const cases: { name: string; listeners: ListenerIdentity[]; conflicts: Record<string, string> }[] = [
    { name: 'distinct ports', listeners: [l('a', 80, 'HTTP'), l('b', 443, 'HTTPS')], conflicts: {} },
    { name: 'same port, different hostnames', listeners: [l('a', 80, 'HTTP', 'a.example.com'), l('b', 80, 'HTTP', 'b.example.com'), l('c', 80, 'HTTP')], conflicts: {} },
    { name: 'HTTP and HTTPS on one port', listeners: [l('a', 80, 'HTTP'), l('b', 80, 'HTTPS'), l('c', 81, 'HTTP')], conflicts: { a: 'ProtocolConflict', b: 'ProtocolConflict' } },
    {
      name: 'protocol conflict takes every listener on the port, whatever its hostname',
      listeners: [l('a', 80, 'HTTP', 'a.example.com'), l('b', 80, 'HTTP', 'b.example.com'), l('c', 80, 'HTTPS', 'c.example.com')],
      conflicts: { a: 'ProtocolConflict', b: 'ProtocolConflict', c: 'ProtocolConflict' },
    },
    { name: 'same port, protocol and hostname', listeners: [l('a', 80, 'HTTP', 'x.example.com'), l('b', 80, 'HTTP', 'x.example.com'), l('c', 80, 'HTTP')], conflicts: { a: 'HostnameConflict', b: 'HostnameConflict' } },
    { name: 'two listeners without hostname', listeners: [l('a', 443, 'HTTPS'), l('b', 443, 'HTTPS')], conflicts: { a: 'HostnameConflict', b: 'HostnameConflict' } },
    { name: 'same hostname on different ports', listeners: [l('a', 80, 'HTTP', 'x.example.com'), l('b', 8080, 'HTTP', 'x.example.com')], conflicts: {} },
    { name: 'wildcard and exact hostnames are distinct', listeners: [l('a', 80, 'HTTP', '*.example.com'), l('b', 80, 'HTTP', 'a.example.com')], conflicts: {} },
  ];
  it.each(cases)('$name', ({ listeners, conflicts }) => {
    const actual = Object.fromEntries([...computeListenerConflicts(listeners)].map(([name, c]) => [name, c.reason]));
    expect(actual).toEqual(conflicts);
  });

  it('names every member of the group in the message', () => {
    const result = computeListenerConflicts([l('b', 80, 'HTTPS'), l('a', 80, 'HTTP')]);
    expect(result.get('b')?.message).toBe('Listeners a, b share port 80 with different protocols (HTTP, HTTPS)');
  });
});
