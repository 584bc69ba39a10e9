import { intersectHostnames } from '@/lib/routing/hostnames';

export interface TLSListenerIdentity {
  name: string;
  port: number;
  hostname?: string;
}

/**
 * HTTPS listeners on one port whose hostnames overlap (`foo.example.com` and `*.example.com`;
 * no hostname overlaps everything): each gets the names of the listeners it overlaps, sorted
 * (SEMANTICS §2.5, OverlappingTLSConfig / OverlappingHostnames). Advisory only.
 */
export function computeOverlappingTLSListeners(listeners: readonly TLSListenerIdentity[]): Map<string, string[]> {
  const overlaps = new Map<string, string[]>();
  for (const a of listeners) {
    const others = listeners.filter((b) => b !== a && b.port === a.port && intersectHostnames(a.hostname, b.hostname ? [b.hostname] : []) !== null);
    if (others.length > 0) overlaps.set(a.name, others.map((b) => b.name).sort());
  }
  return overlaps;
}
