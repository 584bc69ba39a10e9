import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { QueryProvider } from '@/components/providers/query-provider';
import { ConsoleNav } from '@/components/shell/console-nav';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { loadMe } from './_data/load-me';

export const dynamic = 'force-dynamic';

/**
 * The signed-in shell: skip link, header (user, theme, sign out), navigation built from the
 * areas /api/me says the user's RBAC opens (components/shell/nav-items.ts), and the query
 * client every live view shares.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await loadMe();
  if (!me) redirect('/login');
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sky-900 dark:focus:bg-slate-900 dark:focus:text-sky-200"
      >
        Skip to main content
      </a>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          Portico
        </Link>
        <div className="flex items-center gap-4 text-sm">
          <span aria-label="Signed in as">{me.user.username}</span>
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <div className="flex">
        <aside className="w-56 shrink-0 border-r border-slate-200 px-3 py-6 dark:border-slate-800">
          <ConsoleNav areas={me.areas} />
        </aside>
        <QueryProvider>
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-6 py-8 focus:outline-none">
            <div className="mx-auto max-w-6xl">{children}</div>
          </main>
        </QueryProvider>
      </div>
    </div>
  );
}
