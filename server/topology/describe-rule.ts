import type { RouteRuleNode } from '@/server/graph/graph-types';

/**
 * A rule's one-line face: its name or first match (`/pay`, `/ x-canary=true`, `GET /api`,
 * `shop.Cart/Add`), `+N` when it has more matches, and what it does when it has no backends.
 */
export function describeRule(rule: RouteRuleNode): string {
  const prefix = rule.name ? `${rule.name}: ` : '';
  if (rule.invalid) return `${prefix}rule ${rule.index} (invalid)`;
  if (rule.http) {
    const matches = rule.http.matches;
    const first = matches[0];
    let text = first ? describeHttpMatch(first) : '/';
    if (matches.length > 1) text += ` +${matches.length - 1}`;
    const redirect = rule.http.filters?.find((f) => f.requestRedirect);
    if (redirect && (rule.http.backendRefs ?? []).length === 0) text += ` → redirect ${redirect.requestRedirect?.statusCode ?? 302}`;
    return prefix + text;
  }
  if (rule.grpc) {
    const first = rule.grpc.matches?.[0];
    const method = first?.method;
    let text = method ? `${method.service ?? '*'}/${method.method ?? '*'}` : 'any method';
    if ((rule.grpc.matches?.length ?? 0) > 1) text += ` +${(rule.grpc.matches?.length ?? 1) - 1}`;
    return prefix + text;
  }
  return `${prefix}rule ${rule.index}`;
}

interface HttpMatchLike {
  path?: { type?: string; value?: string };
  method?: string;
  headers?: { name: string; value: string }[];
  queryParams?: { name: string; value: string }[];
}

function describeHttpMatch(match: HttpMatchLike): string {
  const parts: string[] = [];
  if (match.method) parts.push(match.method);
  const path = match.path?.value ?? '/';
  parts.push(match.path?.type === 'Exact' ? `=${path}` : match.path?.type === 'RegularExpression' ? `~${path}` : path);
  for (const h of match.headers ?? []) parts.push(`${h.name}=${h.value}`);
  for (const q of match.queryParams ?? []) parts.push(`?${q.name}=${q.value}`);
  return parts.join(' ');
}
