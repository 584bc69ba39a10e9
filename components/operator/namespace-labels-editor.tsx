'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { formatMatchLabels, parseMatchLabels } from '@/components/operator/listener-model';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

/** Edits a namespace's labels (what allowedRoutes selectors match) with a merge patch. */
export function NamespaceLabelsEditor({ namespace }: { namespace: K8sObject }) {
  const name = namespace.metadata.name ?? '';
  const current = namespace.metadata.labels ?? {};
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(formatMatchLabels({ matchLabels: current }));
  const parsed = parseMatchLabels(text);
  const save = useMutation<K8sObject, K8sApiError>({
    mutationFn: () => {
      const next = parsed.selector?.matchLabels ?? {};
      // A merge patch removes a label by setting it to null.
      const removed = Object.fromEntries(Object.keys(current).filter((k) => !(k in next)).map((k) => [k, null]));
      return k8sFetch.patch(REFS.namespaces, undefined, name, { metadata: { labels: { ...removed, ...next } } });
    },
    onSuccess: () => setEditing(false),
  });
  if (!editing) {
    return (
      <Button
        size="sm"
        onClick={() => {
          setText(formatMatchLabels({ matchLabels: current }));
          setEditing(true);
        }}
        aria-label={`Edit labels of ${name}`}
      >
        Edit labels
      </Button>
    );
  }
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!parsed.error) save.mutate();
      }}
    >
      <TextField label={`Labels of ${name}`} value={text} onChange={setText} placeholder="team=web, env=prod" error={parsed.error ?? save.error?.message} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" pending={save.isPending} pendingLabel="Saving…" disabled={Boolean(parsed.error)}>
          Save labels
        </Button>
        <Button size="sm" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
