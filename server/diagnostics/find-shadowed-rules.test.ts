import { describe, expect, it } from 'vitest';
import type { IrHttpMatch } from '@/lib/ir/match';
import type { IrRoute } from '@/lib/ir/route';
import { IR_SCHEMA_VERSION, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { findShadowedRules, findShadowersInOrder } from '@/server/diagnostics/find-shadowed-rules';

/** Entries of one virtual host, already in precedence order: `route/rule/match`, path type and value. */
function entry(id: string, type: IrHttpMatch['path']['type'], value: string, extra: Partial<IrHttpMatch> = {}): IrRoute {
  const [name = '', rule = '0', match = '0'] = id.split('/');
  const source = { kind: 'HTTPRoute' as const, namespace: 'ns', name, ruleIndex: Number(rule), matchIndex: Number(match) };
  return { kind: 'HTTPRoute', id: `HTTPRoute/ns/${id}`, rule: `HTTPRoute/ns/${name}/${rule}`, source, match: { path: { type, value }, headers: [], queryParams: [], ...extra } };
}
const ids = (shadowers: (IrRoute | undefined)[]) => shadowers.map((s) => (s ? s.id.replace('HTTPRoute/ns/', '') : '-'));

describe('findShadowersInOrder', () => {
  it.each<[string, IrRoute[], string[]]>([
    ['identical prefix: the later one is shadowed', [entry('a/0/0', 'PathPrefix', '/api'), entry('b/0/0', 'PathPrefix', '/api')], ['-', 'a/0/0']],
    ['element boundary: /foo does not shadow /foobar', [entry('a/0/0', 'PathPrefix', '/foo'), entry('b/0/0', 'PathPrefix', '/foobar')], ['-', '-']],
    ['a prefix shadows a later Exact under it', [entry('a/0/0', 'PathPrefix', '/foo'), entry('b/0/0', 'Exact', '/foo/x')], ['-', 'a/0/0']],
    ['a later entry never shadows an earlier one', [entry('a/0/0', 'Exact', '/foo/x'), entry('b/0/0', 'PathPrefix', '/foo')], ['-', '-']],
    [
      'the earliest covering entry is named',
      [entry('a/0/0', 'PathPrefix', '/foo/bar'), entry('b/0/0', 'PathPrefix', '/foo'), entry('c/0/0', 'Exact', '/foo/bar/x')],
      ['-', '-', 'a/0/0'],
    ],
    ['another match of the same rule does not count', [entry('a/0/0', 'PathPrefix', '/x'), entry('a/0/1', 'PathPrefix', '/x')], ['-', '-']],
    ['another rule of the same route does', [entry('a/0/0', 'PathPrefix', '/x'), entry('a/1/0', 'PathPrefix', '/x')], ['-', 'a/0/0']],
    ['regex: identical pattern only', [entry('a/0/0', 'RegularExpression', '/.*'), entry('b/0/0', 'RegularExpression', '/x'), entry('c/0/0', 'RegularExpression', '/.*')], ['-', '-', 'a/0/0']],
    ['/ shadows a later regex', [entry('a/0/0', 'PathPrefix', '/'), entry('b/0/0', 'RegularExpression', '/x')], ['-', 'a/0/0']],
    ['a header constraint on the earlier entry protects the later one', [entry('a/0/0', 'PathPrefix', '/', { headers: [{ type: 'Exact', name: 'x', value: '1' }] }), entry('b/0/0', 'PathPrefix', '/y')], ['-', '-']],
  ])('%s', (_name, entries, expected) => {
    expect(ids(findShadowersInOrder(entries))).toEqual(expected);
  });
});

describe('findShadowedRules', () => {
  const listener = (name: string, vhosts: { hostname: string; routes: IrRoute[] }[]) => ({
    name,
    gateway: { namespace: 'infra', name: 'gw' },
    listenerName: name.split('/')[2] ?? '',
    addresses: ['127.0.0.1'],
    port: 80,
    protocol: 'HTTP' as const,
    rules: [],
    virtualHosts: vhosts,
  });
  const snapshot = (listeners: ReturnType<typeof listener>[]): RoutingSnapshot => ({ schemaVersion: IR_SCHEMA_VERSION, version: '0000000000000000', listeners, certificates: [] });
  const a = entry('a/0/0', 'PathPrefix', '/api');
  const b = entry('b/0/0', 'PathPrefix', '/api');
  const bOther = entry('b/0/1', 'Exact', '/other');

  it('reports a rule only when it is shadowed on every virtual host and listener', () => {
    expect(findShadowedRules(snapshot([listener('infra/gw/http', [{ hostname: 'x', routes: [a, b] }, { hostname: 'y', routes: [b] }])]))).toEqual([]);
    expect(findShadowedRules(snapshot([listener('infra/gw/http', [{ hostname: 'x', routes: [a, b] }]), listener('infra/gw/other', [{ hostname: '*', routes: [b] }])]))).toEqual([]);
    const found = findShadowedRules(snapshot([listener('infra/gw/http', [{ hostname: 'x', routes: [a, b] }, { hostname: 'y', routes: [a, b] }])]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: 'b', finding: { type: 'ShadowedRule', ruleIndex: 0, hostnames: ['x', 'y'], related: [{ name: 'a', ruleIndex: 0 }] } });
    expect(found[0]?.finding.matchIndex).toBeUndefined();
  });

  it('reports a single match when the rule still serves through another', () => {
    const found = findShadowedRules(snapshot([listener('infra/gw/http', [{ hostname: 'x', routes: [a, bOther, b] }])]));
    expect(found).toHaveLength(1);
    expect(found[0]?.finding).toMatchObject({ ruleIndex: 0, matchIndex: 0 });
    expect(found[0]?.finding.message).toContain('the rule still serves requests through its other matches');
  });
});
