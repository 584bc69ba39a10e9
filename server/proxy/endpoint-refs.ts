import { type CompiledRule } from '@/server/proxy/compile-rule';

/**
 * Which upstream endpoints (`address:port`) the active config sends to, kept up to date from
 * the rules each new config gains and loses (ConfigUpdate.entered / left) rather than by
 * collecting the endpoints of every rule on every snapshot: counts of the compiled rules that
 * name each endpoint. `inUse` is what UpstreamPools.retain keeps.
 */
export class EndpointRefs {
  private readonly counts = new Map<string, number>();
  private readonly live = new Set<string>();

  /** Endpoints at least one served rule names. */
  get inUse(): ReadonlySet<string> {
    return this.live;
  }

  /** Applies a swap; returns whether an endpoint lost its last rule (then pools should be trimmed). */
  update(entered: readonly CompiledRule[], left: readonly CompiledRule[]): boolean {
    for (const rule of entered) {
      for (const key of rule.endpointKeys) {
        const n = this.counts.get(key) ?? 0;
        this.counts.set(key, n + 1);
        if (n === 0) this.live.add(key);
      }
    }
    let released = false;
    for (const rule of left) {
      for (const key of rule.endpointKeys) {
        const n = this.counts.get(key) ?? 0;
        if (n <= 1) {
          this.counts.delete(key);
          this.live.delete(key);
          released = true;
        } else this.counts.set(key, n - 1);
      }
    }
    return released;
  }
}
