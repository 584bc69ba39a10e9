'use client';

import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { ListItem, ListSection } from '@/components/forms/list-section';
import { numberOrUndefined, type EditorApi } from '@/components/forms/editor-api';
import { asArray, getIn, type Path } from '@/components/forms/object-path';

export interface ServiceChoice {
  namespace: string;
  name: string;
  ports: number[];
}

interface BackendRefLike {
  group?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

/**
 * Weighted backends of one rule, chosen among the Services the user can list (their own
 * namespaces). A backend in another namespace written in YAML is kept and shown as written.
 */
export function BackendFields({ api, rulePath, services, routeNamespace, label }: { api: EditorApi; rulePath: Path; services: readonly ServiceChoice[]; routeNamespace: string; label: string }) {
  const path = [...rulePath, 'backendRefs'];
  const refs = asArray<BackendRefLike>(getIn(api.draft, path));
  const totalWeight = refs.reduce((n, r) => n + (typeof r.weight === 'number' ? r.weight : 1), 0);
  return (
    <ListSection id={`${label}-backends`} level="item" legend={`${label}: backends`} addLabel={`Add backend to ${label.toLowerCase()}`} onAdd={() => api.add(path, { name: '', port: undefined, weight: 1 })} errors={api.errors(path)}>
      {refs.map((ref, i) => {
        const ns = ref.namespace ?? routeNamespace;
        const value = ref.name ? `${ns}/${ref.name}` : '';
        const options = services.map((s) => ({ value: `${s.namespace}/${s.name}`, label: s.namespace === routeNamespace ? s.name : `${s.name} (namespace ${s.namespace})` }));
        if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: `${ref.name} (namespace ${ns}, as written)` });
        const weight = typeof ref.weight === 'number' ? ref.weight : 1;
        const share = totalWeight > 0 ? Math.round((weight / totalWeight) * 100) : 0;
        return (
          <ListItem key={i} id={`${label}-backend-${i}`} legend={`Backend ${i + 1}`} onRemove={() => api.remove(path, i)} errors={api.errors([...path, i])}>
            <div className="grid gap-3 sm:grid-cols-3">
              <Select
                label="Service"
                value={value}
                placeholder="Choose a Service…"
                options={options}
                onChange={(v) => {
                  const [sns = '', name = ''] = v.split('/');
                  const svc = services.find((s) => s.namespace === sns && s.name === name);
                  const next: BackendRefLike = { ...ref, name };
                  if (sns && sns !== routeNamespace) next.namespace = sns;
                  else delete next.namespace;
                  if (svc && (next.port === undefined || !svc.ports.includes(next.port))) next.port = svc.ports[0];
                  api.set([...path, i], next);
                }}
                error={api.errors([...path, i, 'name'])}
              />
              <TextField label="Port" type="number" inputMode="numeric" value={ref.port ?? ''} onChange={(v) => api.set([...path, i, 'port'], numberOrUndefined(v))} error={api.errors([...path, i, 'port'])} />
              <TextField
                label="Weight"
                type="number"
                inputMode="numeric"
                value={ref.weight ?? ''}
                description={`${share}% of this rule's requests`}
                onChange={(v) => api.set([...path, i, 'weight'], numberOrUndefined(v))}
                error={api.errors([...path, i, 'weight'])}
              />
            </div>
          </ListItem>
        );
      })}
    </ListSection>
  );
}
