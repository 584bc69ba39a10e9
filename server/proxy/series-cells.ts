/**
 * The numbers of the proxy's stats series, kept in one Float64Array that every live series
 * holds a block of, so that counting a request writes memory that is dense: the series object
 * and one block of cells. A series with a JS array of its own costs the object, the array and
 * the array's elements, three objects spread over the heap; with 10,000 rules over 2,000 hosts
 * none of them is in the CPU cache when the next request for that rule comes, and each miss
 * costs the request path about 0.1 us.
 *
 * A series reads and writes its block as `series.cells[series.at + i]`. The array moves when
 * it grows (all live series are pointed at the new one); a dropped series takes a copy of its
 * block, so a report that still holds it reads its last numbers, and a request still in flight
 * on a rule that left the config counts into that copy, never into a block given to another
 * series since.
 */
export abstract class Series {
  cells: Float64Array;
  at: number;

  protected constructor(
    store: SeriesCells,
    /** Cells in the block. */
    readonly size: number,
  ) {
    this.at = store.take(size); // first: taking may grow the array
    this.cells = store.cells;
  }

  /** `count` numbers of the block from `offset`, as a plain array (for reports). */
  protected numbers(offset: number, count: number): number[] {
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = this.cells[this.at + offset + i] as number;
    return out;
  }
}

const INITIAL_CELLS = 1024;

export class SeriesCells {
  cells = new Float64Array(INITIAL_CELLS);
  /** Cells handed out from the start of the array so far. */
  private top = 0;
  /** Freed blocks by size, zeroed, to hand out again. */
  private readonly free = new Map<number, number[]>();

  /** @param live every series that holds a block now (the owner's maps), for pointing them at a grown array */
  constructor(private readonly live: () => Iterable<Series>) {}

  /** A zeroed block of `size` cells; grows the array (and repoints the live series) when full. */
  take(size: number): number {
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.top + size > this.cells.length) this.grow(this.top + size);
    const at = this.top;
    this.top += size;
    return at;
  }

  /** Gives `series`' block back: the series keeps a copy of its numbers (see the module comment). */
  release(series: Series): void {
    const { at, size } = series;
    if (series.cells !== this.cells) return; // released before
    series.cells = this.cells.slice(at, at + size);
    series.at = 0;
    this.cells.fill(0, at, at + size);
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(at);
  }

  private grow(needed: number): void {
    let length = this.cells.length * 2;
    while (length < needed) length *= 2;
    const next = new Float64Array(length);
    next.set(this.cells);
    const previous = this.cells;
    this.cells = next;
    for (const series of this.live()) if (series.cells === previous) series.cells = next;
  }
}
