import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { loadMe } from './_data/load-me';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await loadMe();
  if (!me) redirect('/login');
  return (
    <div className="min-h-screen">
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
        <a href="/" className="text-lg font-semibold tracking-tight">
          Portico
        </a>
        <div className="flex items-center gap-4 text-sm">
          <span aria-label="Signed in as">{me.user.username}</span>
          <SignOutButton />
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </div>
  );
}
