import { GatewayClassDetail } from '@/components/infra/gateway-class-detail';

export default async function GatewayClassPage({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <section aria-labelledby="class-heading" className="space-y-4">
      <h1 id="class-heading" className="text-2xl font-semibold">
        GatewayClass {name}
      </h1>
      <GatewayClassDetail name={name} />
    </section>
  );
}
