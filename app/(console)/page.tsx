import { AREA_PERSONA } from '@/lib/api/me';
import { loadMe } from './_data/load-me';

export default async function HomePage() {
  const me = await loadMe();
  if (!me) return null;
  return (
    <section aria-labelledby="welcome-heading" className="space-y-6">
      <h1 id="welcome-heading" className="text-2xl font-semibold">
        Welcome, {me.user.username}
      </h1>
      {me.areas.length === 0 ? (
        <p>Your account has no Gateway API permissions yet. Ask a cluster operator to bind a role to you.</p>
      ) : (
        <>
          <h2 className="text-lg font-medium">Your personas</h2>
          <ul aria-label="Your personas" className="grid gap-3 sm:grid-cols-3">
            {me.areas.map((area) => (
              <li
                key={area}
                className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
              >
                <p className="font-medium">{AREA_PERSONA[area]}</p>
                {area === 'applications' && me.applicationNamespaces.length > 0 && (
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                    Namespaces: {me.applicationNamespaces.join(', ')}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Groups: {me.user.groups.join(', ')}
      </p>
    </section>
  );
}
