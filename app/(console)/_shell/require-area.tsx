import type { ReactNode } from 'react';
import { AREA_PERSONA, type ConsoleArea } from '@/lib/api/me';
import { loadMe } from '../_data/load-me';
import { NotPermitted } from '@/components/shell/not-permitted';

/**
 * Server component for an area's layout: renders the area only for users whose RBAC opens it,
 * and a "Not permitted" page otherwise. A convenience, not the protection: /k8s and /api
 * authorize every call themselves.
 */
export async function RequireArea({ area, children }: { area: ConsoleArea; children: ReactNode }) {
  const me = await loadMe();
  if (!me || !me.areas.includes(area)) return <NotPermitted area={AREA_PERSONA[area].toLowerCase()} />;
  return <>{children}</>;
}
