'use client';

import { Select } from '@/components/ui/select';
import { ListItem, ListSection } from '@/components/forms/list-section';
import type { Choice, EditorApi } from '@/components/forms/editor-api';
import type { ParentRefLike } from '@/components/apps/route-types';

/** Select value of a parentRef: "ns/name" (all listeners) or "ns/name/listener". */
export function parentChoiceValue(ref: ParentRefLike, routeNamespace: string): string {
  const base = `${ref.namespace ?? routeNamespace}/${ref.name ?? ''}`;
  return ref.sectionName ? `${base}/${ref.sectionName}` : base;
}

function refFromChoice(value: string, routeNamespace: string, previous: ParentRefLike | undefined): ParentRefLike {
  const [namespace = '', name = '', sectionName] = value.split('/');
  const ref: ParentRefLike = { name };
  if (namespace !== routeNamespace) ref.namespace = namespace;
  if (sectionName) ref.sectionName = sectionName;
  // Keep a port the user set in YAML; the form does not offer it.
  if (previous?.port !== undefined) ref.port = previous.port;
  return ref;
}

/**
 * Parent references, chosen among the Gateways and listeners the user may attach to. Listeners
 * that would refuse the route stay listed but disabled, with the reason in the option text.
 */
export function ParentRefFields({ api, choices, routeNamespace }: { api: EditorApi; choices: readonly Choice[]; routeNamespace: string }) {
  const refs = ((api.draft.spec as { parentRefs?: ParentRefLike[] } | undefined)?.parentRefs ?? []) as ParentRefLike[];
  return (
    <ListSection
      id="parents"
      legend="Parents (Gateways and listeners)"
      addLabel="Add parent"
      onAdd={() => api.add(['spec', 'parentRefs'], { name: '' })}
      errors={api.errors(['spec', 'parentRefs'])}
    >
      {refs.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No parent yet: the route is not attached to any Gateway.</p>}
      {refs.map((ref, i) => {
        const value = parentChoiceValue(ref, routeNamespace);
        const known = choices.some((c) => c.value === value);
        const options = known || !ref.name ? choices : [{ value, label: `${value} (as written)` }, ...choices];
        return (
          <ListItem key={i} id={`parent-${i}`} legend={`Parent ${i + 1}`} onRemove={() => api.remove(['spec', 'parentRefs'], i)} errors={api.errors(['spec', 'parentRefs', i], true)}>
            <Select
              label="Gateway and listener"
              value={ref.name ? value : ''}
              placeholder="Choose a Gateway…"
              options={options}
              onChange={(v) => api.set(['spec', 'parentRefs', i], v ? refFromChoice(v, routeNamespace, ref) : { name: '' })}
            />
          </ListItem>
        );
      })}
    </ListSection>
  );
}
