import { AccessRequestInbox } from '@/components/operator/access-request-inbox';

export default function AccessRequestsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Access request inbox</h1>
      <AccessRequestInbox />
    </div>
  );
}
