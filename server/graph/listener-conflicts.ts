import type { ListenerConflictReason } from '@/lib/gateway-api/conditions/listener-conditions';

export interface ListenerIdentity {
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
}

export interface ListenerConflict {
  reason: ListenerConflictReason;
  message: string;
}

/**
 * Conflicts among the listeners of one Gateway that carry a protocol we serve (SEMANTICS §2.3,
 * §12 #4). Different protocols on one port are incompatible for us (no protocol sniffing): every
 * listener on that port gets ProtocolConflict. Otherwise listeners sharing port, protocol and
 * hostname (none counts as one value) get HostnameConflict. No winner is picked: each member of a
 * conflicting group is refused. Returns the conflicted listeners by name.
 */
export function computeListenerConflicts(listeners: readonly ListenerIdentity[]): Map<string, ListenerConflict> {
  const conflicts = new Map<string, ListenerConflict>();
  const byPort = groupBy(listeners, (l) => String(l.port));
  for (const [port, onPort] of byPort) {
    const protocols = [...new Set(onPort.map((l) => l.protocol))].sort();
    if (protocols.length > 1) {
      const names = onPort.map((l) => l.name).sort();
      for (const l of onPort) {
        conflicts.set(l.name, {
          reason: 'ProtocolConflict',
          message: `Listeners ${names.join(', ')} share port ${port} with different protocols (${protocols.join(', ')})`,
        });
      }
      continue;
    }
    for (const [hostname, same] of groupBy(onPort, (l) => l.hostname ?? '')) {
      if (same.length < 2) continue;
      const names = same.map((l) => l.name).sort();
      for (const l of same) {
        conflicts.set(l.name, {
          reason: 'HostnameConflict',
          message: `Listeners ${names.join(', ')} share port ${port}, protocol ${l.protocol} and hostname ${JSON.stringify(hostname || '*')}`,
        });
      }
    }
  }
  return conflicts;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k) ?? [];
    list.push(item);
    groups.set(k, list);
  }
  return groups;
}
