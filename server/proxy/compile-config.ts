import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { type IrListener } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { compileRouteTable, createRouteTableCache, type RouteTable, type RouteTableCache } from '@/lib/routing/compile-route-table';
import { compileRule, type CompiledRule } from '@/server/proxy/compile-rule';
import { type ProxyStats, type RequestCounter } from '@/server/proxy/proxy-stats';
import { type UpstreamPools } from '@/server/proxy/upstream-pools';

/** A certificate ready for TLS handshakes. */
export interface CompiledCertificate {
  readonly context: SecureContext;
  readonly x509: X509Certificate;
}

/**
 * Everything the request path needs for one snapshot, built once and never mutated: the route
 * table, compiled rules by IrRule object, certificates per HTTPS listener. Requests read the
 * active config once when they start, so a swap never changes a request midway.
 */
export interface ActiveConfig {
  readonly snapshot: RoutingSnapshot;
  readonly table: RouteTable;
  readonly rules: ReadonlyMap<IrRule, CompiledRule>;
  /** Per listener name: its usable certificates, in listener order. */
  readonly certificates: ReadonlyMap<string, readonly CompiledCertificate[]>;
  /** Counters for requests no rule took, per listener name ('' when no listener matched). */
  readonly missCounters: ReadonlyMap<string, RequestCounter>;
  /** `address:port` of every endpoint the config sends to. */
  readonly endpoints: ReadonlySet<string>;
}

/** Reused across compiles: unchanged rule / route / certificate objects are not compiled again. */
export interface CompileCaches {
  readonly routeTable: RouteTableCache;
  readonly rules: WeakMap<IrRule, CompiledRule>;
  readonly certificates: WeakMap<object, CompiledCertificate>;
}

export function createCompileCaches(): CompileCaches {
  return { routeTable: createRouteTableCache(), rules: new WeakMap(), certificates: new WeakMap() };
}

/**
 * Compiles a checked snapshot. Throws (the caller rejects the snapshot and keeps its last good
 * config) for a match lib/routing cannot compile, a missing rule, or unusable certificate PEM.
 */
export function compileConfig(snapshot: RoutingSnapshot, caches: CompileCaches, pools: UpstreamPools, stats: ProxyStats): ActiveConfig {
  const table = compileRouteTable(snapshot, caches.routeTable);
  const rules = new Map<IrRule, CompiledRule>();
  const endpoints = new Set<string>();
  const missCounters = new Map<string, RequestCounter>([['', stats.counter('', '', '')]]);
  for (const listener of snapshot.listeners) {
    missCounters.set(listener.name, stats.counter(listener.name, '', ''));
    for (const rule of listener.rules) {
      let compiled = caches.rules.get(rule);
      // A translator may share one rule object between listeners; counters are per listener.
      if (compiled === undefined || compiled.listener !== listener.name) {
        compiled = compileRule(listener.name, rule, pools, stats);
        caches.rules.set(rule, compiled);
      }
      rules.set(rule, compiled);
      for (const key of compiled.endpointKeys) endpoints.add(key);
    }
  }
  return { snapshot, table, rules, certificates: compileCertificates(snapshot, caches), missCounters, endpoints };
}

function compileCertificates(snapshot: RoutingSnapshot, caches: CompileCaches): Map<string, readonly CompiledCertificate[]> {
  const byId = new Map(snapshot.certificates.map((c) => [c.id, c]));
  const out = new Map<string, readonly CompiledCertificate[]>();
  for (const listener of snapshot.listeners) {
    if (listener.protocol !== 'HTTPS') continue;
    out.set(listener.name, listenerCertificates(listener, byId, caches));
  }
  return out;
}

function listenerCertificates(listener: IrListener, byId: ReadonlyMap<string, RoutingSnapshot['certificates'][number]>, caches: CompileCaches): CompiledCertificate[] {
  const list: CompiledCertificate[] = [];
  for (const ref of listener.tls?.certificates ?? []) {
    const material = byId.get(ref.materialId);
    if (material === undefined) throw new Error(`listener ${listener.name}: certificate ${ref.materialId} is not in the snapshot`);
    let compiled = caches.certificates.get(material);
    if (compiled === undefined) {
      try {
        compiled = {
          context: createSecureContext({ cert: material.certificatePem, key: material.privateKeyPem }),
          x509: new X509Certificate(material.certificatePem),
        };
      } catch (err) {
        throw new Error(`certificate ${material.id}: unusable PEM material (${(err as Error).message})`, { cause: err });
      }
      caches.certificates.set(material, compiled);
    }
    list.push(compiled);
  }
  return list;
}

/** The certificate for an SNI name: the first that covers it, else the listener's first. */
export function chooseCertificate(list: readonly CompiledCertificate[], servername: string): CompiledCertificate | undefined {
  if (list.length > 1) for (const cert of list) if (cert.x509.checkHost(servername) !== undefined) return cert;
  return list[0];
}
