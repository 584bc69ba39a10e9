import { describe, expect, it } from 'vitest';
import { Series, SeriesCells } from '@/server/proxy/series-cells';

class Probe extends Series {
  constructor(store: SeriesCells, size: number) {
    super(store, size);
  }

  add(i: number, n: number): void {
    this.cells[this.at + i]! += n;
  }

  read(): number[] {
    return this.numbers(0, this.size);
  }
}

function harness(): { store: SeriesCells; live: Set<Probe>; make: (size: number) => Probe } {
  const live = new Set<Probe>();
  const store = new SeriesCells(() => live);
  const make = (size: number): Probe => {
    const probe = new Probe(store, size);
    live.add(probe);
    return probe;
  };
  return { store, live, make };
}

describe('SeriesCells', () => {
  it('gives each series its own zeroed block', () => {
    const { make } = harness();
    const a = make(6);
    const b = make(16);
    a.add(2, 1);
    b.add(0, 5);
    expect(a.read()).toEqual([0, 0, 1, 0, 0, 0]);
    expect(b.read()).toEqual([5, ...new Array<number>(15).fill(0)]);
    expect(b.at).toBeGreaterThanOrEqual(a.at + 6);
  });

  it('moves every live series to the grown array with its numbers', () => {
    const { store, make } = harness();
    const first = make(6);
    first.add(1, 7);
    const before = store.cells;
    const many = Array.from({ length: 400 }, (_, i) => {
      const p = make(6);
      p.add(i % 6, i);
      return p;
    });
    expect(store.cells).not.toBe(before);
    expect(store.cells.length).toBeGreaterThanOrEqual(401 * 6);
    for (const p of [first, ...many]) expect(p.cells).toBe(store.cells);
    expect(first.read()).toEqual([0, 7, 0, 0, 0, 0]);
    many.forEach((p, i) => expect(p.read()[i % 6]).toBe(i));
  });

  it('leaves a released series a copy of its numbers and hands its block out again zeroed', () => {
    const { store, live, make } = harness();
    const old = make(6);
    old.add(2, 3);
    const block = old.at;
    live.delete(old);
    store.release(old);
    expect(old.read()).toEqual([0, 0, 3, 0, 0, 0]);

    const next = make(6);
    expect(next.at).toBe(block);
    expect(next.read()).toEqual([0, 0, 0, 0, 0, 0]);
    // A request still in flight on the old series counts into its copy, not into the new owner's block.
    old.add(2, 1);
    expect(old.read()).toEqual([0, 0, 4, 0, 0, 0]);
    expect(next.read()).toEqual([0, 0, 0, 0, 0, 0]);
    store.release(old); // twice is harmless
    expect(make(6).at).not.toBe(block);
  });

  it('reuses blocks only for series of the same size', () => {
    const { store, live, make } = harness();
    const small = make(6);
    live.delete(small);
    store.release(small);
    const big = make(16);
    expect(big.at).not.toBe(small.at);
  });
});
