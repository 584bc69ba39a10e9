import type { TestRequestResponse } from '@/lib/api/match-preview';
import { Badge } from '@/components/ui/badge';

/** The proxy's real answer to a test request: status, headers and the (truncated) body. */
export function RealResponseView({ response }: { response: TestRequestResponse }) {
  const ok = response.status < 400;
  return (
    <section aria-labelledby="real-response-heading" className="space-y-3">
      <h3 id="real-response-heading" className="text-lg font-semibold">
        Real response
      </h3>
      <p className="text-sm" data-testid="real-status">
        <Badge tone={ok ? 'success' : 'danger'}>Status {response.status}</Badge> from {response.address} in {response.durationMs} ms
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Response headers ({Object.keys(response.headers).length})</summary>
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 break-all font-mono text-xs">
          {Object.entries(response.headers).map(([name, value]) => (
            <div key={name} className="contents">
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div>
        <h4 className="text-sm font-semibold">Body{response.truncated ? ' (truncated)' : ''}</h4>
        <pre
          tabIndex={0}
          aria-label="Response body"
          data-testid="real-body"
          className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-xs dark:border-slate-700 dark:bg-slate-900"
        >
          {prettyBody(response.body)}
        </pre>
      </div>
    </section>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
