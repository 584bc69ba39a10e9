import { describe, expect, it } from 'vitest';
import { addressPolicyFor, assignGatewayAddresses, parseIpv4, type AddressPolicy } from '@/server/graph/assign-gateway-addresses';
import type { GatewayNode } from '@/server/graph/graph-types';

interface GatewayInput {
  name: string;
  created: string;
  requested?: { type: string; value?: string }[];
  reported?: string;
  broken?: boolean;
}

function gateway(input: GatewayInput): GatewayNode {
  const source = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { namespace: 'ns', name: input.name, creationTimestamp: input.created },
    spec: {},
    ...(input.reported ? { status: { addresses: [{ type: 'IPAddress', value: input.reported }] } } : {}),
  };
  return {
    namespace: 'ns',
    name: input.name,
    generation: 1,
    source,
    key: `ns/${input.name}`,
    className: 'portico',
    listeners: [],
    addresses: input.requested ?? [],
    bindAddresses: [],
    ...(input.broken ? { specProblem: { type: 'Accepted', status: 'False', reason: 'Invalid', message: 'broken' } } : {}),
  } as GatewayNode;
}

const POOL: AddressPolicy = { kind: 'pool', first: '127.0.0.1' };

function assign(inputs: GatewayInput[], policy: AddressPolicy = POOL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, a] of assignGatewayAddresses(inputs.map(gateway), policy)) {
    out[key.slice(3)] = a.problem ? `${a.problem.reason}: ${a.problem.message}` : a.addresses.join(',');
  }
  return out;
}

describe('assignGatewayAddresses', () => {
  it.each<[string, GatewayInput[], Record<string, string>]>([
    ['oldest Gateway first, lowest free address', [{ name: 'b', created: '2026-01-02T00:00:00Z' }, { name: 'a', created: '2026-01-01T00:00:00Z' }], { a: '127.0.0.1', b: '127.0.0.2' }],
    ['same age: namespace/name order', [{ name: 'b', created: 't' }, { name: 'a', created: 't' }], { a: '127.0.0.1', b: '127.0.0.2' }],
    ['a reported address is kept, so addresses survive a peer being deleted', [{ name: 'late', created: '2026-02-01T00:00:00Z', reported: '127.0.0.3' }, { name: 'new', created: '2026-03-01T00:00:00Z' }], { late: '127.0.0.3', new: '127.0.0.1' }],
    ['two Gateways reporting one address: the older keeps it', [{ name: 'old', created: '1', reported: '127.0.0.5' }, { name: 'young', created: '2', reported: '127.0.0.5' }], { old: '127.0.0.5', young: '127.0.0.1' }],
    ['a reported address outside the pool is not reused', [{ name: 'a', created: '1', reported: '10.0.0.1' }], { a: '127.0.0.1' }],
    ['a requested loopback address is honoured before reported ones', [{ name: 'x', created: '1', reported: '127.0.0.9' }, { name: 'y', created: '2', requested: [{ type: 'IPAddress', value: '127.0.0.9' }] }], { x: '127.0.0.1', y: '127.0.0.9' }],
    ['a requested address outside the pool is not usable', [{ name: 'a', created: '1', requested: [{ type: 'IPAddress', value: '198.51.100.1' }] }], { a: 'AddressNotUsable: spec.addresses[0]: 198.51.100.1 is not an address this proxy can serve (Gateways are served on 127.0.0.0/8 addresses from 127.0.0.1)' }],
    ['a requested address an older Gateway has is not usable', [{ name: 'a', created: '1', requested: [{ type: 'IPAddress', value: '127.0.0.7' }] }, { name: 'b', created: '2', requested: [{ type: 'IPAddress', value: '127.0.0.7' }] }], { a: '127.0.0.7', b: 'AddressNotUsable: spec.addresses[0]: 127.0.0.7 is already used by Gateway ns/a' }],
    ['an empty requested value is auto-assigned (GatewayAddressEmpty)', [{ name: 'a', created: '1', requested: [{ type: 'IPAddress' }, { type: 'IPAddress', value: '127.0.0.4' }] }], { a: '127.0.0.1,127.0.0.4' }],
    ['Gateways with a spec problem get nothing', [{ name: 'a', created: '1', broken: true }, { name: 'b', created: '2' }], { b: '127.0.0.1' }],
  ])('%s', (_name, inputs, expected) => {
    expect(assign(inputs)).toEqual(expected);
  });

  it('runs out of pool addresses with AddressNotAssigned', () => {
    const result = assign([{ name: 'a', created: '1' }, { name: 'b', created: '2' }], { kind: 'pool', first: '127.255.255.254' });
    expect(result).toEqual({ a: '127.255.255.254', b: 'AddressNotAssigned: no free address left in the pool that starts at 127.255.255.254' });
  });

  it('serves every Gateway on a shared host, refusing other requested addresses', () => {
    const result = assign([{ name: 'a', created: '1' }, { name: 'b', created: '2', requested: [{ type: 'IPAddress', value: '10.1.1.1' }] }], { kind: 'shared', host: '0.0.0.0' });
    expect(result).toEqual({ a: '0.0.0.0', b: 'AddressNotUsable: spec.addresses[0]: 10.1.1.1: this proxy serves every Gateway on 0.0.0.0 only' });
  });
});

describe('addressPolicyFor', () => {
  it.each<[string | undefined, AddressPolicy]>([
    [undefined, { kind: 'pool', first: '127.0.0.1' }],
    ['127.0.0.1', { kind: 'pool', first: '127.0.0.1' }],
    ['127.0.10.1', { kind: 'pool', first: '127.0.10.1' }],
    ['0.0.0.0', { kind: 'shared', host: '0.0.0.0' }],
    ['::1', { kind: 'shared', host: '::1' }],
  ])('%s', (host, policy) => expect(addressPolicyFor(host)).toEqual(policy));
});

describe('parseIpv4', () => {
  it.each<[string, number | undefined]>([
    ['127.0.0.1', 0x7f000001],
    ['255.255.255.255', 0xffffffff],
    ['127.0.0.01', undefined],
    ['127.0.0', undefined],
    ['256.0.0.1', undefined],
    ['a.b.c.d', undefined],
  ])('%s', (text, n) => expect(parseIpv4(text)).toBe(n));
});
