import { HostnameTable } from '@/lib/routing/hostname-table';
import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';

/**
 * Host -> T lookup with Gateway API specificity: exact, then longest wildcard suffix, then `*`.
 *
 * Split in two so that successive versions can share the expensive half: `slots` gives each
 * hostname a slot number, `items` holds one version's value per slot (undefined: this version
 * does not serve the hostname). Slots only grow (HostSlotTable): a slot, once given, keeps its
 * hostname, so a version built later can add hostnames to the shared tables without changing
 * what an earlier version's lookups find. A delta that changes, adds or removes a few virtual
 * hosts makes one new `items` array (a pointer per slot), not tables of every hostname. Lookups
 * stay one table read plus one array read.
 */
export interface HostSlots {
  readonly exact: HostnameLookup;
  /** Keyed by the suffix after `*.`: `example.com` for `*.example.com`. */
  readonly wildcard: HostnameLookup;
  /** The slot of `*`, or -1. */
  readonly any: number;
}

export interface HostIndex<T> {
  readonly slots: HostSlots;
  /** By slot; shorter than the slot count, or undefined at a slot, where this version lacks the hostname. */
  readonly items: readonly (T | undefined)[];
}

/** Hostname -> slot (HostnameTable): `get(host, start)` finds `host.slice(start)`. */
export interface HostnameLookup {
  get(name: string, start?: number): number | undefined;
  readonly size: number;
}

/** HostSlots that hand out slots: shared by the versions of one listener's virtual-host index. */
export class HostSlotTable implements HostSlots {
  readonly exact = new HostnameTable();
  readonly wildcard = new HostnameTable();
  any = -1;
  /** Slots given so far. */
  size = 0;

  /** The slot of `hostname` (compared lower-case), given now if it has none. */
  slotOf(hostname: string): number {
    const name = lowerCase(hostname);
    if (name === ANY_HOST || name === '') {
      if (this.any === -1) this.any = this.size++;
      return this.any;
    }
    const wildcard = isWildcardHostname(name);
    const table = wildcard ? this.wildcard : this.exact;
    const start = wildcard ? 2 : 0;
    let slot = table.get(name, start);
    if (slot === undefined) table.add(name.slice(start), (slot = this.size++));
    return slot;
  }
}

/**
 * Builds a HostIndex over `items`; when two items claim one hostname (compared lower-case), the
 * first in `items` order wins. Lookups go by hash table, so the items need no sorting: specificity is
 * the lookup order (exact, then longest wildcard suffix, then `*`). With `table`, its slots are
 * reused and extended (for a new version of an index built on it before). buildHostIndexOf
 * stores `valueOf(source)` for each source instead of the source itself.
 */
export function buildHostIndex<T>(items: readonly T[], hostnameOf: (item: T) => string, table?: HostSlotTable): HostIndex<T> {
  return buildHostIndexOf(items, hostnameOf, (item) => item, table);
}

export function buildHostIndexOf<S, T>(sources: readonly S[], hostnameOf: (source: S) => string, valueOf: (source: S, index: number) => T, table = new HostSlotTable()): HostIndex<T> {
  // Slots first (for hostnames seen before, map reads only), so the items array is made once at its final size.
  for (let i = 0; i < sources.length; i++) table.slotOf(hostnameOf(sources[i] as S));
  const items = new Array<T | undefined>(table.size);
  for (let i = 0; i < sources.length; i++) {
    const slot = table.slotOf(hostnameOf(sources[i] as S));
    if (items[slot] === undefined) items[slot] = valueOf(sources[i] as S, i);
  }
  return { slots: table, items };
}

/** The most specific item for a normalised (lower-case, port-free) host, or undefined. */
export function lookupHost<T>(index: HostIndex<T>, host: string): T | undefined {
  const { slots, items } = index;
  const exact = slots.exact.get(host);
  if (exact !== undefined && exact < items.length) {
    const item = items[exact];
    if (item !== undefined) return item;
  }
  if (slots.wildcard.size > 0) {
    // Walk suffixes longest first: for a.b.example.com try b.example.com, example.com, com.
    for (let dot = host.indexOf('.'); dot !== -1 && dot < host.length - 1; dot = host.indexOf('.', dot + 1)) {
      if (dot === 0) continue; // a wildcard needs a non-empty label in front
      const slot = slots.wildcard.get(host, dot + 1);
      if (slot !== undefined && slot < items.length) {
        const item = items[slot];
        if (item !== undefined) return item;
      }
    }
  }
  return slots.any !== -1 && slots.any < items.length ? items[slots.any] : undefined;
}

/** The item the index gives to exactly `hostname` (as listed: `*.a.com` finds the `*.a.com` item, not a wider one). */
export function hostIndexEntry<T>(index: HostIndex<T>, hostname: string): T | undefined {
  const name = lowerCase(hostname);
  const slot = name === ANY_HOST || name === '' ? index.slots.any : isWildcardHostname(name) ? index.slots.wildcard.get(name, 2) : index.slots.exact.get(name);
  return slot === undefined || slot === -1 || slot >= index.items.length ? undefined : index.items[slot];
}

/** toLowerCase without a new string for a name that is lower-case already (IR hostnames are): compiles call this per host. */
function lowerCase(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || c > 0x7f) return s.toLowerCase();
  }
  return s;
}
