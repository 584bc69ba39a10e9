import { describe, expect, it } from 'vitest';
import { buildParentChoices } from '@/components/apps/parent-choices';
import type { GatewayObject } from '@/components/apps/route-types';

const gw: GatewayObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'public', namespace: 'infra' },
  spec: {
    listeners: [
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'internal', port: 81, protocol: 'HTTP' },
    ],
  },
};

describe('buildParentChoices', () => {
  it('offers the Gateway and each listener, disabling the ones that refuse the route, with the reason', () => {
    const choices = buildParentChoices([gw], 'HTTPRoute', 'team-a', {});
    expect(choices.map((c) => [c.value, Boolean(c.disabled)])).toEqual([
      ['infra/public', false],
      ['infra/public/http', false],
      ['infra/public/internal', true],
    ]);
    expect(choices[2]?.label).toContain('only accepts routes from its own namespace infra');
  });
  it('disables the whole Gateway when no listener accepts the route', () => {
    const choices = buildParentChoices([{ ...gw, spec: { listeners: [gw.spec!.listeners![1]!] } }], 'HTTPRoute', 'team-a', {});
    expect(choices[0]).toMatchObject({ value: 'infra/public', disabled: true });
  });
});
