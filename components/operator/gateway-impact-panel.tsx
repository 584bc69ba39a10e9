import type { GatewayImpact } from '@/lib/api/reference-grant-impact';

/** What saving would change: detached and newly attached routes, and predicted listener problems. */
export function GatewayImpactPanel({ impact, error, pending, previewable }: { impact?: GatewayImpact; error?: string; pending: boolean; previewable: boolean }) {
  return (
    <section aria-labelledby="impact-heading" aria-live="polite" className="space-y-2 rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-800">
      <h3 id="impact-heading" className="font-semibold">
        Impact of saving
      </h3>
      {!previewable && <p>Choose a namespace, name and class to see the impact.</p>}
      {previewable && pending && <p>Computing…</p>}
      {error && <p>{error}</p>}
      {impact && (
        <>
          {!impact.managed && <p>This Gateway would not be served by Portico: its class is not Portico’s or not accepted.</p>}
          <div>
            <h4 className="font-medium">Routes that would detach</h4>
            {impact.detached.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul aria-label="Routes that would detach" className="list-disc pl-5">
                {impact.detached.map((d) => (
                  <li key={`${d.kind}/${d.namespace}/${d.name ?? ''}`}>
                    {d.name ? `${d.kind} ${d.namespace}/${d.name}` : `an ${d.kind} in ${d.namespace}`}: loses {d.before.filter((x) => !d.after.includes(x)).join(', ')}
                    {d.fully ? ' (no listener left)' : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {impact.attached.length > 0 && (
            <div>
              <h4 className="font-medium">Routes that would attach</h4>
              <ul aria-label="Routes that would attach" className="list-disc pl-5">
                {impact.attached.map((d) => (
                  <li key={`${d.kind}/${d.namespace}/${d.name ?? ''}`}>
                    {d.name ? `${d.kind} ${d.namespace}/${d.name}` : `an ${d.kind} in ${d.namespace}`}: gains {d.after.filter((x) => !d.before.includes(x)).join(', ')}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {impact.listeners.some((l) => l.problem) && (
            <div>
              <h4 className="font-medium">Listener problems the controller would report</h4>
              <ul className="list-disc pl-5">
                {impact.listeners
                  .filter((l) => l.problem)
                  .map((l) => (
                    <li key={l.name}>
                      {l.name}: {l.problem!.type} {l.problem!.reason}: {l.problem!.message}
                    </li>
                  ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
