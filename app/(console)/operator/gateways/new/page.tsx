import { GatewayEditor } from '@/components/operator/gateway-editor';

export default function NewGatewayPage() {
  return (
    <section aria-labelledby="new-gateway-heading" className="space-y-4">
      <h1 id="new-gateway-heading" className="text-2xl font-semibold">
        New Gateway
      </h1>
      <GatewayEditor />
    </section>
  );
}
