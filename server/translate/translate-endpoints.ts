import type { IrEndpoint } from '@/lib/ir/backend';
import type { K8sObject } from '@/lib/k8s/object';

/** The parts of a Service port that endpoint resolution reads. */
export interface ServicePortSpec {
  name?: string;
  port: number;
  /** A number, or the name of a container port; kube defaults it to `port`. */
  targetPort?: number | string;
}

interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
}

interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean };
}

/**
 * The ready addresses behind one Service port (SEMANTICS §6.1): for each EndpointSlice of the
 * Service, the slice port that carries this Service port (slice ports are named after Service
 * ports; a numeric targetPort also matches by number), and every address of every endpoint
 * whose `ready` condition is not false (Kubernetes reads an absent `ready` as ready).
 * Deduplicated and sorted by address then port, so slice churn that changes nothing real does
 * not change the snapshot's version.
 */
export function translateEndpoints(servicePort: ServicePortSpec, slices: readonly K8sObject[]): IrEndpoint[] {
  const seen = new Set<string>();
  const out: IrEndpoint[] = [];
  for (const slice of slices) {
    const port = slicePortFor(servicePort, (slice.ports as SlicePort[] | undefined) ?? []);
    if (port === undefined) continue;
    for (const endpoint of (slice.endpoints as SliceEndpoint[] | undefined) ?? []) {
      if (endpoint.conditions?.ready === false) continue;
      for (const address of endpoint.addresses ?? []) {
        const key = `${address}|${port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ address, port });
      }
    }
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : a.port - b.port));
}

function slicePortFor(servicePort: ServicePortSpec, ports: readonly SlicePort[]): number | undefined {
  const tcp = ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number');
  const byName = tcp.find((p) => (p.name ?? '') === (servicePort.name ?? ''));
  if (byName) return byName.port;
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return tcp.find((p) => p.port === target)?.port;
  return undefined;
}
