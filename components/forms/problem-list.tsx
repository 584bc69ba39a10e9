import type { K8sFieldCause } from '@/lib/api/k8s-api-error';

/**
 * Every problem of the draft in one place (the same causes the API would return, field by
 * field), so none is missed when its field is not on screen (YAML view, collapsed sections).
 */
export function ProblemList({ id, causes, syntax }: { id: string; causes: readonly K8sFieldCause[]; syntax: readonly string[] }) {
  const count = causes.length + syntax.length;
  return (
    <section id={id} aria-label="Problems" aria-live="polite" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
      <h2 className="font-semibold">{count === 0 ? 'No problems found' : `${count} problem${count === 1 ? '' : 's'} to fix before saving`}</h2>
      {count > 0 && (
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-red-800 dark:text-red-300">
          {syntax.map((s, i) => (
            <li key={`s${i}`}>YAML: {s}</li>
          ))}
          {causes.map((c, i) => (
            <li key={i}>
              {c.field ? <code>{c.field}</code> : 'object'}: {c.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
