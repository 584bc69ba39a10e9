import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { type IrListener } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { compileRouteTableSteps, createRouteTableCache, type RouteTable, type RouteTableCache } from '@/lib/routing/compile-route-table';
import { diffRuleObjects } from '@/lib/routing/diff-rule-objects';
import { runToEnd, type Steps } from '@/lib/util/steps';
import { compileRule, type CompiledRule } from '@/server/proxy/compile-rule';
import { type CounterSeries, type ProxyStats } from '@/server/proxy/proxy-stats';
import { type UpstreamPools } from '@/server/proxy/upstream-pools';

/** A certificate ready for TLS handshakes. */
export interface CompiledCertificate {
  readonly context: SecureContext;
  readonly x509: X509Certificate;
}

/**
 * Everything the request path needs for one snapshot, built once and never mutated: the route
 * table, whose hits carry their compiled rule, and certificates per HTTPS listener. Requests
 * read the active config once when they start, so a swap never changes a request midway.
 */
export interface ActiveConfig {
  readonly snapshot: RoutingSnapshot;
  readonly table: RouteTable<CompiledRule>;
  /** Per listener name: its usable certificates, in listener order. */
  readonly certificates: ReadonlyMap<string, readonly CompiledCertificate[]>;
  /** Counters for requests no rule took, per listener name ('' when no listener matched). */
  readonly missCounters: ReadonlyMap<string, CounterSeries>;
}

/** A compiled config and the compiled rules it gained and lost against the one it was compiled after. */
export interface ConfigUpdate {
  readonly config: ActiveConfig;
  /** Compiled rules now served that `previous` did not serve (all of them without `previous`). */
  readonly entered: readonly CompiledRule[];
  /** Compiled rules `previous` served that this config does not. */
  readonly left: readonly CompiledRule[];
}

/**
 * What every compile of one proxy shares: the upstream pools and stats compiled rules use, and
 * caches, so that unchanged rule / route / certificate objects are not compiled again.
 */
export interface CompileContext {
  readonly pools: UpstreamPools;
  readonly stats: ProxyStats;
  /** Binds each route-table hit to its compiled rule (compiledRule). */
  readonly routeTable: RouteTableCache<CompiledRule>;
  /**
   * Compiled rules by IrRule object: rule objects are immutable and a changed rule is a new
   * object, so an entry never changes under a config that serves it. (A rule object shared by
   * two listeners, which only in-process callers make, maps to the last listener's compiled
   * form; each hit keeps its own listener's.)
   */
  readonly rules: WeakMap<IrRule, CompiledRule>;
  readonly certificates: WeakMap<object, CompiledCertificate>;
}

export function createCompileContext(pools: UpstreamPools, stats: ProxyStats): CompileContext {
  const context: CompileContext = {
    pools,
    stats,
    routeTable: createRouteTableCache((listener, rule) => compiledRule(listener, rule, context)),
    rules: new WeakMap(),
    certificates: new WeakMap(),
  };
  return context;
}

/**
 * Compiles a checked snapshot. Throws (the caller rejects the snapshot and keeps its last good
 * config) for a match lib/routing cannot compile, a missing rule, or unusable certificate PEM.
 *
 * `previous` is the config being replaced (the proxy's active one). Listeners are compared with
 * it by rule object: only rules that are new objects are compiled, and `entered` / `left` list
 * the difference (for endpoint bookkeeping), so a delta of k rules costs O(k) allocation here
 * however many rules the snapshot has. Without `previous` (or for a new listener) every rule
 * enters.
 */
export function compileConfig(snapshot: RoutingSnapshot, context: CompileContext, previous?: ActiveConfig): ConfigUpdate {
  return runToEnd(compileConfigSteps(snapshot, context, previous));
}

/**
 * compileConfig as Steps (lib/util/steps.ts), pausing after each virtual host it compiles: run
 * sliced, a 10,000-route snapshot's compile no longer stops traffic for its whole length.
 */
export function* compileConfigSteps(snapshot: RoutingSnapshot, context: CompileContext, previous?: ActiveConfig): Steps<ConfigUpdate> {
  // Compiles the rules of new hits as it binds them; the loop below finds them compiled.
  const table = yield* compileRouteTableSteps(snapshot, context.routeTable, previous?.table);
  const stats = context.stats;
  const entered: CompiledRule[] = [];
  const left: CompiledRule[] = [];
  const missCounters = new Map<string, CounterSeries>([['', stats.counter('', '', '')]]);
  const names = new Set<string>();
  for (const listener of snapshot.listeners) {
    missCounters.set(listener.name, stats.counter(listener.name, '', ''));
    const before = names.has(listener.name) ? undefined : previous?.table.listeners.get(listener.name)?.listener;
    names.add(listener.name);
    const diff = before === undefined ? undefined : diffRuleObjects(before.rules, listener.rules);
    for (const rule of diff === undefined ? listener.rules : diff.entered) entered.push(compiledRule(listener.name, rule, context));
    for (const rule of diff === undefined ? (before?.rules ?? []) : diff.left) pushCompiled(left, context, rule);
  }
  for (const [name, compiled] of previous?.table.listeners ?? []) {
    if (!names.has(name)) for (const rule of compiled.listener.rules) pushCompiled(left, context, rule);
  }
  const config: ActiveConfig = { snapshot, table, certificates: compileCertificates(snapshot, context), missCounters };
  return { config, entered, left };
}

/** Every rule of a config that was served was compiled, so it is in the cache. */
function pushCompiled(out: CompiledRule[], context: CompileContext, rule: IrRule): void {
  const compiled = context.rules.get(rule);
  if (compiled !== undefined) out.push(compiled);
}

/** The rule compiled for `listener`, from the cache when it was compiled for that listener before. */
function compiledRule(listener: string, rule: IrRule, context: CompileContext): CompiledRule {
  let compiled = context.rules.get(rule);
  // A translator may share one rule object between listeners; counters are per listener.
  if (compiled === undefined || compiled.listener !== listener) {
    compiled = compileRule(listener, rule, context.pools, context.stats);
    context.rules.set(rule, compiled);
  }
  return compiled;
}

function compileCertificates(snapshot: RoutingSnapshot, context: CompileContext): Map<string, readonly CompiledCertificate[]> {
  const byId = new Map(snapshot.certificates.map((c) => [c.id, c]));
  const out = new Map<string, readonly CompiledCertificate[]>();
  for (const listener of snapshot.listeners) {
    if (listener.protocol !== 'HTTPS') continue;
    out.set(listener.name, listenerCertificates(listener, byId, context));
  }
  return out;
}

function listenerCertificates(listener: IrListener, byId: ReadonlyMap<string, RoutingSnapshot['certificates'][number]>, context: CompileContext): CompiledCertificate[] {
  const list: CompiledCertificate[] = [];
  for (const ref of listener.tls?.certificates ?? []) {
    const material = byId.get(ref.materialId);
    if (material === undefined) throw new Error(`listener ${listener.name}: certificate ${ref.materialId} is not in the snapshot`);
    let compiled = context.certificates.get(material);
    if (compiled === undefined) {
      try {
        compiled = {
          context: createSecureContext({ cert: material.certificatePem, key: material.privateKeyPem }),
          x509: new X509Certificate(material.certificatePem),
        };
      } catch (err) {
        throw new Error(`certificate ${material.id}: unusable PEM material (${(err as Error).message})`, { cause: err });
      }
      context.certificates.set(material, compiled);
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
