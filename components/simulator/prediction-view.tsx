import { describeVisibleRoute, type MatchPreviewResponse, type PreviewCandidate } from '@/lib/api/match-preview';
import { Badge } from '@/components/ui/badge';
import { DataTable } from '@/components/ui/data-table';

/**
 * The simulator's prediction: where the request lands (listener, route, rule, filters,
 * backends), what the proxy will answer, and every candidate with why it lost. Text carries the
 * meaning; colour only repeats it.
 */
export function PredictionView({ preview }: { preview: MatchPreviewResponse }) {
  const { winner, answer, listener } = preview;
  return (
    <section aria-labelledby="prediction-heading" className="space-y-3">
      <h3 id="prediction-heading" className="text-lg font-semibold">
        Prediction
      </h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Listener</dt>
        <dd>{listener ? `${listener.name} (${listener.protocol} port ${listener.port}${listener.hostname ? `, hostname ${listener.hostname}` : ''})` : 'none'}</dd>
        <dt className="font-medium">Virtual host</dt>
        <dd>{preview.virtualHost ?? 'none'}</dd>
        <dt className="font-medium">Path matched</dt>
        <dd>
          <code>{preview.normalizedPath}</code>
        </dd>
        <dt className="font-medium">Serves it</dt>
        <dd data-testid="predicted-route">
          {winner ? (
            <>
              {describeVisibleRoute(winner.route)}, rule {winner.ruleIndex}
              {winner.ruleName ? ` (${winner.ruleName})` : ''}, match {winner.matchIndex}
              {winner.match ? (
                <>
                  {': '}
                  <code>{winner.match}</code>
                </>
              ) : null}
            </>
          ) : (
            <>No route: {preview.miss?.message}</>
          )}
        </dd>
        <dt className="font-medium">Answer</dt>
        <dd data-testid="predicted-answer">
          <Badge tone={answer.kind === 'error' ? 'danger' : answer.kind === 'redirect' ? 'info' : 'success'}>
            {answer.kind === 'forward' ? 'Forwarded' : answer.kind === 'redirect' ? `Redirect ${answer.status ?? ''}` : `Error ${answer.status ?? ''}`}
          </Badge>{' '}
          {answer.summary}
        </dd>
      </dl>
      {winner && winner.filters.length > 0 && (
        <div>
          <h4 className="text-sm font-semibold">Filters, in order</h4>
          <ol className="ml-5 list-decimal text-sm">
            {winner.filters.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ol>
        </div>
      )}
      {winner && winner.backends.length > 0 && (
        <DataTable
          caption="Backends of the winning rule"
          columns={[
            { header: 'Backend', cell: (b) => b.label, rowHeader: true },
            { header: 'Weight', cell: (b) => `${b.weight} (${b.sharePercent}%)` },
            { header: 'State', cell: (b) => (b.valid ? `${b.endpoints} endpoint(s)` : (b.reason ?? 'invalid')) },
          ]}
          rows={winner.backends}
          rowKey={(b) => b.label}
        />
      )}
      <DataTable
        caption="Candidates in precedence order"
        columns={[
          { header: 'Route', cell: (c: PreviewCandidate) => describeVisibleRoute(c.route), rowHeader: true },
          { header: 'Rule / match', cell: (c) => `rule ${c.ruleIndex}, match ${c.matchIndex}` },
          { header: 'Result', cell: (c) => (c.selected ? <Badge tone="success">Wins</Badge> : <Badge tone="neutral">Lost</Badge>) },
          {
            header: 'Why',
            cell: (c) => (
              <ul className="space-y-0.5">
                {c.reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            ),
          },
        ]}
        rows={preview.candidates}
        rowKey={(c) => `${c.route.kind}/${c.route.namespace}/${c.route.name ?? '?'}/${c.ruleIndex}/${c.matchIndex}`}
        empty="No route of this listener serves this host."
      />
    </section>
  );
}
