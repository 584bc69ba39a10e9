import { describe, expect, it } from 'vitest';
import type { TopologyEdge, TopologyNode } from '@/lib/api/topology';
import { collapseTopology } from '@/components/topology/collapse-topology';

const node = (id: string, parent?: string): TopologyNode => ({ id, kind: 'Rule', name: id, label: id, status: 'accepted', summary: 'Accepted', conditions: [], gateways: [], details: [], ...(parent ? { parent } : {}) });
const edge = (source: string, target: string, extra: Partial<TopologyEdge> = {}): TopologyEdge => ({ id: `${source}->${target}`, source, target, kind: 'backend', status: 'accepted', ...extra });

const model = {
  nodes: [node('route'), node('r0', 'route'), node('r1', 'route'), node('svc')],
  edges: [edge('route', 'r0'), edge('route', 'r1'), edge('r0', 'svc', { label: 'weight 1' }), edge('r1', 'svc', { status: 'error', reason: 'RefNotPermitted' })],
};

describe('collapseTopology', () => {
  it('returns the model as is when nothing is collapsed', () => {
    expect(collapseTopology(model, new Set())).toEqual(model);
  });

  it('folds children into the collapsed node and merges their edges, keeping the worst status', () => {
    const { nodes, edges } = collapseTopology(model, new Set(['route']));
    expect(nodes.map((n) => n.id)).toEqual(['route', 'svc']);
    expect(edges).toEqual([{ id: 'backend:route->svc', source: 'route', target: 'svc', kind: 'backend', status: 'error', reason: 'RefNotPermitted', message: undefined, label: undefined, traffic: undefined, weight: undefined, configuredShare: undefined }]);
  });
});
