import { describe, expect, it } from 'vitest';
import { layoutLayered } from '@/components/topology/layered-layout';
import { DAGRE_MAX_NODES, layoutTopology, structureKey, TOPOLOGY_NODE_HEIGHT, TOPOLOGY_NODE_WIDTH } from '@/components/topology/layout-topology';

const chain = {
  nodes: [{ id: 'class' }, { id: 'gw' }, { id: 'ls' }, { id: 'route' }, { id: 'rule' }, { id: 'svc-a' }, { id: 'svc-b' }, { id: 'grant' }],
  edges: [
    { source: 'class', target: 'gw' },
    { source: 'gw', target: 'ls' },
    { source: 'ls', target: 'route' },
    { source: 'route', target: 'rule' },
    { source: 'rule', target: 'svc-a' },
    { source: 'rule', target: 'svc-b' },
    { source: 'grant', target: 'svc-b' },
  ],
};
const SIZE = { width: TOPOLOGY_NODE_WIDTH, height: TOPOLOGY_NODE_HEIGHT, rankGap: 90, nodeGap: 18 };

function overlaps(positions: Map<string, { x: number; y: number }>): boolean {
  const list = [...positions.values()];
  return list.some((a, i) => list.slice(i + 1).some((b) => Math.abs(a.x - b.x) < TOPOLOGY_NODE_WIDTH && Math.abs(a.y - b.y) < TOPOLOGY_NODE_HEIGHT));
}

describe('structureKey', () => {
  it('changes with structure only, not with order or other fields', () => {
    const shuffled = { nodes: [...chain.nodes].reverse().map((n) => ({ ...n, status: 'error' })), edges: [...chain.edges].reverse() };
    expect(structureKey(shuffled)).toBe(structureKey(chain));
    expect(structureKey({ ...chain, edges: chain.edges.slice(1) })).not.toBe(structureKey(chain));
  });
});

describe.each([
  ['dagre', (input: typeof chain) => layoutTopology(input)],
  ['layered', (input: typeof chain) => layoutLayered(input, SIZE)],
])('%s layout', (_name, layout) => {
  it('places the chain left to right without overlaps', () => {
    const p = layout(chain);
    const x = (id: string) => p.get(id)!.x;
    expect(x('class')).toBeLessThan(x('gw'));
    expect(x('gw')).toBeLessThan(x('ls'));
    expect(x('ls')).toBeLessThan(x('route'));
    expect(x('route')).toBeLessThan(x('rule'));
    expect(x('rule')).toBeLessThan(x('svc-a'));
    expect(x('grant')).toBeLessThan(x('svc-b'));
    expect(overlaps(p)).toBe(false);
  });

  it('is deterministic', () => {
    expect([...layout(chain)]).toEqual([...layout(chain)]);
  });
});

describe('layoutLayered', () => {
  it('puts a source next to its successor, not in the first column', () => {
    const p = layoutLayered(chain, SIZE);
    expect(p.get('grant')!.x).toBe(p.get('rule')!.x);
  });

  it('survives cycles (placeholders can close one)', () => {
    const p = layoutLayered({ nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], edges: [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'c', target: 'a' }] }, SIZE);
    expect(p.size).toBe(3);
    expect(overlaps(p)).toBe(false);
  });

  it('lays out a big graph quickly and without overlaps', () => {
    const nodes = Array.from({ length: DAGRE_MAX_NODES * 4 }, (_, i) => ({ id: `n${i}` }));
    const edges = nodes.slice(1).map((n, i) => ({ source: `n${Math.floor(i / 3)}`, target: n.id }));
    const p = layoutTopology({ nodes, edges });
    expect(p.size).toBe(nodes.length);
    expect(overlaps(p)).toBe(false);
  });
});
