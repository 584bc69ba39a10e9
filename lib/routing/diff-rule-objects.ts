import { type IrRule } from '@/lib/ir/route';

/** Rule objects that are in `after` but not `before` (entered) and the reverse (left). */
export interface RuleObjectDiff {
  readonly entered: readonly IrRule[];
  readonly left: readonly IrRule[];
}

/**
 * Which rule objects a listener gained and lost between two versions, by object identity: a
 * rule whose content changed is a new object (snapshots are immutable), so it is both in `left`
 * (the old object) and `entered` (the new one). Both lists are sorted by id in the IR, so this is
 * one merge walk that allocates only the answer: O(changes) memory for a delta, however many
 * rules the listener has. Returns undefined when either list is not strictly sorted by id
 * (a snapshot that breaks the IR's order): the caller then treats every rule as changed.
 */
export function diffRuleObjects(before: readonly IrRule[], after: readonly IrRule[]): RuleObjectDiff | undefined {
  if (before === after) return NO_CHANGE;
  const entered: IrRule[] = [];
  const left: IrRule[] = [];
  let i = 0;
  let j = 0;
  let lastBefore: string | undefined;
  let lastAfter: string | undefined;
  while (i < before.length || j < after.length) {
    const was = before[i];
    const now = after[j];
    // Sortedness is checked on every id the walk passes: a merge over unsorted lists would lie.
    if (was !== undefined && lastBefore !== undefined && !(lastBefore < was.id)) return undefined;
    if (now !== undefined && lastAfter !== undefined && !(lastAfter < now.id)) return undefined;
    if (was !== undefined && was === now) {
      lastBefore = lastAfter = was.id;
      i++;
      j++;
    } else if (now === undefined || (was !== undefined && was.id < now.id)) {
      left.push(was as IrRule);
      lastBefore = (was as IrRule).id;
      i++;
    } else if (was === undefined || now.id < was.id) {
      entered.push(now);
      lastAfter = now.id;
      j++;
    } else {
      left.push(was);
      entered.push(now);
      lastBefore = was.id;
      lastAfter = now.id;
      i++;
      j++;
    }
  }
  return entered.length === 0 && left.length === 0 ? NO_CHANGE : { entered, left };
}

const NO_CHANGE: RuleObjectDiff = Object.freeze({ entered: Object.freeze([]), left: Object.freeze([]) });
