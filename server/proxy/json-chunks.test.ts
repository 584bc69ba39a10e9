import { describe, expect, it } from 'vitest';
import { jsonChunks } from '@/server/proxy/json-chunks';

describe('jsonChunks', () => {
  const rows = Array.from({ length: 7 }, (_, i) => ({ n: i, name: `r"${i}\n` }));

  it.each([
    ['fields and rows', { a: 1, b: 'x"y', c: { d: [1, null] } }, rows],
    ['no fields', {}, rows],
    ['no rows', { a: 1 }, []],
    ['undefined fields and rows', { a: undefined, b: 2 }, [undefined, 1, 'two', null]],
  ])('joined, is JSON.stringify of the whole: %s', (_, head, list) => {
    for (const perChunk of [1, 2, 3, 100]) {
      const text = [...jsonChunks(head, 'rows', list, perChunk)].join('');
      expect(text).toBe(JSON.stringify({ ...head, rows: list }));
    }
  });

  it('yields a piece per `perChunk` rows, reading rows only as far as it has yielded', () => {
    let read = 0;
    function* counted(): Generator<{ n: number }> {
      for (const row of rows) {
        read++;
        yield row;
      }
    }
    const pieces = jsonChunks({ a: 1 }, 'rows', counted(), 3);
    expect(pieces.next().value).toBe('{"a":1,"rows":[{"n":0,"name":"r\\"0\\n"},{"n":1,"name":"r\\"1\\n"},{"n":2,"name":"r\\"2\\n"}');
    expect(read).toBe(3);
    expect([...pieces]).toHaveLength(2);
    expect(read).toBe(7);
  });
});
