import { describe, expect, it } from 'vitest';
import type { TopologyEdge } from '@/lib/api/topology';
import { edgeTraffic, formatEdgeText } from '@/components/topology/format-traffic';

const backend: TopologyEdge = { id: 'b', source: 'rule', target: 'svc', kind: 'backend', status: 'accepted', label: 'weight 80 (80%)', traffic: { rule: 'HTTPRoute/a/r/0', backend: 'a/v1:80' } };
const rule: TopologyEdge = { id: 'r', source: 'route', target: 'rule', kind: 'rule', status: 'accepted', traffic: { rule: 'HTTPRoute/a/r/0' } };
const rules = { 'HTTPRoute/a/r/0': { rps: 12.5, errorRate: 0.02, p99Ms: 25 } };
const backends = { 'HTTPRoute/a/r/0|a/v1:80': { rps: 10, errorRate: 0, share: 0.794, requests: 800 } };

describe('edge traffic text', () => {
  it.each([
    { name: 'backend with traffic', edge: backend, expected: 'weight 80 (80%) · 10 req/s · actual 79% · p99 25 ms · 0% errors' },
    { name: 'rule with traffic', edge: rule, expected: '13 req/s · p99 25 ms · 2% errors' },
    { name: 'no traffic key', edge: { ...backend, traffic: undefined }, expected: 'weight 80 (80%)' },
  ])('$name', ({ edge, expected }) => {
    expect(formatEdgeText(edge, edgeTraffic(edge, rules, backends))).toBe(expected);
  });

  it('shows a backend without figures as 0% of a split its siblings took, and nothing when none report', () => {
    const starved: TopologyEdge = { ...backend, label: 'weight 1 (1%)', traffic: { rule: 'HTTPRoute/a/r/0', backend: 'a/v2:80' } };
    expect(formatEdgeText(starved, edgeTraffic(starved, rules, backends))).toBe('weight 1 (1%) · 0.0 req/s · actual 0%');
    const otherRule: TopologyEdge = { ...starved, traffic: { rule: 'HTTPRoute/a/other/0', backend: 'a/v2:80' } };
    expect(formatEdgeText(otherRule, edgeTraffic(otherRule, rules, backends))).toBe('weight 1 (1%)');
  });

  it('shows the split without a rate once traffic stopped', () => {
    const idle = { 'HTTPRoute/a/r/0|a/v1:80': { rps: 0, errorRate: 0, share: 0.8, requests: 800 } };
    expect(formatEdgeText(backend, edgeTraffic(backend, {}, idle))).toBe('weight 80 (80%) · 0.0 req/s · actual 80%');
  });
});
