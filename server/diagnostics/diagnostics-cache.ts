import type { RouteNode } from '@/server/graph/graph-types';
import type { HostnameCollisionFinding } from '@/server/diagnostics/find-hostname-collisions';
import type { ShadowedRuleFinding } from '@/server/diagnostics/find-shadowed-rules';
import type { RouteKey } from '@/server/diagnostics/diagnostic-types';
import { createShadowIndex, type ShadowIndex } from '@/server/diagnostics/shadow-index';

/**
 * Memory between successive diagnostics runs (the controller keeps one for its lifetime), so a
 * reconcile costs what changed, not what exists. The translator keeps the IrVirtualHost objects
 * of untouched hosts and the graph cache unchanged route nodes, so:
 * - shadowing: each virtual host object is analysed once, and only the rules occurring in
 *   virtual hosts that came or went get their findings recomputed (shadow-index.ts);
 * - hostname collisions: each route node's claims are made once, kept in an index by hostname
 *   that is patched by the routes that changed (routeChanges), and only the hostnames those
 *   routes claimed, or claim now, get their findings recomputed.
 * The findings are equal with or without it (diagnostics-cache-equivalence.test.ts).
 */
export interface DiagnosticsCache {
  shadowIndex: ShadowIndex;
  /** Rule id -> its ShadowedRule findings (rules without findings have no entry). */
  ruleFindings: Map<string, ShadowedRuleFinding[]>;
  claims: WeakMap<RouteNode, RouteClaims>;
  collisions: CollisionIndex;
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

/** Every claim of the last graph's routes, by hostname and listener, and the findings per hostname. */
export interface CollisionIndex {
  /** The routes indexed (the last graph's); undefined before the first run. */
  routes?: readonly RouteNode[];
  byHost: Map<string, ClaimGroup[]>;
  /** Hostname -> its HostnameCollision findings (hostnames without findings have no entry). */
  findings: Map<string, HostnameCollisionFinding[]>;
  /** Set while an update runs: an update that threw leaves it set, and the next rebuilds. */
  updating: boolean;
}

/** The routes claiming one hostname on one listener, one member per route id (`count`: how many of its claims, over parentRefs). */
export interface ClaimGroup {
  listener: string;
  members: ClaimMember[];
}

export interface ClaimMember extends RouteKey {
  id: string;
  count: number;
}

export function createDiagnosticsCache(): DiagnosticsCache {
  return {
    shadowIndex: createShadowIndex(),
    ruleFindings: new Map(),
    claims: new WeakMap(),
    collisions: { byHost: new Map(), findings: new Map(), updating: false },
  };
}
