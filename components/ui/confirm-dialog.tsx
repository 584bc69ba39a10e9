'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  pending?: boolean;
  /** Danger styles the confirm button red (deletes). */
  danger?: boolean;
  /** An error from the action, shown in the dialog so it is not lost when the dialog stays open. */
  error?: ReactNode;
}

/** Asks before an action that cannot be undone; Cancel is focused first so Enter is safe. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel, pending, danger, error }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button autoFocus onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} pending={pending} pendingLabel={`${confirmLabel}…`}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error && (
        <div role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </div>
      )}
    </Dialog>
  );
}
