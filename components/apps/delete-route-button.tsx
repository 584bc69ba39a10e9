'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { routeRef } from '@/components/forms/route-draft';
import type { RouteKind } from '@/components/apps/route-types';

/** Deletes a route after confirmation; the API's refusal is shown in the dialog. */
export function DeleteRouteButton({ kind, namespace, name }: { kind: RouteKind; namespace: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const del = useMutation<unknown, K8sApiError>({
    mutationFn: () => k8sFetch.delete(routeRef(kind), namespace, name),
    onSuccess: () => {
      setOpen(false);
      router.push(`/apps?deleted=${encodeURIComponent(`${namespace}/${name}`)}`);
    },
  });
  return (
    <>
      <Button variant="danger" onClick={() => { del.reset(); setOpen(true); }}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${kind} ${namespace}/${name}?`}
        confirmLabel="Delete route"
        danger
        pending={del.isPending}
        onConfirm={() => del.mutate()}
        onCancel={() => setOpen(false)}
        error={del.error?.message}
      >
        <p>Requests it serves will stop matching it at once (they may fall through to other routes or get a 404). This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
