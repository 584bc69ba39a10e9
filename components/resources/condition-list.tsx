import { StatusBadge, type ConditionLike } from '@/components/resources/status-badge';

/**
 * The raw conditions of an object or a parent, as the API holds them: type, status, reason,
 * message, when it last changed and for which generation (a condition for an older generation
 * is marked outdated).
 */
export function ConditionList({ conditions, label, generation }: { conditions: readonly ConditionLike[]; label: string; generation?: number }) {
  if (conditions.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No conditions reported yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr className="text-left">
            <th scope="col" className="py-1 pr-4 font-semibold">Type</th>
            <th scope="col" className="py-1 pr-4 font-semibold">Status</th>
            <th scope="col" className="py-1 pr-4 font-semibold">Reason</th>
            <th scope="col" className="py-1 pr-4 font-semibold">Message</th>
            <th scope="col" className="py-1 pr-4 font-semibold">Last change</th>
          </tr>
        </thead>
        <tbody>
          {conditions.map((c) => {
            const stale = generation !== undefined && c.observedGeneration !== undefined && c.observedGeneration < generation;
            return (
              <tr key={c.type} className="border-t border-slate-200 align-top dark:border-slate-800">
                <th scope="row" className="py-1 pr-4 text-left font-mono font-normal">{c.type}</th>
                <td className="py-1 pr-4">
                  <StatusBadge condition={c} negative={c.type.startsWith('portico.dev/')} stale={stale} />
                  <span className="sr-only"> status {c.status}</span>
                </td>
                <td className="py-1 pr-4 font-mono">{c.reason ?? ''}</td>
                <td className="py-1 pr-4">{c.message ?? ''}</td>
                <td className="py-1 pr-4 whitespace-nowrap">
                  {c.lastTransitionTime ? <time dateTime={c.lastTransitionTime}>{c.lastTransitionTime.replace('T', ' ').replace('Z', ' UTC')}</time> : ''}
                  {c.observedGeneration !== undefined && <span className="block text-xs text-slate-600 dark:text-slate-400">generation {c.observedGeneration}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
