'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable } from '@/components/ui/data-table';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { ImpactList } from '@/components/operator/impact-list';
import { useGrantImpact } from '@/components/operator/impact-queries';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { REFS } from '@/lib/api/resource-refs';
import type { ReferenceGrant } from '@/lib/gateway-api/reference-grant';

const keyOf = (g: ReferenceGrant) => `${g.metadata.namespace}/${g.metadata.name}`;

function fromText(g: ReferenceGrant): string {
  return (g.spec?.from ?? []).map((f) => `${f.kind}s in ${f.namespace}`).join(', ');
}

function toText(g: ReferenceGrant): string {
  return (g.spec?.to ?? []).map((t) => (t.name ? `${t.kind} ${t.name}` : `any ${t.kind}`)).join(', ');
}

/** ReferenceGrants, each with the routes it enables now; deleting one first shows what would break. */
export function ReferenceGrantList() {
  const grants = useK8sList<ReferenceGrant>(REFS.referenceGrants);
  const [deleting, setDeleting] = useState<ReferenceGrant | undefined>();
  const sorted = [...grants.items].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  return (
    <div className="space-y-4">
      {grants.error && (
        <Banner tone="error" title="Could not load ReferenceGrants">
          {grants.error.message}
        </Banner>
      )}
      <DataTable
        caption="ReferenceGrants"
        rows={sorted}
        rowKey={keyOf}
        empty="No ReferenceGrants: routes may reference only their own namespace."
        columns={[
          { header: 'Name', rowHeader: true, cell: (g) => keyOf(g) },
          { header: 'Lets', cell: fromText },
          { header: 'Reference', cell: (g) => `${toText(g)} in ${g.metadata.namespace}` },
          { header: 'Enables now', cell: (g) => <GrantEnables grant={g} /> },
          {
            header: 'Actions',
            cell: (g) => (
              <Button size="sm" variant="danger" onClick={() => setDeleting(g)} aria-label={`Delete ReferenceGrant ${keyOf(g)}`}>
                Delete
              </Button>
            ),
          },
        ]}
      />
      {deleting && <DeleteGrantDialog grant={deleting} onDone={() => setDeleting(undefined)} />}
    </div>
  );
}

function GrantEnables({ grant }: { grant: ReferenceGrant }) {
  const impact = useGrantImpact(grant.metadata.namespace ?? '', grant.metadata.name ?? '');
  if (impact.error) return <span>{impact.error.message}</span>;
  if (!impact.data) return <span>Checking…</span>;
  return <ImpactList label={`Routes ${keyOf(grant)} enables`} objects={impact.data.enabled} empty="Nothing references through it now." />;
}

function DeleteGrantDialog({ grant, onDone }: { grant: ReferenceGrant; onDone: () => void }) {
  const ns = grant.metadata.namespace ?? '';
  const name = grant.metadata.name ?? '';
  const impact = useGrantImpact(ns, name);
  const remove = useMutation<unknown, K8sApiError>({ mutationFn: () => k8sFetch.delete(REFS.referenceGrants, ns, name), onSuccess: onDone });
  const breaks = impact.data?.breaksIfDeleted ?? [];
  return (
    <ConfirmDialog
      open
      danger
      title={`Delete ReferenceGrant ${ns}/${name}?`}
      confirmLabel={breaks.length > 0 ? `Delete and break ${breaks.length} ${breaks.length === 1 ? 'object' : 'objects'}` : 'Delete'}
      onConfirm={() => remove.mutate()}
      onCancel={onDone}
      pending={remove.isPending}
      error={remove.error?.message}
    >
      {impact.isPending && <p>Checking what depends on it…</p>}
      {impact.error && <p>Could not check what depends on it: {impact.error.message}</p>}
      {impact.data &&
        (breaks.length > 0 ? (
          <Banner tone="warning" title="This breaks references">
            <p>No other grant permits these references; after deletion they turn ResolvedRefs=False (RefNotPermitted) and their traffic fails:</p>
            <ImpactList label="What breaks" objects={breaks} empty="" />
          </Banner>
        ) : (
          <p>Nothing breaks: {impact.data.enabled.length > 0 ? 'another grant permits every reference it enables.' : 'no route references through it.'}</p>
        ))}
    </ConfirmDialog>
  );
}
