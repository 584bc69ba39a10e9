import type { LabelSelector } from '@/lib/gateway-api/shared/label-selector';

/**
 * metav1.LabelSelector evaluation for explanations in the browser, with the controller's
 * semantics (server/graph/label-selector-match.ts, which the console may not import): an empty
 * selector matches everything; an unknown operator or contradictory values match nothing.
 */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const values = expr.values ?? [];
    const inSet = has(expr.key) && values.includes(labels[expr.key] ?? '');
    switch (expr.operator) {
      case 'In':
        if (values.length === 0 || !inSet) return false;
        break;
      case 'NotIn':
        if (values.length === 0 || inSet) return false;
        break;
      case 'Exists':
        if (values.length > 0 || !has(expr.key)) return false;
        break;
      case 'DoesNotExist':
        if (values.length > 0 || has(expr.key)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** "team=web, env in (prod, staging), has tier": a selector in words for messages. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(', ');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} not in (${values})`);
    else if (e.operator === 'Exists') parts.push(`has ${e.key}`);
    else if (e.operator === 'DoesNotExist') parts.push(`no ${e.key}`);
    else parts.push(`${e.key} ${e.operator} (${values})`);
  }
  return parts.length ? parts.join(', ') : 'any labels';
}
