import Link from 'next/link';

/** What a page says when the user's RBAC does not open its area (the API would refuse anyway). */
export function NotPermitted({ area }: { area: string }) {
  return (
    <section aria-labelledby="not-permitted-heading" className="space-y-3">
      <h1 id="not-permitted-heading" className="text-2xl font-semibold">
        Not permitted
      </h1>
      <p>
        Your account has no permissions for the {area} area. Ask a cluster operator to bind a role to you if you need it.
      </p>
      <p>
        <Link href="/" className="text-sky-800 underline dark:text-sky-300">
          Back to the start page
        </Link>
      </p>
    </section>
  );
}
