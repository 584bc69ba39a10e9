import type { LabelSelector } from '@/lib/gateway-api/shared/label-selector';

export type SelectorVerdict = 'match' | 'no-match' | 'invalid';

/**
 * Evaluates a metav1.LabelSelector (matchLabels AND matchExpressions with In, NotIn, Exists,
 * DoesNotExist). An empty selector matches everything, as in Kubernetes. An unknown operator,
 * or values that contradict the operator, make the selector invalid: callers admit nothing.
 */
export function matchLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): SelectorVerdict {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  let matches = true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) matches = false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0) return 'invalid';
        const inSet = has(expr.key) && values.includes(labels[expr.key] ?? '');
        if (expr.operator === 'In' ? !inSet : inSet) matches = false;
        break;
      }
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return 'invalid';
        if (expr.operator === 'Exists' ? !has(expr.key) : has(expr.key)) matches = false;
        break;
      default:
        return 'invalid';
    }
  }
  return matches ? 'match' : 'no-match';
}
