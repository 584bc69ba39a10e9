import type { IrListener, IrVirtualHost } from '@/lib/ir/listener';
import type { IrRoute } from '@/lib/ir/route';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';

/**
 * Shadowing analysis kept up to date across snapshots, so a reconcile pays for the virtual
 * hosts that changed, not for every route. What a virtual host contributes (which of its
 * entries are shadowed, and by what) depends only on its own entries, so it is computed once per
 * IrVirtualHost object (the translator keeps the objects of untouched hosts). Whether a rule is
 * dead depends on all its occurrences across listeners and virtual hosts, so the index knows,
 * per rule, the (listener, virtual host) pairs it occurs in; a rule's findings are recomputed
 * only when one of those pairs came or went. find-shadowed-rules.ts turns occurrences into
 * findings exactly as the uncached walk does.
 */

/** Where the entries of one virtual host are shadowed (findShadowersInOrder), and its rules. */
export interface VirtualHostShadows {
  /** Per entry, the entry that shadows it; undefined when none is shadowed (most virtual hosts: no array kept). */
  shadowers: readonly (IrRoute | undefined)[] | undefined;
  /** Distinct rule ids of its entries. */
  rules: readonly string[];
  /** Distinct rule ids with a shadowed entry here. */
  hitRules: readonly string[];
  /** Entry positions per rule, built when first asked for (only rules with findings ask). */
  positions?: Map<string, number[]>;
}

/** One virtual host as served by one listener. */
export interface Contribution {
  listener: string;
  vhost: IrVirtualHost;
  shadows: VirtualHostShadows;
  /** The update that last saw it (tells removed virtual hosts from kept ones). */
  stamp: number;
}

interface ListenerState {
  listener: IrListener;
  byHost: Map<IrVirtualHost, Contribution>;
  /** The same virtual host object listed twice in one listener (never made by the translator, but counted as the walk counts it). */
  extras: Contribution[];
}

export interface ShadowIndex {
  shadows: WeakMap<IrVirtualHost, VirtualHostShadows>;
  /** By listener name (`\u0000k` appended for the k-th repeat of a name in one snapshot). */
  listeners: Map<string, ListenerState>;
  /** Rule id -> where it occurs (one contribution inline, a few in an array, many in a Set: most rules occur once or twice). */
  occurrences: Map<string, Contribution | Contribution[] | Set<Contribution>>;
  /** Rule id -> how many contributions have it shadowed (rules with 0 have no entry). */
  hits: Map<string, number>;
  stamp: number;
  /** Set while an update runs, until the caller has used the dirty rules (it clears it): an update that threw leaves it set, and the next starts over. */
  updating: boolean;
}

/** Occurrence lists longer than this become Sets (removal by indexOf would cost the list's length). */
const MAX_ARRAY = 8;

export function createShadowIndex(): ShadowIndex {
  return { shadows: new WeakMap(), listeners: new Map(), occurrences: new Map(), hits: new Map(), stamp: 0, updating: false };
}

/**
 * Brings `index` to `snapshot`; returns the rules whose occurrences changed (their findings must
 * be recomputed; all others are as they were). `analyze` gives a virtual host's shadowers.
 * `reset` is called when the index had to start over (every rule's findings are then stale).
 * Leaves `index.updating` set: the caller clears it once it has recomputed the dirty rules.
 */
