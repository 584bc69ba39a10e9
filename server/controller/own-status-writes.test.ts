import { describe, expect, it } from 'vitest';
import { OwnStatusWrites } from '@/server/controller/own-status-writes';

const route = (name: string, resourceVersion: string, namespace = 'team-a') => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace, resourceVersion } });

describe('OwnStatusWrites', () => {
  it('knows the echo of its own write once, and nothing else', () => {
    const own = new OwnStatusWrites();
    own.record('HTTPRoute', route('shop', '42'));
    expect(own.echoOf('HTTPRoute', route('shop', '41'))).toBeUndefined(); // an older version: someone else's change
    expect(own.echoOf('HTTPRoute', route('shop', '43'))).toBeUndefined(); // a later write by someone else
    expect(own.echoOf('HTTPRoute', route('shop', '42', 'team-b'))).toBeUndefined();
    expect(own.echoOf('Gateway', route('shop', '42'))).toBeUndefined();
    expect(own.echoOf('HTTPRoute', route('shop', '42'))).toBeDefined();
    expect(own.echoOf('HTTPRoute', route('shop', '42'))).toBeUndefined(); // a relist delivering it again reconciles
  });

  it('treats objects without a version or name (deletes of unknown objects) as news', () => {
    const own = new OwnStatusWrites();
    own.record('HTTPRoute', undefined);
    expect(own.echoOf('HTTPRoute', undefined)).toBeUndefined();
    expect(own.echoOf('HTTPRoute', { apiVersion: 'v1', kind: 'HTTPRoute', metadata: { name: 'x' } })).toBeUndefined();
  });

  it('stays bounded: a full table starts over', () => {
    const own = new OwnStatusWrites(2);
    own.record('HTTPRoute', route('a', '1'));
    own.record('HTTPRoute', route('b', '2'));
    own.record('HTTPRoute', route('c', '3'));
    expect(own.echoOf('HTTPRoute', route('a', '1'))).toBeUndefined();
    expect(own.echoOf('HTTPRoute', route('c', '3'))).toBeDefined();
  });

  it('knows the echo that arrives before the response by its content, and only an update equal but for version', () => {
    const own = new OwnStatusWrites();
    const sent = { ...route('shop', '41'), spec: { hostnames: ['a'] }, status: { parents: [{ controllerName: 'c', conditions: [] }] } };
    own.sending('HTTPRoute', sent);
    const echo = JSON.parse(JSON.stringify({ ...sent, metadata: { ...sent.metadata, resourceVersion: '42', managedFields: [{ manager: 'portico-controller' }] } }));
    expect(own.echoOf('HTTPRoute', echo, 'add')).toBeUndefined();
    own.sending('HTTPRoute', sent);
    expect(own.echoOf('HTTPRoute', echo, 'delete')).toBeUndefined();
    own.sending('HTTPRoute', sent);
    expect(own.echoOf('HTTPRoute', { ...echo, status: { parents: [] } }, 'update')).toBeUndefined();
    own.sending('HTTPRoute', sent);
    expect(own.echoOf('HTTPRoute', { ...echo, metadata: { ...echo.metadata, labels: { a: 'b' } } }, 'update')).toBeUndefined();
    // Someone else's change came first (the write then fails): a later object equal to what was sent is news.
    expect(own.echoOf('HTTPRoute', echo, 'update')).toBeUndefined();
    own.sending('HTTPRoute', sent);
    expect(own.echoOf('HTTPRoute', echo, 'update')).toBeDefined();
    // The response comes after: nothing is kept for it, and the same object again is news.
    own.record('HTTPRoute', echo);
    expect(own.echoOf('HTTPRoute', echo, 'update')).toBeUndefined();
  });

  it('never takes a delete for an echo, even of the version it wrote', () => {
    const own = new OwnStatusWrites();
    own.record('HTTPRoute', route('shop', '42'));
    expect(own.echoOf('HTTPRoute', route('shop', '42'), 'delete')).toBeUndefined();
  });
  it("tells which write an echo came from, whether its content or its response came first", () => {
    const own = new OwnStatusWrites();
    const base = { ...route('shop', '41'), spec: { hostnames: ['a'] } };
    const origin = { base, settles: { parents: 'wanted' } };
    const sent = { ...base, status: { parents: [] } };
    own.sending('HTTPRoute', sent, origin);
    expect(own.echoOf('HTTPRoute', { ...sent, metadata: { ...sent.metadata, resourceVersion: '42' } })).toEqual({ origin });
    own.sending('HTTPRoute', sent, origin);
    own.record('HTTPRoute', { ...sent, metadata: { ...sent.metadata, resourceVersion: '43' } }, origin);
    expect(own.echoOf('HTTPRoute', route('shop', '43'))?.origin).toBe(origin);
    own.record('HTTPRoute', route('shop', '44'));
    expect(own.echoOf('HTTPRoute', route('shop', '44'))).toEqual({});
  });
});
