import { describe, expect, it } from 'vitest';
import { type IrBackend } from '@/lib/ir/route';
import { compileBackendPicker, WeightedChoice } from '@/lib/routing/pick-backend';

const svc = (name: string, weight: number): IrBackend => ({
  kind: 'service',
  weight,
  service: { namespace: 'ns', name, port: 80 },
  protocol: 'http',
  endpoints: [],
  filters: [],
});
const invalid = (weight: number): IrBackend => ({ kind: 'invalid', weight, reason: 'BackendNotFound', message: 'service "ns/gone" not found' });
const name = (b: IrBackend | null) => (b === null ? null : b.kind === 'service' ? b.service.name : 'invalid');

describe('compileBackendPicker (SEMANTICS 6.2, 6.4)', () => {
  it.each<[string, IrBackend[], [number, string | null][]]>([
    ['single backend gets everything', [svc('a', 5)], [[0, 'a'], [0.999, 'a']]],
    ['weights split the unit interval', [svc('a', 1), svc('b', 3)], [[0, 'a'], [0.2499, 'a'], [0.25, 'b'], [0.999, 'b']]],
    ['weight 0 never chosen', [svc('a', 0), svc('b', 1)], [[0, 'b'], [0.999, 'b']]],
    ['invalid keeps its share', [svc('a', 1), invalid(1)], [[0.25, 'a'], [0.75, 'invalid']]],
    ['all weights 0: nothing (500)', [svc('a', 0), svc('b', 0)], [[0.5, null]]],
    ['no backends: nothing (500)', [], [[0.5, null]]],
  ])('%s', (_why, backends, picks) => {
    const pick = compileBackendPicker(backends);
    for (const [random, expected] of picks) expect(name(pick(random))).toBe(expected);
  });

  it('shares converge to weight / total over an even sweep', () => {
    const pick = compileBackendPicker([svc('a', 1), svc('b', 2), svc('c', 7)]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const n = name(pick(i / 1000)) as string;
      counts[n] = (counts[n] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 100, b: 200, c: 700 });
  });
});

describe('WeightedChoice.compile', () => {
  it('keeps no choice object for none or a single candidate', () => {
    const a = svc('a', 3);
    expect(WeightedChoice.compile([], (b: IrBackend) => b.weight)).toBeNull();
    expect(WeightedChoice.compile([svc('x', 0), svc('y', 0)], (b) => b.weight)).toBeNull();
    expect(WeightedChoice.compile([svc('x', 0), a], (b) => b.weight)).toBe(a);
  });

  it('splits by weight among several', () => {
    const choice = WeightedChoice.compile(['a', 'b'], (s) => (s === 'a' ? 1 : 3));
    expect(choice).toBeInstanceOf(WeightedChoice);
    const picks = [0, 0.2499, 0.25, 0.999].map((r) => (choice as WeightedChoice<string>).pick(r));
    expect(picks).toEqual(['a', 'a', 'b', 'b']);
  });
});