export function updateShadowIndex(
  index: ShadowIndex,
  snapshot: RoutingSnapshot,
  analyze: (vhost: IrVirtualHost) => VirtualHostShadows,
  reset: () => void,
): Set<string> {
  if (index.updating) {
    index.listeners.clear();
    index.occurrences.clear();
    index.hits.clear();
    reset();
  }
  index.updating = true;
  const dirty = new Set<string>();
  const stamp = ++index.stamp;
  const add = (listener: string, vhost: IrVirtualHost): Contribution => {
    let shadows = index.shadows.get(vhost);
    if (!shadows) index.shadows.set(vhost, (shadows = analyze(vhost)));
    const c: Contribution = { listener, vhost, shadows, stamp };
    for (const rule of shadows.rules) {
      const at = index.occurrences.get(rule);
      if (at === undefined) index.occurrences.set(rule, c);
      else if (at instanceof Set) at.add(c);
      else if (!Array.isArray(at)) index.occurrences.set(rule, [at, c]);
      else if (at.length < MAX_ARRAY) at.push(c);
      else index.occurrences.set(rule, new Set([...at, c]));
      dirty.add(rule);
    }
    for (const rule of shadows.hitRules) index.hits.set(rule, (index.hits.get(rule) ?? 0) + 1);
    return c;
  };
  const remove = (c: Contribution) => {
    for (const rule of c.shadows.rules) {
      const at = index.occurrences.get(rule);
      if (at === c) index.occurrences.delete(rule);
      else if (at instanceof Set) at.delete(c);
      else if (Array.isArray(at)) {
        const i = at.indexOf(c);
        if (i >= 0) at.splice(i, 1);
        if (at.length === 1) index.occurrences.set(rule, at[0]!);
      }
      dirty.add(rule);
    }
    for (const rule of c.shadows.hitRules) {
      const n = (index.hits.get(rule) ?? 0) - 1;
      if (n > 0) index.hits.set(rule, n);
      else index.hits.delete(rule);
    }
  };

  const seen = new Map<string, number>();
  const slots = new Set<string>();
  for (const listener of snapshot.listeners) {
    const repeat = seen.get(listener.name) ?? 0;
    seen.set(listener.name, repeat + 1);
    const slot = repeat === 0 ? listener.name : `${listener.name}\u0000${repeat}`;
    slots.add(slot);
    let state = index.listeners.get(slot);
    if (state?.listener === listener) continue;
    if (!state) index.listeners.set(slot, (state = { listener, byHost: new Map(), extras: [] }));
    state.listener = listener;
    // Kept virtual hosts are stamped; new ones added after the removed ones are gone.
    let kept = 0;
    const fresh: IrVirtualHost[] = [];
    for (const vhost of listener.virtualHosts) {
      const c = state.byHost.get(vhost);
      if (c && c.stamp !== stamp) {
        c.stamp = stamp;
        kept++;
      } else fresh.push(vhost);
    }
    if (kept < state.byHost.size) {
      for (const [vhost, c] of state.byHost) {
        if (c.stamp === stamp) continue;
        remove(c);
        state.byHost.delete(vhost);
      }
    }
    for (const c of state.extras) remove(c);
    state.extras = [];
    for (const vhost of fresh) {
      const c = add(listener.name, vhost);
      if (state.byHost.has(vhost)) state.extras.push(c);
      else state.byHost.set(vhost, c);
    }
  }
  if (slots.size < index.listeners.size) {
    for (const [slot, state] of index.listeners) {
      if (slots.has(slot)) continue;
      for (const c of state.byHost.values()) remove(c);
      for (const c of state.extras) remove(c);
      index.listeners.delete(slot);
    }
  }
  return dirty;
}

/** Every (listener, virtual host) a rule occurs in. */
export function contributionsOf(index: ShadowIndex, rule: string): readonly Contribution[] {
  const at = index.occurrences.get(rule);
  return at === undefined ? [] : at instanceof Set || Array.isArray(at) ? [...at] : [at];
}

/** The positions of a rule's entries in a virtual host (in order). */
export function positionsOf(c: Contribution, rule: string): readonly number[] {
  const routes = c.vhost.routes;
  if (routes.length <= 16) {
    const out: number[] = [];
    for (let i = 0; i < routes.length; i++) if (routes[i]!.rule === rule) out.push(i);
    return out;
  }
  let positions = c.shadows.positions;
  if (!positions) {
    positions = new Map();
    for (let i = 0; i < routes.length; i++) {
      const list = positions.get(routes[i]!.rule);
      if (list) list.push(i);
      else positions.set(routes[i]!.rule, [i]);
    }
    c.shadows.positions = positions;
  }
  return positions.get(rule) ?? [];
}
