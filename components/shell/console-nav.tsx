'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ConsoleArea } from '@/lib/api/me';
import { NAV_ITEMS, visibleNavItems, type NavItem } from '@/components/shell/nav-items';

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/** The main navigation: only the areas the user's RBAC opens; the current page is marked. */
export function ConsoleNav({ areas }: { areas: ConsoleArea[] }) {
  const pathname = usePathname() ?? '/';
  const items = visibleNavItems(areas, NAV_ITEMS);
  const top = items.filter((i) => !i.parent);
  const childrenOf = (href: string) => items.filter((i) => i.parent === href);
  // Mark only the most specific matching entry, so "/apps/routes/new" is not also "/apps".
  const current = items.filter((i) => isCurrent(pathname, i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const link = (i: NavItem, nested: boolean) => (
    <Link
      href={i.href}
      aria-current={i.href === current ? 'page' : undefined}
      className={`block rounded-md px-3 py-2 text-sm ${nested ? 'pl-6' : 'font-medium'} ${
        i.href === current ? 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-50' : 'hover:bg-slate-100 dark:hover:bg-slate-800'
      }`}
    >
      {i.label}
    </Link>
  );
  return (
    <nav aria-label="Main">
      <ul className="space-y-1">
        {top.map((i) => (
          <li key={i.href}>
            {link(i, false)}
            {childrenOf(i.href).length > 0 && (
              <ul className="mt-1 space-y-1">
                {childrenOf(i.href).map((c) => (
                  <li key={c.href}>{link(c, true)}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
