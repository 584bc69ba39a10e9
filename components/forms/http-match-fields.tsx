'use client';

import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { ListItem, ListSection } from '@/components/forms/list-section';
import type { EditorApi } from '@/components/forms/editor-api';
import { asArray, getIn, type Path } from '@/components/forms/object-path';

const PATH_TYPES = [
  { value: 'PathPrefix', label: 'Path prefix' },
  { value: 'Exact', label: 'Exact path' },
  { value: 'RegularExpression', label: 'Regular expression' },
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'].map((m) => ({ value: m, label: m }));

interface HeaderMatchLike {
  type?: string;
  name?: string;
  value?: string;
}

/** The matches of one HTTPRoute rule: path, method and exact header matches. */
export function HttpMatchFields({ api, rulePath, label }: { api: EditorApi; rulePath: Path; label: string }) {
  const path = [...rulePath, 'matches'];
  const matches = asArray<Record<string, unknown>>(getIn(api.draft, path));
  return (
    <ListSection
      id={`${label}-matches`}
      level="item"
      legend={`${label}: matches`}
      addLabel={`Add match to ${label.toLowerCase()}`}
      onAdd={() => api.add(path, { path: { type: 'PathPrefix', value: '/' } })}
      errors={api.errors(path)}
    >
      {matches.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No match: the API fills in “every path” (prefix /).</p>}
      {matches.map((m, i) => {
        const mp = [...path, i];
        const p = (m.path ?? {}) as { type?: string; value?: string };
        const headers = asArray<HeaderMatchLike>(m.headers);
        return (
          <ListItem key={i} id={`${label}-match-${i}`} legend={`Match ${i + 1}`} onRemove={() => api.remove(path, i)} errors={api.errors(mp)}>
            <div className="grid gap-3 sm:grid-cols-3">
              <Select label="Path type" value={p.type ?? 'PathPrefix'} options={PATH_TYPES} onChange={(v) => api.set([...mp, 'path', 'type'], v)} error={api.errors([...mp, 'path', 'type'])} />
              <TextField
                label="Path"
                value={p.value ?? ''}
                placeholder="/"
                onChange={(v) => api.set([...mp, 'path', 'value'], v)}
                error={[...api.errors([...mp, 'path']), ...api.errors([...mp, 'path', 'value'])]}
              />
              <Select label="Method" value={typeof m.method === 'string' ? m.method : ''} placeholder="Any method" options={METHODS} onChange={(v) => api.set([...mp, 'method'], v || undefined)} error={api.errors([...mp, 'method'])} />
            </div>
            {headers.map((h, j) => (
              <div key={j} className="flex flex-wrap items-start gap-2">
                <TextField label={`Header ${j + 1} name`} value={h.name ?? ''} onChange={(v) => api.set([...mp, 'headers', j, 'name'], v)} error={api.errors([...mp, 'headers', j], true)} />
                <TextField label={`Header ${j + 1} value`} value={h.value ?? ''} onChange={(v) => api.set([...mp, 'headers', j, 'value'], v)} />
                <Button size="sm" variant="ghost" className="mt-6" onClick={() => api.remove([...mp, 'headers'], j)} aria-label={`Remove header ${j + 1} of match ${i + 1}`}>
                  Remove
                </Button>
              </div>
            ))}
            <Button size="sm" onClick={() => api.add([...mp, 'headers'], { type: 'Exact', name: '', value: '' })}>
              Add header match
            </Button>
          </ListItem>
        );
      })}
    </ListSection>
  );
}
