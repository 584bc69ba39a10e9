/**
 * Ends the session on the server. A plain form post: it works before (or without) JavaScript,
 * and the server answers with a redirect to the sign-in page.
 */
export function SignOutButton() {
  return (
    <form method="post" action="/api/auth/logout">
      <button
        type="submit"
        className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Sign out
      </button>
    </form>
  );
}
