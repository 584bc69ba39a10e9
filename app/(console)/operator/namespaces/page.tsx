import { NamespaceList } from '@/components/operator/namespace-list';

export default function NamespacesPage() {
  return (
    <section aria-labelledby="namespaces-heading" className="space-y-4">
      <h1 id="namespaces-heading" className="text-2xl font-semibold">
        Namespaces
      </h1>
      <NamespaceList />
    </section>
  );
}
