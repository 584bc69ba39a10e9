import type { BackendTraffic, RuleTraffic, TopologyEdge } from '@/lib/api/topology';

/** The live numbers an edge shows: a rule's (route -> rule) or a backend's (rule -> Service). */
export interface EdgeTraffic {
  rps: number;
  errorRate: number;
  p99Ms?: number | null;
  /** Actual share of the rule's requests (backend edges). */
  share?: number | null;
}

export function edgeTraffic(edge: TopologyEdge, rules: Record<string, RuleTraffic>, backends: Record<string, BackendTraffic>): EdgeTraffic | undefined {
  if (!edge.traffic) return undefined;
  if (edge.traffic.backend !== undefined) {
    const b = backends[`${edge.traffic.rule}|${edge.traffic.backend}`];
    if (b) return { rps: b.rps, errorRate: b.errorRate, share: b.share, p99Ms: rules[edge.traffic.rule]?.p99Ms ?? null };
    // The proxy reports only series that saw a request: a backend its siblings took every request from has none.
    return siblingsSplit(edge.traffic.rule, backends) ? { rps: 0, errorRate: 0, share: 0 } : undefined;
  }
  const r = rules[edge.traffic.rule];
  return r ? { rps: r.rps, errorRate: r.errorRate, p99Ms: r.p99Ms } : undefined;
}

/** Whether other backends of `rule` report a split (so one without figures got 0% of it). */
function siblingsSplit(rule: string, backends: Record<string, BackendTraffic>): boolean {
  const prefix = `${rule}|`;
  for (const key in backends) if (key.startsWith(prefix) && backends[key]?.share != null) return true;
  return false;
}

const rate = (rps: number) => (rps >= 10 ? rps.toFixed(0) : rps.toFixed(1));
const percent = (x: number) => `${Math.round(x * 100)}%`;

/** "weight 80 (80%) · 12 req/s · actual 79% · p99 5 ms · 0% errors" */
export function formatEdgeText(edge: TopologyEdge, traffic: EdgeTraffic | undefined): string {
  const parts: string[] = [];
  if (edge.label) parts.push(edge.label);
  if (traffic && (traffic.rps > 0 || traffic.share != null)) {
    parts.push(`${rate(traffic.rps)} req/s`);
    if (traffic.share != null) parts.push(`actual ${percent(traffic.share)}`);
    if (traffic.p99Ms != null && traffic.rps > 0) parts.push(`p99 ${traffic.p99Ms} ms`);
    if (traffic.rps > 0) parts.push(`${percent(traffic.errorRate)} errors`);
  }
  return parts.join(' · ');
}
