import { describe, expect, it } from 'vitest';
import { summarizeRoute } from '@/components/apps/route-summary';
import type { RouteObject } from '@/components/apps/route-types';

const ref = { name: 'public', namespace: 'infra' };
const r = (conds: { type: string; status: string; reason?: string; observedGeneration?: number }[] | null, generation = 1): RouteObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'x', namespace: 'a', generation },
  spec: { parentRefs: [ref] },
  status: conds ? { parents: [{ parentRef: ref, conditions: conds }] } : undefined,
});

describe('summarizeRoute', () => {
  const cases: [string, RouteObject, string][] = [
    ['accepted', r([{ type: 'Accepted', status: 'True', observedGeneration: 1 }, { type: 'ResolvedRefs', status: 'True' }]), 'Accepted'],
    ['refused', r([{ type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners' }]), 'Not accepted (NotAllowedByListeners)'],
    ['refs', r([{ type: 'Accepted', status: 'True' }, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' }]), 'Accepted, refs not resolved (RefNotPermitted)'],
    ['no status', r(null), 'Pending'],
    ['stale', r([{ type: 'Accepted', status: 'True', observedGeneration: 1 }], 2), 'Pending'],
  ];
  for (const [name, route, text] of cases) it(name, () => expect(summarizeRoute(route).text).toBe(text));
});
