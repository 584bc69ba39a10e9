'use client';

import { TextField } from '@/components/ui/text-field';
import { Button } from '@/components/ui/button';
import { ListSection } from '@/components/forms/list-section';
import type { EditorApi } from '@/components/forms/editor-api';

/** The route's hostnames; none means "every hostname the listener serves". */
export function HostnameFields({ api }: { api: EditorApi }) {
  const hostnames = ((api.draft.spec as { hostnames?: string[] } | undefined)?.hostnames ?? []) as string[];
  return (
    <ListSection id="hostnames" legend="Hostnames" addLabel="Add hostname" onAdd={() => api.add(['spec', 'hostnames'], '')} errors={api.errors(['spec', 'hostnames'])}>
      {hostnames.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No hostnames: the route serves every hostname its listeners accept.</p>}
      {hostnames.map((h, i) => (
        <div key={i} className="flex items-start gap-2">
          <TextField
            className="flex-1"
            label={`Hostname ${i + 1}`}
            value={h}
            placeholder="shop.example.com"
            onChange={(v) => api.set(['spec', 'hostnames', i], v)}
            error={api.errors(['spec', 'hostnames', i], true)}
          />
          <Button size="sm" variant="ghost" className="mt-6" onClick={() => api.remove(['spec', 'hostnames'], i)} aria-label={`Remove hostname ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
    </ListSection>
  );
}
