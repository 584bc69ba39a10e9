import { ReferenceGrantForm } from '@/components/operator/reference-grant-form';
import { ReferenceGrantList } from '@/components/operator/reference-grant-list';

export default function ReferenceGrantsPage() {
  return (
    <section aria-labelledby="grants-heading" className="space-y-6">
      <h1 id="grants-heading" className="text-2xl font-semibold">
        ReferenceGrants
      </h1>
      <ReferenceGrantList />
      <ReferenceGrantForm />
    </section>
  );
}
