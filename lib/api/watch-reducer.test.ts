import { describe, expect, it } from 'vitest';
import type { K8sList, K8sObject, WatchEvent } from '@/lib/k8s/object';
import { applyWatchEvent, applyWatchEventToObject, isNewer } from '@/lib/api/watch-reducer';

function obj(name: string, rv: string, extra: { uid?: string; ns?: string; v?: string } = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: extra.ns ?? 'a', uid: extra.uid ?? `uid-${name}`, resourceVersion: rv },
    data: { v: extra.v ?? rv },
  };
}
function list(rv: string, ...items: K8sObject[]): K8sList {
  return { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: rv }, items };
}
const ev = (type: WatchEvent['type'], object: K8sObject): WatchEvent => ({ type, object });
const names = (l: K8sList) => l.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}@${i.metadata.resourceVersion}`);

describe('applyWatchEvent', () => {
  const cases: { name: string; start: K8sList; events: WatchEvent[]; items: string[]; rv: string }[] = [
    { name: 'ADDED inserts, sorted by namespace/name', start: list('5', obj('b', '3')), events: [ev('ADDED', obj('a', '6'))], items: ['a/a@6', 'a/b@3'], rv: '6' },
    { name: 'MODIFIED replaces by uid', start: list('5', obj('a', '3')), events: [ev('MODIFIED', obj('a', '7', { v: 'x' }))], items: ['a/a@7'], rv: '7' },
    { name: 'DELETED removes', start: list('5', obj('a', '3'), obj('b', '4')), events: [ev('DELETED', obj('a', '8'))], items: ['a/b@4'], rv: '8' },
    { name: 'DELETED of an unknown object only advances the version', start: list('5', obj('a', '3')), events: [ev('DELETED', obj('z', '9'))], items: ['a/a@3'], rv: '9' },
    { name: 'a stale MODIFIED is ignored', start: list('10', obj('a', '10')), events: [ev('MODIFIED', obj('a', '9'))], items: ['a/a@10'], rv: '10' },
    { name: 'a replayed ADDED of a known object is an upsert', start: list('5', obj('a', '3')), events: [ev('ADDED', obj('a', '6'))], items: ['a/a@6'], rv: '6' },
    { name: 'BOOKMARK advances the list version only', start: list('5', obj('a', '3')), events: [ev('BOOKMARK', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '20' } })], items: ['a/a@3'], rv: '20' },
    { name: 'an older BOOKMARK does not move the version back', start: list('30'), events: [ev('BOOKMARK', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '20' } })], items: [], rv: '30' },
    { name: 'same name in two namespaces are two objects', start: list('5', obj('a', '3', { ns: 'x', uid: 'u1' })), events: [ev('ADDED', obj('a', '6', { ns: 'y', uid: 'u2' }))], items: ['x/a@3', 'y/a@6'], rv: '6' },
    { name: 'a recreated object (new uid) replaces the old slot', start: list('5', obj('a', '3', { uid: 'old' })), events: [ev('ADDED', obj('a', '9', { uid: 'new' }))], items: ['a/a@9'], rv: '9' },
    { name: 'numeric comparison, not string (9 < 10)', start: list('9', obj('a', '9')), events: [ev('MODIFIED', obj('a', '10'))], items: ['a/a@10'], rv: '10' },
    {
      name: 'a sequence applies in order',
      start: list('1'),
      events: [ev('ADDED', obj('a', '2')), ev('ADDED', obj('b', '3')), ev('MODIFIED', obj('a', '4')), ev('DELETED', obj('b', '5'))],
      items: ['a/a@4'],
      rv: '5',
    },
    { name: 'ERROR changes nothing', start: list('5', obj('a', '3')), events: [ev('ERROR', { apiVersion: 'v1', kind: 'Status', metadata: {} })], items: ['a/a@3'], rv: '5' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = c.events.reduce((l, e) => applyWatchEvent(l, e), c.start);
      expect(names(out)).toEqual(c.items);
      expect(out.metadata.resourceVersion).toBe(c.rv);
    });
  }

  it('does not mutate its input', () => {
    const start = list('5', obj('a', '3'));
    const copy = structuredClone(start);
    applyWatchEvent(start, ev('MODIFIED', obj('a', '6')));
    applyWatchEvent(start, ev('DELETED', obj('a', '7')));
    expect(start).toEqual(copy);
  });
});

describe('applyWatchEventToObject', () => {
  const cases: { name: string; current: K8sObject | null; event: WatchEvent; rv: string | null }[] = [
    { name: 'ADDED fills an absent object', current: null, event: ev('ADDED', obj('a', '4')), rv: '4' },
    { name: 'MODIFIED replaces', current: obj('a', '4'), event: ev('MODIFIED', obj('a', '5')), rv: '5' },
    { name: 'a stale MODIFIED is ignored', current: obj('a', '6'), event: ev('MODIFIED', obj('a', '5')), rv: '6' },
    { name: 'DELETED empties', current: obj('a', '6'), event: ev('DELETED', obj('a', '7')), rv: null },
    { name: 'BOOKMARK changes nothing', current: obj('a', '6'), event: ev('BOOKMARK', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { resourceVersion: '9' } }), rv: '6' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = applyWatchEventToObject(c.current, c.event);
      expect(out?.metadata.resourceVersion ?? null).toBe(c.rv);
    });
  }
});

describe('isNewer', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['10', '9', true],
    ['9', '10', false],
    ['5', '5', false],
    ['1', undefined, true],
    ['opaque-b', 'opaque-a', true],
  ];
  for (const [a, b, want] of cases) it(`${a} newer than ${b}: ${want}`, () => expect(isNewer(a, b)).toBe(want));
});
