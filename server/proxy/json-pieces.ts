/**
 * JSON.stringify(value) in pieces of about `pieceSize` chars, for a writer that yields to the
 * event loop between pieces: a 10,000-rule /config_dump or /stats stringified in one go held
 * up the proxy's traffic for 40-120 ms. Joined, the pieces are exactly JSON.stringify's text
 * for plain data (objects, arrays, strings, numbers, booleans, null; undefined, functions and
 * symbols dropped or nulled as it does); an object with toJSON is written whole by it.
 *
 * One extension: an iterable that is not an array (a generator) is written as an array, its
 * items read only as the pieces are taken, so rows can be produced a piece at a time too.
 *
 * Small subtrees (up to SMALL_NODES values) are stringified whole by JSON.stringify; larger
 * ones are walked, so no single step does more than about a piece's worth of work.
 */
export function* jsonPieces(value: unknown, pieceSize = 64 * 1024): Generator<string> {
  const writer = new PieceWriter(pieceSize);
  yield* writer.value(value, 'null');
  yield writer.rest();
}

const SMALL_NODES = 256;

class PieceWriter {
  private out = '';

  constructor(private readonly pieceSize: number) {}

  /** Writes `value`, or `absent` when JSON has no text for it (undefined, a function, a symbol). */
  *value(value: unknown, absent: string): Generator<string> {
    if (isRows(value)) return yield* this.rows(value);
    if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function' && !isSmall(value, { left: SMALL_NODES })) {
      return yield* Array.isArray(value) ? this.rows(value) : this.object(value as Record<string, unknown>);
    }
    this.out += JSON.stringify(value) ?? absent;
    if (this.out.length >= this.pieceSize) yield this.take();
  }

  rest(): string {
    return this.take();
  }

  private *rows(rows: Iterable<unknown>): Generator<string> {
    this.out += '[';
    let first = true;
    for (const row of rows) {
      if (!first) this.out += ',';
      first = false;
      yield* this.value(row, 'null');
    }
    this.out += ']';
  }

  private *object(object: Record<string, unknown>): Generator<string> {
    this.out += '{';
    let first = true;
    for (const key of Object.keys(object)) {
      const field = object[key];
      if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
      this.out += `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* this.value(field, 'null');
    }
    this.out += '}';
  }

  private take(): string {
    const piece = this.out;
    this.out = '';
    return piece;
  }
}

/** A non-array iterable other than a string: written as an array, read lazily. */
function isRows(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** Whether `value` holds at most `budget.left` values (counting down; stops early once exceeded) and no lazy rows. */
function isSmall(value: unknown, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  if (typeof value !== 'object' || value === null) return true;
  if (isRows(value)) return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) if (!isSmall(item, budget)) return false;
  return true;
}
