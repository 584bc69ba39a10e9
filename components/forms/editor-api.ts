import type { K8sObject } from '@/lib/k8s/object';
import type { Path } from '@/components/forms/object-path';

/** What every form section gets: the draft, edits by path, and the messages for a path. */
export interface EditorApi {
  draft: K8sObject;
  set: (path: Path, value: unknown) => void;
  add: (path: Path, item: unknown) => void;
  remove: (path: Path, index: number) => void;
  /** Messages for the field at `path` (client validation and the API's last 422); `prefix` includes fields below. */
  errors: (path: Path, prefix?: boolean) => string[];
}

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Number inputs: '' clears the field, anything else is kept as typed when it is not a number (validation then says so). */
export function numberOrUndefined(text: string): number | string | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}
