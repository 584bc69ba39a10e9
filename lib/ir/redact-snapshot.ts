import { type RoutingSnapshot } from '@/lib/ir/snapshot';

export const REDACTED = '[redacted]';

/** The snapshot without private keys (proxy `/config_dump`, console, logs). */
export function redactSnapshot(snapshot: RoutingSnapshot): RoutingSnapshot {
  return { ...snapshot, certificates: snapshot.certificates.map((c) => ({ ...c, privateKeyPem: REDACTED })) };
}
