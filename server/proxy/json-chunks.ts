/**
 * `{ ...head, [key]: [...rows] }` as JSON text, in pieces: `head` in the first, then `perChunk`
 * rows per piece (each row stringified as it is read), for a writer that yields to the event
 * loop between pieces. Joined, the pieces are exactly JSON.stringify of that object (`key`
 * last; rows that stringify to nothing, like undefined, become null as in an array).
 */
export function* jsonChunks(head: Readonly<Record<string, unknown>>, key: string, rows: Iterable<unknown>, perChunk: number): Generator<string> {
  const open = JSON.stringify(head);
  let text = `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}${JSON.stringify(key)}:[`;
  let count = 0;
  for (const row of rows) {
    text += `${count === 0 ? '' : ','}${JSON.stringify(row) ?? 'null'}`;
    if (++count % perChunk === 0) {
      yield text;
      text = '';
    }
  }
  yield `${text}]}`;
}
