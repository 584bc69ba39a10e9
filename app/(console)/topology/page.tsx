import type { Metadata } from 'next';
import { TopologyView } from '@/components/topology/topology-view';

export const metadata: Metadata = { title: 'Topology · Portico' };

/**
 * The routing topology: GatewayClass -> Gateway -> listener -> route -> rule -> backend, with
 * status and live traffic. Every signed-in user may open it; the API shows each one only the
 * objects their RBAC lets them read.
 */
export default function TopologyPage() {
  return (
    <section aria-labelledby="topology-heading" className="space-y-4">
      <div>
        <h1 id="topology-heading" className="text-2xl font-semibold">
          Topology
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          How traffic flows from Gateway classes to backends, what is broken, and what is busy. Select a node for its conditions.
        </p>
      </div>
      <TopologyView />
    </section>
  );
}
