import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import { gatewayNotProgrammed } from '@/lib/gateway-api/conditions/gateway-conditions';
import type { GatewayNode } from '@/server/graph/graph-types';

/**
 * Where Gateways are served (SEMANTICS §2.7).
 * - `pool`: every Gateway gets addresses of its own, counting up from `first` inside
 *   127.0.0.0/8 (Linux routes the whole block to loopback). Two Gateways with a listener on
 *   port 80 then never share a socket, as they would not on a real load balancer.
 * - `shared`: every Gateway is served on `host` (e.g. `0.0.0.0`, a LAN address, `::1`);
 *   Gateways sharing a port share its socket and are told apart only by hostname.
 */
export type AddressPolicy = { kind: 'pool'; first: string } | { kind: 'shared'; host: string };

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = Object.freeze({ kind: 'pool', first: '127.0.0.1' });

/** The policy for PORTICO_LISTENER_HOST: a pool when it is an IPv4 loopback address (the default), otherwise that one host. */
export function addressPolicyFor(listenerHost: string | undefined): AddressPolicy {
  if (listenerHost === undefined) return DEFAULT_ADDRESS_POLICY;
  const n = parseIpv4(listenerHost);
  return n !== undefined && n >>> 24 === 127 ? { kind: 'pool', first: listenerHost } : { kind: 'shared', host: listenerHost };
}

export interface AddressAssignment {
  /** The addresses the Gateway's listeners are served on, sorted; empty with `problem`. */
  addresses: string[];
  /** Programmed=False (AddressNotUsable / AddressNotAssigned) when the Gateway cannot be served. */
  problem?: DesiredCondition;
}

const LOOPBACK_LAST = (127 << 24) + 0xfffffe; // 127.255.255.254

/**
 * Assigns addresses to the Gateways that can be programmed (no spec problem). Deterministic and
 * stable without any memory but the objects themselves:
 * 1. requested `spec.addresses` (IPAddress with a value) first, oldest Gateway first: an
 *    address outside the pool or already requested by an older Gateway is not usable;
 * 2. a Gateway keeps the address its `status.addresses` already reports while it is free, so
 *    addresses survive restarts and other Gateways coming and going;
 * 3. everyone else (and each requested address with an empty value) takes the lowest free
 *    address of the pool.
 */
export function assignGatewayAddresses(gateways: readonly GatewayNode[], policy: AddressPolicy): Map<string, AddressAssignment> {
  const result = new Map<string, AddressAssignment>();
  const live = gateways.filter((g) => !g.specProblem).sort(byAge);
  if (policy.kind === 'shared') {
    for (const g of live) result.set(g.key, assignShared(g, policy.host));
    return result;
  }
  const first = parseIpv4(policy.first);
  if (first === undefined) throw new Error(`address pool start ${policy.first} is not an IPv4 address`);
  const taken = new Map<number, string>();

  for (const g of live) {
    const requested = g.addresses.map((a, index) => ({ ...a, index })).filter((a) => a.type === 'IPAddress' && a.value);
    if (requested.length === 0) continue;
    const problems: string[] = [];
    const values: number[] = [];
    for (const { value = '', index } of requested) {
      const n = parseIpv4(value);
      const owner = n === undefined ? undefined : taken.get(n);
      const where = `spec.addresses[${index}]: ${value}`;
      if (n === undefined || n < first || n > LOOPBACK_LAST) problems.push(`${where} is not an address this proxy can serve (Gateways are served on 127.0.0.0/8 addresses from ${policy.first})`);
      else if (owner !== undefined) problems.push(`${where} is already used by Gateway ${owner}`);
      else values.push(n);
    }
    if (problems.length > 0) {
      result.set(g.key, { addresses: [], problem: gatewayNotProgrammed('AddressNotUsable', problems.join('; ')) });
      continue;
    }
    for (const n of values) taken.set(n, g.key);
    result.set(g.key, { addresses: values.map(formatIpv4) });
  }

  // How many more addresses each Gateway needs: one each by default, plus one for every
  // requested IPAddress with an empty value (GatewayAddressEmpty); a kept address counts as one.
  const wanted = new Map<string, number>();
  for (const g of live) {
    const empties = g.addresses.filter((a) => a.type === 'IPAddress' && !a.value).length;
    const assigned = result.get(g.key);
    if (assigned?.problem) continue;
    if (assigned) {
      wanted.set(g.key, empties);
      continue;
    }
    const previous = parseIpv4(reportedAddress(g) ?? '');
    if (previous !== undefined && previous >= first && previous <= LOOPBACK_LAST && !taken.has(previous)) {
      taken.set(previous, g.key);
      result.set(g.key, { addresses: [formatIpv4(previous)] });
      wanted.set(g.key, Math.max(0, empties - 1));
    } else {
      result.set(g.key, { addresses: [] });
      wanted.set(g.key, Math.max(1, empties));
    }
  }

  let cursor = first;
  for (const g of live) {
    const count = wanted.get(g.key) ?? 0;
    const assigned = result.get(g.key);
    if (count === 0 || !assigned) continue;
    const addresses = [...assigned.addresses];
    for (let i = 0; i < count; i++) {
      while (cursor <= LOOPBACK_LAST && taken.has(cursor)) cursor++;
      if (cursor > LOOPBACK_LAST) break;
      taken.set(cursor, g.key);
      addresses.push(formatIpv4(cursor));
    }
    result.set(
      g.key,
      addresses.length === assigned.addresses.length + count
        ? { addresses: sortAddresses(addresses) }
        : { addresses: [], problem: gatewayNotProgrammed('AddressNotAssigned', `no free address left in the pool that starts at ${policy.first}`) },
    );
  }
  return result;
}

function assignShared(g: GatewayNode, host: string): AddressAssignment {
  const foreign = g.addresses.flatMap((a, i) => (a.type === 'IPAddress' && a.value && a.value !== host ? [`spec.addresses[${i}]: ${a.value}`] : []));
  if (foreign.length > 0) {
    return { addresses: [], problem: gatewayNotProgrammed('AddressNotUsable', `${foreign.join('; ')}: this proxy serves every Gateway on ${host} only`) };
  }
  return { addresses: [host] };
}

/** The first IPAddress the Gateway's status reports (what the proxy bound last time). */
function reportedAddress(g: GatewayNode): string | undefined {
  const addresses = (g.source.status as { addresses?: unknown } | undefined)?.addresses;
  if (!Array.isArray(addresses)) return undefined;
  const first = addresses.find((a): a is { type?: string; value: string } => typeof (a as { value?: unknown })?.value === 'string' && ((a as { type?: string }).type ?? 'IPAddress') === 'IPAddress');
  return first?.value;
}

/** Oldest first, then namespace/name: the older Gateway keeps a contested address. */
function byAge(a: GatewayNode, b: GatewayNode): number {
  const ta = a.source.metadata.creationTimestamp ?? '';
  const tb = b.source.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function sortAddresses(addresses: string[]): string[] {
  return addresses.map((a) => parseIpv4(a) ?? 0).sort((x, y) => x - y).map(formatIpv4);
}

/** Dotted-quad IPv4 to an unsigned 32-bit number; undefined for anything else (no leading zeros, no shorthand). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
