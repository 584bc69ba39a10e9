import Link from 'next/link';

const SECTIONS = [
  { href: '/operator/gateways', title: 'Gateways', text: 'Listeners, TLS certificates, which namespaces may attach, and what a change would detach.' },
  { href: '/operator/access-requests', title: 'Access requests', text: 'Application teams asking to reference something in another namespace: approve or deny.' },
  { href: '/operator/reference-grants', title: 'ReferenceGrants', text: 'Cross-namespace permissions, what each enables, and what deleting one breaks.' },
  { href: '/operator/namespaces', title: 'Namespaces', text: 'Namespaces and their labels, which allowedRoutes selectors match.' },
];

export default function OperatorPage() {
  return (
    <section aria-labelledby="operator-heading" className="space-y-4">
      <h1 id="operator-heading" className="text-2xl font-semibold">
        Operations
      </h1>
      <ul className="grid gap-3 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <li key={s.href} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <Link href={s.href} className="font-medium text-sky-800 underline dark:text-sky-300">
              {s.title}
            </Link>
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{s.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
