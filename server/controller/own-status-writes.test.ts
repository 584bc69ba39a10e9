import { describe, expect, it } from 'vitest';
import { OwnStatusWrites } from '@/server/controller/own-status-writes';

const route = (name: string, resourceVersion: string, namespace = 'team-a') => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace, resourceVersion } });

describe('OwnStatusWrites', () => {
  it('knows the echo of its own write once, and nothing else', () => {
    const own = new OwnStatusWrites();
    own.record('HTTPRoute', route('shop', '42'));
    expect(own.isEcho('HTTPRoute', route('shop', '41'))).toBe(false); // an older version: someone else's change
    expect(own.isEcho('HTTPRoute', route('shop', '43'))).toBe(false); // a later write by someone else
    expect(own.isEcho('HTTPRoute', route('shop', '42', 'team-b'))).toBe(false);
    expect(own.isEcho('Gateway', route('shop', '42'))).toBe(false);
    expect(own.isEcho('HTTPRoute', route('shop', '42'))).toBe(true);
    expect(own.isEcho('HTTPRoute', route('shop', '42'))).toBe(false); // a relist delivering it again reconciles
  });

  it('treats objects without a version or name (deletes of unknown objects) as news', () => {
    const own = new OwnStatusWrites();
    own.record('HTTPRoute', undefined);
    expect(own.isEcho('HTTPRoute', undefined)).toBe(false);
    expect(own.isEcho('HTTPRoute', { apiVersion: 'v1', kind: 'HTTPRoute', metadata: { name: 'x' } })).toBe(false);
  });

  it('stays bounded: a full table starts over', () => {
    const own = new OwnStatusWrites(2);
    own.record('HTTPRoute', route('a', '1'));
    own.record('HTTPRoute', route('b', '2'));
    own.record('HTTPRoute', route('c', '3'));
    expect(own.isEcho('HTTPRoute', route('a', '1'))).toBe(false);
    expect(own.isEcho('HTTPRoute', route('c', '3'))).toBe(true);
  });
});
