import { describe, expect, it } from 'vitest';
import { jsonPieces } from '@/server/proxy/json-pieces';
import { seededRandom } from '@/lib/testing/seeded-random';

/** A seeded random JSON-ish value: nested objects and arrays, big and small, with the odd undefined and function. */
function randomValue(random: (n: number) => number, depth: number): unknown {
  const pick = random(depth > 2 ? 6 : 9);
  // Big containers near the top only (at most about 400 x 300 x 4 values in all).
  const big = depth < 2 && random(2) === 0;
  switch (pick) {
    case 0:
      return random(1000) - 500 + random(10) / 4;
    case 1:
      return `s${random(100)}"\\\n\u00e9\u2028`;
    case 2:
      return [true, false, null][random(3)];
    case 3:
      return undefined;
    case 4:
      return () => 1;
    case 5:
      return new Date(random(1e6) * 1e6);
    case 6:
    case 7:
      return Array.from({ length: big ? random(400) : random(4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: big ? random(300) : random(4) }, (_, i) => [`k${i}"`, randomValue(random, depth + 1)]));
  }
}

describe('jsonPieces', () => {
  it('joined, is exactly JSON.stringify, for random nested values and piece sizes (seeded)', () => {
    const random = seededRandom(3);
    for (let round = 0; round < 60; round++) {
      const value = randomValue(random, 0);
      const expected = JSON.stringify(value) ?? 'null';
      for (const size of [1, 100, 64 * 1024]) expect([...jsonPieces(value, size)].join(''), `round ${round} size ${size}`).toBe(expected);
    }
  });

  it('splits a big value into pieces of about the size asked', () => {
    const value = { head: 1, rows: Array.from({ length: 5000 }, (_, i) => ({ id: `row-${i}`, n: [i, i + 1] })) };
    const pieces = [...jsonPieces(value, 4096)];
    expect(pieces.join('')).toBe(JSON.stringify(value));
    expect(pieces.length).toBeGreaterThan(30);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeLessThan(4096 + 200);
  });

  it('writes a generator as an array, reading its rows only as pieces are taken', () => {
    let read = 0;
    function* rows(): Generator<{ n: number }> {
      for (let n = 0; n < 100; n++) {
        read++;
        yield { n };
      }
    }
    const pieces = jsonPieces({ a: 1, rows: rows(), z: 'end' }, 50);
    const first = pieces.next().value as string;
    expect(first.startsWith('{"a":1,"rows":[{"n":0}')).toBe(true);
    expect(read).toBeLessThan(10);
    const text = first + [...pieces].join('');
    expect(read).toBe(100);
    expect(JSON.parse(text)).toEqual({ a: 1, rows: Array.from({ length: 100 }, (_, n) => ({ n })), z: 'end' });
  });
});
