'use client';

import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { HostnameFields } from '@/components/forms/hostname-fields';
import { ParentRefFields } from '@/components/forms/parent-ref-fields';
import { RuleFields } from '@/components/forms/rule-fields';
import type { ServiceChoice } from '@/components/forms/backend-fields';
import type { Choice, EditorApi } from '@/components/forms/editor-api';
import type { RouteKind } from '@/components/apps/route-types';

export interface RouteFormProps {
  api: EditorApi;
  kind: RouteKind;
  /** Creating: name and namespace are editable; editing: they identify the object. */
  creating: boolean;
  namespaces: readonly string[];
  parentChoices: readonly Choice[];
  services: readonly ServiceChoice[];
}

/** The form view of a route: identity, parents, hostnames and rules. */
export function RouteForm({ api, kind, creating, namespaces, parentChoices, services }: RouteFormProps) {
  const meta = api.draft.metadata;
  const ns = meta.namespace ?? '';
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Name" value={meta.name ?? ''} readOnly={!creating} onChange={(v) => api.set(['metadata', 'name'], v)} error={api.errors(['metadata', 'name'])} />
        <Select
          label="Namespace"
          value={ns}
          disabled={!creating}
          options={namespaces.includes(ns) || !ns ? namespaces.map((n) => ({ value: n, label: n })) : [{ value: ns, label: ns }, ...namespaces.map((n) => ({ value: n, label: n }))]}
          onChange={(v) => api.set(['metadata', 'namespace'], v)}
          error={api.errors(['metadata', 'namespace'])}
        />
      </div>
      <ParentRefFields api={api} choices={parentChoices} routeNamespace={ns} />
      <HostnameFields api={api} />
      <RuleFields api={api} kind={kind} services={services} routeNamespace={ns} />
    </div>
  );
}
