import { isIP } from 'node:net';
import type { ListenerBinding, SnapshotAck } from '@/lib/ir/protocol';
import type { GatewayAddress, GatewayProgramming } from '@/server/status/status-types';

/** The reason a proxy reports for a listener socket whose bind has not completed yet. */
export const STILL_BINDING = 'Binding';

export type ReceivedAck = SnapshotAck & { proxyId: string; receivedAt: Date };

export interface PublishedSnapshotInfo {
  version: string;
  /** Gateway generation per `namespace/name`, as the snapshot was translated from them. */
  gatewayGenerations: ReadonlyMap<string, number>;
}

/**
 * What the proxies have applied, per Gateway, for the controller's `Programmed` conditions.
 * `history` lists the recently published snapshots, oldest first, the current one last. An ack
 * counts for a Gateway when the snapshot it acknowledges was made from the Gateway's current
 * generation: a change elsewhere (a route, another Gateway) publishes a new version, but until
 * the proxy acks it, a Gateway it did not touch stays Programmed with the addresses it has,
 * instead of flapping to Pending and losing them. A Gateway whose generation moved waits for
 * an ack of a snapshot made from that generation. Among the acks that count, the latest accepted
 * one decides; with none accepted, the latest rejection makes the Gateway `Programmed=False/
 * Invalid` with the proxy's reason, and the addresses its last good snapshot keeps bound. Listener names in acks are IR names (`ns/gateway/listener`);
 * an unbound one is a listener failure, the bound ones give the Gateway's addresses. A Gateway
 * with listeners of which none could be bound has no address. A listener still binding (reason
 * `Binding`) leaves its Gateway pending: no entry until an ack with the bind result arrives.
 */
export function computeGatewayProgramming(history: readonly PublishedSnapshotInfo[], acks: Iterable<ReceivedAck>): Map<string, GatewayProgramming> {
  const result = new Map<string, GatewayProgramming>();
  const current = history[history.length - 1];
  if (!current) return result;
  const byVersion = new Map(history.map((info) => [info.version, info]));
  const known = [...acks].filter((ack) => byVersion.has(ack.version));
  const grouped = new Map<ReceivedAck, Map<string, GatewayBinding[]>>();
  const bindingsOf = (ack: ReceivedAck, key: string): GatewayBinding[] => {
    let byGateway = grouped.get(ack);
    if (!byGateway) grouped.set(ack, (byGateway = groupBindings(ack.listeners ?? [])));
    return byGateway.get(key) ?? [];
  };

  for (const [key, observedGeneration] of current.gatewayGenerations) {
    let accepted: ReceivedAck | undefined;
    let rejected: ReceivedAck | undefined;
    for (const ack of known) {
      if (byVersion.get(ack.version)?.gatewayGenerations.get(key) !== observedGeneration) continue;
      if (ack.accepted) {
        if (!accepted || ack.receivedAt > accepted.receivedAt) accepted = ack;
      } else if (!rejected || ack.receivedAt > rejected.receivedAt) {
        rejected = ack;
      }
    }
    const deciding = accepted ?? rejected;
    if (!deciding) continue;
    if (!deciding.accepted) {
      const message = `The proxy ${deciding.proxyId} rejected routing snapshot ${deciding.version}: ${deciding.reason ?? 'no reason given'}`;
      // The proxy still serves its last good snapshot, and its ack lists what that keeps bound:
      // the Gateway is still there. Reporting no address would also let the next assignment move
      // it (addresses are kept through status), and clients would find the old one refused.
      result.set(key, { observedGeneration, addresses: addressesOf(bindingsOf(deciding, key)), failure: { reason: 'Invalid', message } });
      continue;
    }
    const bindings = bindingsOf(deciding, key);
    if (bindings.some((b) => !b.binding.bound && b.binding.reason === STILL_BINDING)) continue;
    const addresses = addressesOf(bindings);
    const failed = bindings.filter((b) => !b.binding.bound);
    const programming: GatewayProgramming = { observedGeneration, addresses };
    if (failed.length > 0) {
      programming.listenerFailures = Object.fromEntries(
        failed.map((f) => [f.listener, `The proxy could not bind this listener: ${f.binding.reason ?? 'unknown reason'}`]),
      );
    }
    if (bindings.length > 0 && failed.length === bindings.length) {
      const detail = failed.map((f) => `${f.listener} (${f.binding.reason ?? 'unknown reason'})`).join(', ');
      programming.failure = { reason: 'AddressNotAssigned', message: `The proxy could not bind any listener: ${detail}` };
    }
    result.set(key, programming);
  }
  return result;
}

interface GatewayBinding {
  listener: string;
  binding: ListenerBinding;
}

function groupBindings(bindings: readonly ListenerBinding[]): Map<string, GatewayBinding[]> {
  const out = new Map<string, GatewayBinding[]>();
  for (const binding of bindings) {
    const parts = binding.name.split('/');
    if (parts.length !== 3) continue;
    const key = `${parts[0]}/${parts[1]}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ listener: parts[2] ?? '', binding });
  }
  return out;
}

/** Distinct hosts of the bound addresses (`127.0.0.1:8080`, `[::1]:8080`), sorted by type then value. */
function addressesOf(bindings: readonly GatewayBinding[]): GatewayAddress[] {
  const seen = new Map<string, GatewayAddress>();
  for (const { binding } of bindings) {
    if (!binding.bound || !binding.address) continue;
    const host = hostOf(binding.address);
    if (host === '') continue;
    seen.set(host, { type: isIP(host) ? 'IPAddress' : 'Hostname', value: host });
  }
  return [...seen.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function hostOf(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1] ?? '';
  const colon = address.lastIndexOf(':');
  // A bare IPv6 address has several colons and no port.
  if (colon === -1 || address.indexOf(':') !== colon) return address;
  return address.slice(0, colon);
}
