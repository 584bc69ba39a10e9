import type { ImpactedObject } from '@/lib/api/reference-grant-impact';
import { describeImpacted } from '@/components/operator/impact-queries';

/** Objects a grant enables (or would break), each with the references involved. */
export function ImpactList({ label, objects, empty }: { label: string; objects: ImpactedObject[]; empty: string }) {
  if (objects.length === 0) return <p className="text-sm">{empty}</p>;
  return (
    <ul aria-label={label} className="list-disc space-y-1 pl-5 text-sm">
      {objects.map((o) => (
        <li key={`${o.kind}/${o.namespace}/${o.name ?? ''}`}>
          {describeImpacted(o)}
          {' → '}
          {o.references.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ')}
        </li>
      ))}
    </ul>
  );
}
