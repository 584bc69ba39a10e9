import { GatewayDetail } from '@/components/operator/gateway-detail';

export default async function GatewayPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const ns = decodeURIComponent(namespace);
  const n = decodeURIComponent(name);
  return (
    <section aria-labelledby="gateway-heading" className="space-y-4">
      <h1 id="gateway-heading" className="text-2xl font-semibold">
        Gateway {ns}/{n}
      </h1>
      <GatewayDetail namespace={ns} name={n} />
    </section>
  );
}
