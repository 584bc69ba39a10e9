'use client';

import { useState } from 'react';

/** Ends the session on the server, then leaves the console. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setPending(true);
    setError(null);
    const res = await fetch('/api/auth/logout', { method: 'POST' });
    if (!res.ok) {
      setPending(false);
      setError(`Sign-out failed (${res.status})`);
      return;
    }
    window.location.assign('/login');
  }

  return (
    <>
      <button
        type="button"
        onClick={signOut}
        disabled={pending}
        className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
      {error && <span role="alert">{error}</span>}
    </>
  );
}
