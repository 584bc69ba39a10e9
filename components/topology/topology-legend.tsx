import { TOPOLOGY_STATUS_LABEL, TOPOLOGY_STATUSES } from '@/lib/api/topology';
import { STATUS_COLOR } from '@/components/topology/status-style';

const STATUS_MEANING = {
  accepted: 'accepted, resolved, programmed',
  warning: 'pending, partially invalid, no ready endpoints, or advice',
  error: 'refused or a broken reference',
} as const;

/** What the colours and line styles mean, in words (never colour alone). */
export function TopologyLegend() {
  return (
    <section aria-labelledby="topology-legend-heading" className="text-xs">
      <h2 id="topology-legend-heading" className="mb-1 text-sm font-semibold">
        Legend
      </h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {TOPOLOGY_STATUSES.map((s) => (
          <li key={s} className="flex items-center gap-1">
            <svg width="24" height="8" aria-hidden="true">
              <line x1="0" y1="4" x2="24" y2="4" stroke={STATUS_COLOR[s]} strokeWidth="3" strokeDasharray={s === 'error' ? '6 4' : undefined} />
            </svg>
            <span>
              <strong>{TOPOLOGY_STATUS_LABEL[s]}</strong>: {STATUS_MEANING[s]}
            </span>
          </li>
        ))}
        <li>Dashed box: missing backend or hidden objects</li>
        <li>Thicker line: more requests/s</li>
      </ul>
    </section>
  );
}
