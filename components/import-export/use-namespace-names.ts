'use client';

import type { ObjectLike } from '@/lib/api/k8s-types';
import { REFS } from '@/lib/api/resource-refs';
import { useK8sList } from '@/components/hooks/use-k8s-list';

/**
 * Namespace names for pickers: the user's own namespaces first (from /api/me), then the others
 * the user may list. Without list permission, the user's own namespaces alone.
 */
export function useNamespaceNames(preferred: readonly string[]): string[] {
  const list = useK8sList<ObjectLike>(REFS.namespaces, undefined, { watch: false });
  const others = list.items.map((n) => n.metadata.name ?? '').filter((n) => n !== '' && !preferred.includes(n)).sort();
  return [...preferred, ...others];
}
