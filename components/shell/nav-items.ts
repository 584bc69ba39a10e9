import type { ConsoleArea } from '@/lib/api/me';

/**
 * The console's navigation. An entry with an `area` is shown only to users whose RBAC opens
 * that area (from /api/me); entries without one are for everyone. Helpers add their pages here
 * (append an entry; `parent` nests it under an area entry). Hiding a link is convenience only:
 * the pages and the API authorize on their own.
 */
export interface NavItem {
  href: string;
  label: string;
  area?: ConsoleArea;
  /** href of the entry this one is listed under. */
  parent?: string;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Home' },
  { href: '/infra', label: 'Infrastructure', area: 'infrastructure' },
  { href: '/infra/gateway-classes/new', label: 'New GatewayClass', area: 'infrastructure', parent: '/infra' },
  { href: '/operator', label: 'Operations', area: 'operations' },
  { href: '/operator/gateways', label: 'Gateways', area: 'operations', parent: '/operator' },
  { href: '/operator/access-requests', label: 'Access requests', area: 'operations', parent: '/operator' },
  { href: '/operator/reference-grants', label: 'ReferenceGrants', area: 'operations', parent: '/operator' },
  { href: '/operator/namespaces', label: 'Namespaces', area: 'operations', parent: '/operator' },
  { href: '/apps', label: 'Applications', area: 'applications' },
  { href: '/apps/routes/new', label: 'New route', area: 'applications', parent: '/apps' },
  { href: '/topology', label: 'Topology' },
  { href: '/simulator', label: 'Request simulator' },
  { href: '/import', label: 'Import and export' },
  { href: '/history', label: 'History' },
];

/** The entries a user with these areas sees, in order. */
export function visibleNavItems(areas: readonly ConsoleArea[], items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((i) => !i.area || areas.includes(i.area));
}
