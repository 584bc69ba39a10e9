import { describe, expect, it } from 'vitest';
import { computeGatewayProgramming, type ReceivedAck } from '@/server/proxy-link/compute-gateway-programming';

const published = { version: 'v2', gatewayGenerations: new Map([['infra/public', 3], ['team-a/shop', 1]]) };
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const ack = (overrides: Partial<ReceivedAck>): ReceivedAck => ({ version: 'v2', accepted: true, proxyId: 'p1', receivedAt: at(1), listeners: [], ...overrides });

describe('computeGatewayProgramming', () => {
  it('is empty before anything is published or acknowledged', () => {
    expect(computeGatewayProgramming([], [ack({})]).size).toBe(0);
    expect(computeGatewayProgramming([published], []).size).toBe(0);
  });

  it('ignores acks of versions it never published', () => {
    expect(computeGatewayProgramming([published], [ack({ version: 'v1' })]).size).toBe(0);
  });

  it('counts an ack of an earlier version for the Gateways whose generation did not move since', () => {
    const v1 = { version: 'v1', gatewayGenerations: new Map([['infra/public', 2], ['team-a/shop', 1]]) };
    const result = computeGatewayProgramming([v1, published], [ack({ version: 'v1', listeners: [{ name: 'team-a/shop/http', bound: true, address: '127.0.0.2:8080' }] })]);
    // team-a/shop is unchanged in v2: still programmed where it is; infra/public moved to generation 3: pending.
    expect(result.get('team-a/shop')).toEqual({ observedGeneration: 1, addresses: [{ type: 'IPAddress', value: '127.0.0.2' }] });
    expect(result.has('infra/public')).toBe(false);
  });

  it('reports addresses and listener failures from the accepted ack', () => {
    const result = computeGatewayProgramming([published], [
      ack({
        listeners: [
          { name: 'infra/public/http', bound: true, address: '127.0.0.1:8080' },
          { name: 'infra/public/https', bound: true, address: '127.0.0.1:8443' },
          { name: 'infra/public/other', bound: false, reason: 'EADDRINUSE' },
          { name: 'team-a/shop/http', bound: true, address: '[::1]:9000' },
        ],
      }),
    ]);
    expect(result.get('infra/public')).toEqual({
      observedGeneration: 3,
      addresses: [{ type: 'IPAddress', value: '127.0.0.1' }],
      listenerFailures: { other: 'The proxy could not bind this listener: EADDRINUSE' },
    });
    expect(result.get('team-a/shop')).toEqual({ observedGeneration: 1, addresses: [{ type: 'IPAddress', value: '::1' }] });
  });

  it('fails a Gateway none of whose listeners could be bound', () => {
    const result = computeGatewayProgramming([published], [ack({ listeners: [{ name: 'infra/public/http', bound: false, reason: 'EACCES' }] })]);
    expect(result.get('infra/public')?.failure).toEqual({ reason: 'AddressNotAssigned', message: 'The proxy could not bind any listener: http (EACCES)' });
    expect(result.get('infra/public')?.addresses).toEqual([]);
    // A Gateway without listeners in the snapshot is programmed (nothing to bind).
    expect(result.get('team-a/shop')).toEqual({ observedGeneration: 1, addresses: [] });
  });

  it('leaves a Gateway pending while one of its listeners is still binding', () => {
    const result = computeGatewayProgramming([published], [
      ack({ listeners: [{ name: 'infra/public/http', bound: false, reason: 'Binding' }, { name: 'team-a/shop/http', bound: true, address: '127.0.0.1:8080' }] }),
    ]);
    expect(result.has('infra/public')).toBe(false);
    expect(result.get('team-a/shop')?.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.1' }]);
  });

  it('reports a rejection when no proxy accepted the version', () => {
    const result = computeGatewayProgramming([published], [ack({ accepted: false, reason: 'invalid snapshot at listeners.0.port' })]);
    expect(result.get('infra/public')).toEqual({
      observedGeneration: 3,
      addresses: [],
      failure: { reason: 'Invalid', message: 'The proxy p1 rejected routing snapshot v2: invalid snapshot at listeners.0.port' },
    });
  });

  it('keeps, with a rejection, the addresses the proxy still serves from its last good snapshot', () => {
    const result = computeGatewayProgramming([published], [
      ack({ accepted: false, reason: 'x', listeners: [{ name: 'infra/public/http', bound: true, address: '127.0.0.3:8080' }, { name: 'team-a/shop/http', bound: false, reason: 'EADDRINUSE' }] }),
    ]);
    expect(result.get('infra/public')?.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.3' }]);
    expect(result.get('infra/public')?.failure?.reason).toBe('Invalid');
    expect(result.get('team-a/shop')?.addresses).toEqual([]);
  });

  it('prefers the latest accepted ack over rejections and older acceptances', () => {
    const result = computeGatewayProgramming([published], [
      ack({ proxyId: 'old', receivedAt: at(1), listeners: [{ name: 'infra/public/http', bound: true, address: '10.0.0.1:80' }] }),
      ack({ proxyId: 'new', receivedAt: at(5), listeners: [{ name: 'infra/public/http', bound: true, address: '10.0.0.2:80' }] }),
      ack({ proxyId: 'bad', receivedAt: at(9), accepted: false, reason: 'x' }),
    ]);
    expect(result.get('infra/public')).toEqual({ observedGeneration: 3, addresses: [{ type: 'IPAddress', value: '10.0.0.2' }] });
  });
});
