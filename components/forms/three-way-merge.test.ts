import { describe, expect, it } from 'vitest';
import { threeWayMerge } from '@/components/forms/three-way-merge';

describe('threeWayMerge', () => {
  const base = { spec: { hostnames: ['a.example'], rules: [{ path: '/a' }] }, metadata: { labels: { x: '1' } } };
  const cases: { name: string; mine: unknown; theirs: unknown; want: unknown; conflicts: string[] }[] = [
    {
      name: 'changes to different fields are both kept',
      mine: { ...base, spec: { ...base.spec, rules: [{ path: '/mine' }] } },
      theirs: { ...base, spec: { ...base.spec, hostnames: ['b.example'] } },
      want: { spec: { hostnames: ['b.example'], rules: [{ path: '/mine' }] }, metadata: { labels: { x: '1' } } },
      conflicts: [],
    },
    {
      name: 'both changed the same field: mine wins, reported',
      mine: { ...base, spec: { ...base.spec, hostnames: ['m.example'] } },
      theirs: { ...base, spec: { ...base.spec, hostnames: ['t.example'] } },
      want: { ...base, spec: { ...base.spec, hostnames: ['m.example'] } },
      conflicts: ['spec.hostnames'],
    },
    {
      name: 'a key they added survives',
      mine: base,
      theirs: { ...base, metadata: { labels: { x: '1', y: '2' } } },
      want: { ...base, metadata: { labels: { x: '1', y: '2' } } },
      conflicts: [],
    },
    {
      name: 'a key I removed stays removed when they did not touch it',
      mine: { ...base, metadata: { labels: {} } },
      theirs: base,
      want: { ...base, metadata: { labels: {} } },
      conflicts: [],
    },
    {
      name: 'the same change on both sides is no conflict',
      mine: { ...base, spec: { ...base.spec, hostnames: ['s.example'] } },
      theirs: { ...base, spec: { ...base.spec, hostnames: ['s.example'] } },
      want: { ...base, spec: { ...base.spec, hostnames: ['s.example'] } },
      conflicts: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = threeWayMerge(base, c.mine, c.theirs);
      expect(r.value).toEqual(c.want);
      expect(r.conflicts).toEqual(c.conflicts);
    });
  }
});
