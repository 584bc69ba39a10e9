import { type IrBackend } from '@/lib/ir/route';

/**
 * Weighted backend choice (SEMANTICS 6.2, 6.4): a backend's share is weight / sum of weights;
 * weight 0 never gets traffic; invalid backends keep their weight, and their share is
 * answered with 500 by the caller (never handed to a healthy backend). Returns null when no
 * backend can be chosen (none listed, or every weight 0): the caller answers 500 (gRPC
 * UNAVAILABLE). Compiled once per rule; `random` is in [0, 1) (Math.random() in the proxy,
 * fixed values in tests).
 */
export type BackendPicker = (random: number) => IrBackend | null;

/** A choice among two or more candidates by weight (each weight > 0). */
export class WeightedChoice<T> {
  private constructor(
    private readonly items: readonly T[],
    /** Cumulative weights: items[i] takes [bounds[i-1], bounds[i]) of [0, total). */
    private readonly bounds: Float64Array,
    private readonly total: number,
  ) {}

  /**
   * The candidates of `items` (weights from `weightOf`): null when none can be chosen, the item
   * itself when only one can (the common single-backend rule keeps no arrays or closures), else
   * a WeightedChoice.
   */
  static compile<T>(items: readonly T[], weightOf: (item: T) => number): T | WeightedChoice<T> | null {
    const live = items.filter((item) => weightOf(item) > 0);
    if (live.length === 0) return null;
    if (live.length === 1) return live[0] as T;
    const bounds = new Float64Array(live.length);
    let acc = 0;
    live.forEach((item, i) => {
      acc += weightOf(item);
      bounds[i] = acc;
    });
    return new WeightedChoice(live, bounds, acc);
  }

  pick(random: number): T {
    const point = random * this.total;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) if (point < (bounds[i] as number)) return this.items[i] as T;
    return this.items[this.items.length - 1] as T;
  }
}

export function compileBackendPicker(backends: readonly IrBackend[]): BackendPicker {
  const choice = WeightedChoice.compile(backends, (b) => b.weight);
  if (choice instanceof WeightedChoice) return (random) => choice.pick(random);
  return () => choice;
}
