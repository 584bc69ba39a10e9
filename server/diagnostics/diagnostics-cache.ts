import type { IrListener } from '@/lib/ir/listener';
import type { IrRoute } from '@/lib/ir/route';
import type { RouteNode } from '@/server/graph/graph-types';
import type { HostnameCollisionFinding } from '@/server/diagnostics/find-hostname-collisions';

/**
 * Memory between successive diagnostics runs (the controller keeps one for its lifetime). The
 * translate cache keeps unchanged IR listeners identical and the graph cache unchanged route
 * nodes, so per-listener shadowing analysis and per-route hostname claims are made once per
 * object. WeakMaps: listeners and nodes that are gone take their entries with them. The
 * findings are equal with or without it.
 */
export interface DiagnosticsCache {
  listeners: WeakMap<IrListener, ListenerShadows>;
  claims: WeakMap<RouteNode, RouteClaims>;
  /** The last routes checked for hostname collisions, and the findings. */
  lastCollisions?: { routes: readonly RouteNode[]; findings: readonly HostnameCollisionFinding[] };
}

/** Every entry occurrence of one listener, grouped by rule id, and the rules with a shadowed occurrence. */
export interface ListenerShadows {
  byRule: Map<string, EntryOccurrence[]>;
  hitRules: readonly string[];
}

export interface EntryOccurrence {
  entry: IrRoute;
  hostname: string;
  shadowedBy: IrRoute | undefined;
}

/** A route's id (`kind/namespace/name`) and its claims. */
export interface RouteClaims {
  id: string;
  claims: readonly HostnameClaim[];
}

/** One exact hostname a route serves on one listener (`namespace/gateway/listener`). */
export interface HostnameClaim {
  listener: string;
  hostname: string;
}

export function createDiagnosticsCache(): DiagnosticsCache {
  return { listeners: new WeakMap(), claims: new WeakMap() };
}
