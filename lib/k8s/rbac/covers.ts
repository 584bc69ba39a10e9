import type { PolicyRule } from '@/lib/k8s/rbac/types';

/**
 * kube's escalation check (pkg/registry/rbac/validation/policy_comparator.go): do `owner` rules
 * allow everything `requested` rules would? Each requested rule is broken into atomic rules
 * (one verb, group, resource, name / one verb, URL) and each must be covered by one owner rule.
 * Returns the atomic rules that are not covered.
 */
export function coversRules(owner: readonly PolicyRule[], requested: readonly PolicyRule[]): { covered: boolean; uncovered: PolicyRule[] } {
  const uncovered: PolicyRule[] = [];
  for (const atom of requested.flatMap(breakdownRule)) {
    if (!owner.some((rule) => ruleCovers(rule, atom))) uncovered.push(atom);
  }
  return { covered: uncovered.length === 0, uncovered };
}

export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const atoms: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        for (const name of names) atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) atoms.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return atoms;
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const namesMatch = ownerNames.length === 0 || (subNames.length > 0 && hasAll(ownerNames, subNames));
  return (
    (owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs)) &&
    ((owner.apiGroups ?? []).includes('*') || hasAll(owner.apiGroups ?? [], sub.apiGroups ?? [])) &&
    resourcesCoverAll(owner.resources ?? [], sub.resources ?? []) &&
    namesMatch &&
    (sub.nonResourceURLs ?? []).every((path) => (owner.nonResourceURLs ?? []).some((o) => nonResourceUrlCovers(o, path)))
  );
}

function resourcesCoverAll(owner: string[], requested: string[]): boolean {
  if (owner.includes('*') || hasAll(owner, requested)) return true;
  return requested.every((path) => {
    if (owner.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && owner.includes(`*/${path.slice(slash + 1)}`);
  });
}

function nonResourceUrlCovers(owner: string, path: string): boolean {
  if (owner === path) return true;
  return owner.endsWith('*') && path.startsWith(owner.replace(/\*+$/, ''));
}

function hasAll(set: readonly string[], items: readonly string[]): boolean {
  return items.every((item) => set.includes(item));
}
