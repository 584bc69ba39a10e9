import Link from 'next/link';
import { GatewayList } from '@/components/operator/gateway-list';

export default function GatewaysPage() {
  return (
    <section aria-labelledby="gateways-heading" className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 id="gateways-heading" className="text-2xl font-semibold">
          Gateways
        </h1>
        <Link href="/operator/gateways/new" className="rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800">
          New Gateway
        </Link>
      </div>
      <GatewayList />
    </section>
  );
}
