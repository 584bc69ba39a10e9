import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { pruneUnknown } from '@/lib/validation/prune-unknown';

const schema = z.object({
  name: z.string(),
  tags: z.record(z.string(), z.string()).optional(),
  items: z.array(z.object({ a: z.int() })).optional(),
  nested: z.object({ b: z.string().default('x') }).prefault({}),
  free: z.looseObject({ kept: z.string().optional() }).optional(),
  piped: z.object({ c: z.string() }).transform((v) => v).optional(),
});

describe('pruneUnknown', () => {
  it('removes undeclared fields at every depth and lists their paths', () => {
    const { value, unknownFields } = pruneUnknown(schema, { name: 'n', x: 1, items: [{ a: 1, y: 2 }], nested: { b: 'b', z: 3 }, piped: { c: 'c', w: 4 } }, ['spec']);
    expect(value).toEqual({ name: 'n', items: [{ a: 1 }], nested: { b: 'b' }, piped: { c: 'c' } });
    expect(unknownFields).toEqual(['spec.x', 'spec.items[0].y', 'spec.nested.z', 'spec.piped.w']);
  });

  it('keeps map entries and loose (preserve-unknown-fields) objects whole', () => {
    const input = { name: 'n', tags: { 'a.b/c': 'd' }, free: { kept: 'k', anything: { deep: true } } };
    expect(pruneUnknown(schema, input)).toEqual({ value: input, unknownFields: [] });
  });

  it('drops nulls so defaults apply, and leaves wrong types for validation to report', () => {
    expect(pruneUnknown(schema, { name: null, nested: null, items: 'x' }).value).toEqual({ items: 'x' });
  });

  it('does not modify its input', () => {
    const input = { name: 'n', x: 1 };
    pruneUnknown(schema, input);
    expect(input).toEqual({ name: 'n', x: 1 });
  });
});
