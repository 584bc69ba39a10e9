import { GatewayClassForm } from '@/components/infra/gateway-class-form';

export default function NewGatewayClassPage() {
  return (
    <section aria-labelledby="new-class-heading" className="space-y-4">
      <h1 id="new-class-heading" className="text-2xl font-semibold">
        New GatewayClass
      </h1>
      <GatewayClassForm />
    </section>
  );
}
