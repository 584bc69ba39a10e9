import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RequestIds } from './request-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('RequestIds', () => {
  it('makes ids in the UUID version 4 layout, all different', () => {
    const ids = new RequestIds();
    const all = Array.from({ length: 100_000 }, () => ids.next());
    expect(all.filter((id) => !UUID_V4.test(id))).toEqual([]);
    expect(new Set(all).size).toBe(100_000);
  });

  it('counts in the last six digits and draws a new random prefix when the counter runs out', () => {
    let draws = 0;
    const ids = new RequestIds((size) => {
      draws++;
      return draws === 1 ? Buffer.alloc(size, 0xff) : randomBytes(size);
    }, 3);
    expect([ids.next(), ids.next(), ids.next()]).toEqual(['ffffffff-ffff-4fff-bfff-ffffff000000', 'ffffffff-ffff-4fff-bfff-ffffff000001', 'ffffffff-ffff-4fff-bfff-ffffff000002']);
    expect(draws).toBe(1);
    const fourth = ids.next();
    expect(draws).toBe(2);
    expect(fourth).toMatch(UUID_V4);
    expect(fourth.endsWith('000000')).toBe(true);
    expect(fourth.slice(0, 30)).not.toBe('ffffffff-ffff-4fff-bfff-ffffff');
  });

  it('keeps the variant digit in 8-b for every random byte', () => {
    for (let byte = 0; byte < 256; byte++) {
      expect(new RequestIds((size) => Buffer.alloc(size, byte), 1).next()).toMatch(UUID_V4);
    }
  });
});
