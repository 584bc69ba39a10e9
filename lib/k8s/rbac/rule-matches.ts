import type { PolicyRule, RbacRequest } from '@/lib/k8s/rbac/types';

/**
 * Rule matching exactly as kube-apiserver does it (pkg/apis/rbac/v1/evaluation_helpers.go and
 * plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows). Notable consequences kept on purpose:
 * `*` in resources also matches subresources; `*\/status` matches any resource's status;
 * `httproutes/*` is NOT a wildcard (it only matches a subresource literally named `*`);
 * a rule with resourceNames never matches a request without a name (list, watch, create).
 */

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combinedResource) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === '*' || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** True when the request is a resource request (kube: IsResourceRequest). */
export function isResourceRequest(request: RbacRequest): boolean {
  return request.nonResourcePath === undefined;
}

export function ruleAllows(rule: PolicyRule, request: RbacRequest): boolean {
  if (!verbMatches(rule, request.verb)) return false;
  if (!isResourceRequest(request)) return nonResourceUrlMatches(rule, request.nonResourcePath ?? '');
  const resource = request.resource ?? '';
  const subresource = request.subresource ?? '';
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return (
    apiGroupMatches(rule, request.apiGroup ?? '') &&
    resourceMatches(rule, combined, subresource) &&
    resourceNameMatches(rule, request.name ?? '')
  );
}
