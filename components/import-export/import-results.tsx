import type { ImportResult } from '@/lib/api/import-export';
import { Badge, type Tone } from '@/components/ui/badge';
import { DataTable } from '@/components/ui/data-table';

const OUTCOME: Record<ImportResult['outcome'], { label: string; tone: Tone }> = {
  created: { label: 'Created', tone: 'success' },
  configured: { label: 'Applied', tone: 'success' },
  unchanged: { label: 'Unchanged', tone: 'neutral' },
  invalid: { label: 'Invalid, not sent', tone: 'danger' },
  failed: { label: 'Refused by the API', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'neutral' },
};

/** One row per imported document: its outcome in words, the API's message verbatim, field causes. */
export function ImportResults({ results }: { results: readonly ImportResult[] }) {
  return (
    <DataTable
      caption="Import results"
      columns={[
        { header: '#', cell: (r: ImportResult) => r.index },
        { header: 'Object', cell: (r) => r.label, rowHeader: true },
        { header: 'Result', cell: (r) => <Badge tone={OUTCOME[r.outcome].tone}>{OUTCOME[r.outcome].label}</Badge> },
        {
          header: 'Details',
          cell: (r) => (
            <div className="space-y-1">
              {r.message && <p>{r.message}</p>}
              {r.causes.length > 0 && (
                <ul className="list-disc pl-5">
                  {r.causes.map((c, i) => (
                    <li key={i}>
                      {c.field ? <code>{c.field}</code> : null}
                      {c.field ? ': ' : ''}
                      {c.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ),
        },
      ]}
      rows={results}
      rowKey={(r) => String(r.index)}
    />
  );
}
