import Link from 'next/link';
import { GatewayClassList } from '@/components/infra/gateway-class-list';
import { ProxiesPanel } from '@/components/infra/proxies-panel';

export default function InfraPage() {
  return (
    <section aria-labelledby="infra-heading" className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 id="infra-heading" className="text-2xl font-semibold">
          Infrastructure
        </h1>
        <Link href="/infra/gateway-classes/new" className="rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800">
          New GatewayClass
        </Link>
      </div>
      <GatewayClassList />
      <ProxiesPanel />
    </section>
  );
}
