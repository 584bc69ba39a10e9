import { describe, expect, it } from 'vitest';
import { lines, resourceTypeOf, rowLines, validateBody, validateStatusOf } from '@/lib/validation/test-fixtures';
import { gateway, gatewayClass, gatewayClassRows, gatewayRows, http, https, listenerSet, listenerSetRows } from '@/lib/gateway-api/gateway.cases';
import { validateResource } from '@/lib/validation/validate-resource';

describe('Gateway validation', () => {
  it.each(gatewayRows)('$name', (row) => {
    const got = rowLines('Gateway', row);
    if (row.want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(row.want));
  });

  it('defaults allowedRoutes, TLS mode, certificate refs and address types', () => {
    const { object, causes } = validateBody('Gateway', gateway({ listeners: [http, https], addresses: [{ value: '10.0.0.1' }] }));
    expect(causes).toEqual([]);
    const spec = object.spec as { listeners: unknown[]; addresses: unknown[] };
    expect(spec.listeners).toEqual([
      { ...http, allowedRoutes: { namespaces: { from: 'Same' } } },
      { ...https, tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'cert' }] }, allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
    expect(spec.addresses).toEqual([{ type: 'IPAddress', value: '10.0.0.1' }]);
  });

  it('defaults allowedRoutes kinds group and allowedListeners', () => {
    const { object } = validateBody('Gateway', gateway({ listeners: [{ ...http, allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] } }], allowedListeners: {} }));
    expect(object.spec).toMatchObject({
      listeners: [{ allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] } }],
      allowedListeners: { namespaces: { from: 'None' } },
    });
  });

  it('validates status and defaults its conditions', () => {
    const status = validateStatusOf('Gateway', { addresses: [{ type: 'Hostname', value: 'Bad_Host' }], listeners: [{ name: 'http', attachedRoutes: 1, conditions: [] }] });
    expect(lines(status.causes)).toEqual([
      'status.addresses[0]: Invalid value: "object": Hostname value must only contain valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)',
    ]);
    const ok = validateStatusOf('Gateway', { listeners: [{ name: 'http', attachedRoutes: 0, conditions: [] }] });
    expect(ok.causes).toEqual([]);
    expect((ok.object.status as { conditions: { type: string; reason: string }[] }).conditions.map((c) => `${c.type}/${c.reason}`)).toEqual(['Accepted/Pending', 'Programmed/Pending']);
  });
});

describe('ListenerSet validation', () => {
  it.each(listenerSetRows)('$name', (row) => {
    const got = rowLines('ListenerSet', row);
    if (row.want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(row.want));
  });

  it('defaults the parent reference', () => {
    const { object } = validateBody('ListenerSet', listenerSet(http));
    expect(object.spec).toMatchObject({ parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' } });
  });
});

describe('GatewayClass validation', () => {
  it.each(gatewayClassRows)('$name', (row) => {
    const got = rowLines('GatewayClass', row);
    if (row.want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(row.want));
  });

  it('C-05: rejects a namespace on the cluster-scoped kind', () => {
    const object = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'x', namespace: 'default' }, ...gatewayClass({}) };
    expect(lines(validateResource(resourceTypeOf('GatewayClass'), object, 'object').causes)).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });
});

