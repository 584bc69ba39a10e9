import type { K8sObject } from '@/lib/k8s/object';
import { ApiError } from '@/lib/k8s/status-error';

/**
 * Label selectors (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`) and field selectors
 * (`metadata.name`, `metadata.namespace` with `=`, `==`, `!=`), parsed once per request into
 * a predicate over objects.
 */
export type ObjectPredicate = (obj: K8sObject) => boolean;

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> }
  | { op: 'exists' | 'notexists'; key: string };

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside a `( ... )` value set. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function badSelector(selector: string, why: string): ApiError {
  return new ApiError('BadRequest', `unable to parse requirement: ${why} (selector ${JSON.stringify(selector)})`);
}

function checkKey(selector: string, key: string): string {
  if (!KEY.test(key) || key.length > 317) throw badSelector(selector, `invalid label key "${key}"`);
  return key;
}
function checkValue(selector: string, value: string): string {
  if (value.length > 63 || !VALUE.test(value)) throw badSelector(selector, `invalid label value: "${value}"`);
  return value;
}

export function parseLabelSelector(selector: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const term of splitTerms(selector)) {
    const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
    if (setMatch) {
      const values = setMatch[3]!.split(',').map((v) => checkValue(selector, v.trim()));
      reqs.push({ op: setMatch[2] as 'in' | 'notin', key: checkKey(selector, setMatch[1]!), values: new Set(values) });
      continue;
    }
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (cmp) {
      const op = cmp[2] === '!=' ? 'neq' : 'eq';
      reqs.push({ op, key: checkKey(selector, cmp[1]!), value: checkValue(selector, cmp[3]!.trim()) });
      continue;
    }
    if (term.startsWith('!')) {
      reqs.push({ op: 'notexists', key: checkKey(selector, term.slice(1).trim()) });
      continue;
    }
    reqs.push({ op: 'exists', key: checkKey(selector, term) });
  }
  return reqs;
}

function matchesRequirement(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'eq':
      return has && v === r.value;
    case 'neq':
      return !has || v !== r.value;
    case 'in':
      return has && r.values.has(v!);
    case 'notin':
      return !has || !r.values.has(v!);
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

const FIELD_GETTERS: Record<string, (o: K8sObject) => string> = {
  'metadata.name': (o) => o.metadata.name ?? '',
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

function parseFieldSelector(selector: string): ObjectPredicate[] {
  return splitTerms(selector).map((term) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new ApiError('BadRequest', `invalid field selector: ${JSON.stringify(term)}`);
    const getter = FIELD_GETTERS[m[1]!];
    if (!getter) {
      throw new ApiError('BadRequest', `field label not supported: ${m[1]} (supported: metadata.name, metadata.namespace)`);
    }
    const want = m[3]!.trim();
    return m[2] === '!=' ? (o: K8sObject) => getter(o) !== want : (o: K8sObject) => getter(o) === want;
  });
}

/** A predicate for the request's selectors, or undefined when there are none (everything matches). */
export function buildSelector(labelSelector: string | null, fieldSelector: string | null): ObjectPredicate | undefined {
  const labelReqs = labelSelector ? parseLabelSelector(labelSelector) : [];
  const fieldPreds = fieldSelector ? parseFieldSelector(fieldSelector) : [];
  if (labelReqs.length === 0 && fieldPreds.length === 0) return undefined;
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    for (const r of labelReqs) if (!matchesRequirement(labels, r)) return false;
    for (const p of fieldPreds) if (!p(obj)) return false;
    return true;
  };
}
