import { z } from 'zod';
import { reject, type Ctx } from '@/lib/validation/k8s-issue';

/** A string checked by one of the name-rules validators, one cause per problem. */
export function checkedString(rule: (value: string) => string[]) {
  return z.string().superRefine((value, ctx) => reportProblems(ctx, [], value, rule(value)));
}

export function reportProblems(ctx: Ctx, path: (string | number)[], value: unknown, problems: string[]): void {
  for (const p of problems) reject(ctx, path, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(value)}: ${p}`);
}

/** A map whose keys follow `keyRule` (reported at the map, as kube does) and values `value`. */
export function checkedKeyMap<V extends z.ZodType>(keyRule: (key: string) => string[], value: V) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) reportProblems(ctx, [], key, keyRule(key));
  });
}
