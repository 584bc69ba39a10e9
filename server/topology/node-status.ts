import type { TopologyCondition, TopologyStatus } from '@/lib/api/topology';

/** Condition types whose healthy value is True; False is an error, Unknown a warning (e.g. not programmed yet). */
const POSITIVE = new Set(['Accepted', 'ResolvedRefs', 'Programmed']);
/** Condition types that are trouble when True. */
const ERROR_WHEN_TRUE = new Set(['Conflicted']);
const WARNING_WHEN_TRUE = new Set(['PartiallyInvalid', 'OverlappingTLSConfig']);

const RANK: Record<TopologyStatus, number> = { accepted: 0, warning: 1, error: 2 };

/** The worse of two statuses. */
export function worstStatus(a: TopologyStatus, b: TopologyStatus): TopologyStatus {
  return RANK[b] > RANK[a] ? b : a;
}

function conditionStatus(c: TopologyCondition): TopologyStatus {
  if (POSITIVE.has(c.type)) return c.status === 'True' ? 'accepted' : c.status === 'False' ? 'error' : 'warning';
  if (ERROR_WHEN_TRUE.has(c.type)) return c.status === 'True' ? 'error' : 'accepted';
  // Portico's own diagnostics (portico.dev/RulesShadowed, HostnameConflict) are advice, not failure.
  if (WARNING_WHEN_TRUE.has(c.type) || c.type.startsWith('portico.dev/')) return c.status === 'True' ? 'warning' : 'accepted';
  return 'accepted';
}

/**
 * A node's status from its conditions: the worst one decides, and the summary names it
 * (its reason), so the status never rests on colour alone.
 */
export function summarizeConditions(conditions: readonly TopologyCondition[]): { status: TopologyStatus; summary: string } {
  let status: TopologyStatus = 'accepted';
  let summary = conditions.length === 0 ? 'No conditions' : 'Accepted';
  for (const c of conditions) {
    const s = conditionStatus(c);
    if (RANK[s] > RANK[status]) {
      status = s;
      summary = c.reason;
    }
  }
  return { status, summary };
}
