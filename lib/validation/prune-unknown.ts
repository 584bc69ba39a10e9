import type { z } from 'zod';
import { fieldPath } from '@/lib/validation/field-path';

/**
 * Structural-schema pruning: walks the input alongside a zod schema and returns a copy without
 * fields the schema does not declare, recording each pruned path (for fieldValidation
 * Strict/Warn). Null values are dropped too, as kube-apiserver drops nulls of non-nullable
 * fields before defaulting. Records, `z.unknown()` and loose objects (catchall) keep whatever
 * they hold: those are the x-kubernetes-preserve-unknown-fields spots.
 */
export function pruneUnknown(schema: z.ZodType, value: unknown, basePath: PropertyKey[] = []): { value: unknown; unknownFields: string[] } {
  const unknownFields: string[] = [];
  const out = walk(schema, value, basePath, unknownFields);
  return { value: out, unknownFields };
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function walk(schema: z.ZodType, value: unknown, path: PropertyKey[], unknown: string[]): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? walk(def.innerType, value, path, unknown) : value;
    case 'pipe':
      return def.in ? walk(def.in, value, path, unknown) : value;
    case 'lazy':
      return def.getter ? walk(def.getter(), value, path, unknown) : value;
    case 'object': {
      if (!isPlainObject(value)) return value;
      const shape = def.shape ?? {};
      const catchall = def.catchall && defOf(def.catchall).type !== 'never' ? def.catchall : undefined;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        if (child === null) continue;
        const childSchema = Object.hasOwn(shape, key) ? shape[key] : catchall;
        if (!childSchema) {
          unknown.push(fieldPath([...path, key]));
          continue;
        }
        out[key] = walk(childSchema, child, [...path, key], unknown);
      }
      return out;
    }
    case 'array':
      if (!Array.isArray(value) || !def.element) return value;
      return value.map((item, i) => walk(def.element as z.ZodType, item, [...path, i], unknown));
    case 'record': {
      if (!isPlainObject(value) || !def.valueType) return value;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        if (child === null) continue;
        out[key] = walk(def.valueType, child, [...path, key], unknown);
      }
      return out;
    }
    case 'union': {
      // Unions here are of scalars (IntOrString) or a schema plus a scalar; prune by the first
      // object-shaped option when the value is an object.
      if (!isPlainObject(value)) return value;
      const objectOption = def.options?.find((o) => defOf(o).type === 'object');
      return objectOption ? walk(objectOption, value, path, unknown) : value;
    }
    default:
      return value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
