import { type IrListener } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';

/** Lookup maps for listeners whose rules are not sorted by id (the IR sorts them; a broken producer may not). */
const UNSORTED = new WeakMap<readonly IrRule[], Map<string, IrRule>>();

/**
 * The listener's rule with `id`. IrListener.rules is sorted by id (code-unit order), so this is
 * a binary search: compiling a delta's few virtual hosts needs no map of all 10,000 rules. When
 * the search misses, the list may be unsorted: a map of it is built once (per rules array) and
 * asked instead, so an unsorted snapshot compiles as it did, only slower.
 */
export function findListenerRule(listener: IrListener, id: string): IrRule | undefined {
  const rules = listener.rules;
  let lo = 0;
  let hi = rules.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const rule = rules[mid] as IrRule;
    if (rule.id === id) return rule;
    if (rule.id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  let byId = UNSORTED.get(rules);
  if (byId === undefined) {
    byId = new Map();
    for (const rule of rules) byId.set(rule.id, rule);
    UNSORTED.set(rules, byId);
  }
  return byId.get(id);
}
