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

export function compileBackendPicker(backends: readonly IrBackend[]): BackendPicker {
  const live = backends.filter((b) => b.weight > 0);
  const total = live.reduce((sum, b) => sum + b.weight, 0);
  if (total === 0) return () => null;
  if (live.length === 1) {
    const only = live[0] as IrBackend;
    return () => only;
  }
  const bounds = new Float64Array(live.length);
  let acc = 0;
  live.forEach((b, i) => {
    acc += b.weight;
    bounds[i] = acc;
  });
  return (random) => {
    const point = random * total;
    for (let i = 0; i < bounds.length; i++) if (point < (bounds[i] as number)) return live[i] as IrBackend;
    return live[live.length - 1] as IrBackend;
  };
}
