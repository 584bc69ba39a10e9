import { z } from 'zod';
import { grpcRouteRuleSchema } from '@/lib/gateway-api/grpc-route';
import { httpRouteRuleSchema } from '@/lib/gateway-api/http-route/http-route';
import { hostnameSchema } from '@/lib/gateway-api/shared/primitives';
import { parentReferenceSchema, type ParentReference } from '@/lib/gateway-api/shared/refs';
import { describeIssues } from '@/server/graph/describe-issues';
import type { RouteKind, RouteRuleNode } from '@/server/graph/graph-types';

/** Filter types the proxy implements, per route kind (SEMANTICS §5.1, §8.1). ExtensionRef is resolved as a reference. */
const SUPPORTED_FILTERS: Record<RouteKind, ReadonlySet<string>> = {
  HTTPRoute: new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'RequestMirror', 'CORS', 'ExtensionRef']),
  GRPCRoute: new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef']),
};

export interface ProcessedRouteSpec {
  parentRefs: { index: number; ref: ParentReference }[];
  hostnames: string[];
  /** Rules without resolved backends (bindRouteBackends fills them). */
  rules: RouteRuleNode[];
  /** Set when the spec as a whole is unusable: every parent gets Accepted=False / UnsupportedValue. */
  specProblem?: string;
}

const hostnamesSchema = z.array(hostnameSchema).max(16);

/**
 * Validates a stored route's spec piece by piece, so one bad rule (an unknown filter type from
 * a newer schema, an invalid regular expression) is dropped on its own (SEMANTICS §3.6, §5.8)
 * while parentRefs and the other rules still work.
 */
export function processRouteSpec(kind: RouteKind, spec: unknown): ProcessedRouteSpec {
  const raw = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  const parentRefs = (Array.isArray(raw.parentRefs) ? raw.parentRefs : []).flatMap((r, index) => {
    const parsed = parentReferenceSchema.safeParse(r);
    return parsed.success ? [{ index, ref: parsed.data }] : [];
  });
  const hostnames = hostnamesSchema.safeParse(raw.hostnames ?? []);
  const rawRules = raw.rules === undefined ? (kind === 'HTTPRoute' ? [{}] : []) : raw.rules;
  if (!hostnames.success || !Array.isArray(rawRules)) {
    const specProblem = !hostnames.success ? describeIssues(hostnames.error, 'spec.hostnames') : 'spec.rules: must be a list';
    return { parentRefs, hostnames: [], rules: [], specProblem };
  }
  return { parentRefs, hostnames: hostnames.data, rules: rawRules.map((r, index) => processRule(kind, r, index)) };
}

function processRule(kind: RouteKind, raw: unknown, index: number): RouteRuleNode {
  const field = `spec.rules[${index}]`;
  const base = { index, backends: [], mirrors: [] };
  const unknownFilter = findUnsupportedFilter(kind, raw, field);
  if (unknownFilter) return { ...base, invalid: { reason: 'UnsupportedValue', message: unknownFilter } };
  const parsed = kind === 'HTTPRoute' ? httpRouteRuleSchema.safeParse(raw) : grpcRouteRuleSchema.safeParse(raw);
  if (!parsed.success) return { ...base, invalid: { reason: 'UnsupportedValue', message: describeIssues(parsed.error, field) } };
  const badRegex = findInvalidRegex(parsed.data, field);
  const name = parsed.data.name;
  const rule = kind === 'HTTPRoute' ? { http: parsed.data as z.output<typeof httpRouteRuleSchema> } : { grpc: parsed.data as z.output<typeof grpcRouteRuleSchema> };
  if (badRegex) return { ...base, ...(name ? { name } : {}), invalid: { reason: 'UnsupportedValue', message: badRegex } };
  return { ...base, ...(name ? { name } : {}), ...rule };
}

function findUnsupportedFilter(kind: RouteKind, raw: unknown, field: string): string | undefined {
  const rule = (typeof raw === 'object' && raw !== null ? raw : {}) as { filters?: unknown; backendRefs?: unknown };
  const lists: { path: string; filters: unknown }[] = [{ path: `${field}.filters`, filters: rule.filters }];
  if (Array.isArray(rule.backendRefs)) {
    rule.backendRefs.forEach((b: unknown, i) => lists.push({ path: `${field}.backendRefs[${i}].filters`, filters: (b as { filters?: unknown } | null)?.filters }));
  }
  for (const { path, filters } of lists) {
    if (!Array.isArray(filters)) continue;
    for (const [i, f] of filters.entries()) {
      const type = (f as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !SUPPORTED_FILTERS[kind].has(type)) {
        return `${path}[${i}].type: filter type ${JSON.stringify(type)} is not supported on ${kind}`;
      }
    }
  }
  return undefined;
}

interface RegexCandidate {
  type?: string;
  value?: string;
}

/** RegularExpression matches use the JavaScript (ECMAScript) dialect; one that does not compile drops the rule. */
function findInvalidRegex(rule: { matches?: unknown[] | undefined }, field: string): string | undefined {
  for (const [i, match] of (rule.matches ?? []).entries()) {
    const m = match as { path?: RegexCandidate; headers?: RegexCandidate[]; queryParams?: RegexCandidate[]; method?: { type?: string; service?: string; method?: string } };
    const candidates: { path: string; value: string | undefined; regex: boolean }[] = [
      { path: 'path.value', value: m.path?.value, regex: m.path?.type === 'RegularExpression' },
      ...(m.headers ?? []).map((h, j) => ({ path: `headers[${j}].value`, value: h.value, regex: h.type === 'RegularExpression' })),
      ...(m.queryParams ?? []).map((q, j) => ({ path: `queryParams[${j}].value`, value: q.value, regex: q.type === 'RegularExpression' })),
      { path: 'method.service', value: m.method?.service, regex: m.method?.type === 'RegularExpression' },
      { path: 'method.method', value: m.method?.method, regex: m.method?.type === 'RegularExpression' },
    ];
    for (const c of candidates) {
      if (!c.regex || c.value === undefined) continue;
      try {
        new RegExp(c.value);
      } catch {
        return `${field}.matches[${i}].${c.path}: ${JSON.stringify(c.value)} is not a valid regular expression`;
      }
    }
  }
  return undefined;
}
