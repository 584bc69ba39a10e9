import { Badge, type Tone } from '@/components/ui/badge';
import { ConditionList } from '@/components/resources/condition-list';
import type { ParentExplanation, ParentState } from '@/components/apps/explain-parent-status';

const STATE: Record<ParentState, { tone: Tone; text: string }> = {
  attached: { tone: 'success', text: 'Attached' },
  degraded: { tone: 'warning', text: 'Attached with problems' },
  refused: { tone: 'danger', text: 'Not attached' },
  pending: { tone: 'neutral', text: 'Pending' },
};

/** One parent's status in words, with the raw conditions one click away (a disclosure). */
export function ParentStatusCard({ explanation, generation }: { explanation: ParentExplanation; generation?: number }) {
  const s = STATE[explanation.state];
  return (
    <li className="space-y-2 rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{explanation.parent}</span>
        <Badge tone={s.tone}>{s.text}</Badge>
      </p>
      <p>{explanation.headline}</p>
      {explanation.details.length > 0 && (
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {explanation.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      )}
      <details>
        <summary className="cursor-pointer text-sm text-sky-800 dark:text-sky-300">Raw conditions for {explanation.parent}</summary>
        <div className="mt-2">
          <ConditionList conditions={explanation.conditions} label={`Conditions for ${explanation.parent}`} generation={generation} />
        </div>
      </details>
    </li>
  );
}
