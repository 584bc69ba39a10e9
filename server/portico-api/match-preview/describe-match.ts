import type { IrBackend } from '@/lib/ir/route';
import { serviceTargetName } from '@/lib/ir/backend';
import type { IrFilter } from '@/lib/ir/filters';
import type { IrGrpcMatch, IrHttpMatch, IrValueMatch } from '@/lib/ir/match';
import type { IrRoute } from '@/lib/ir/route';
import type { PreviewBackend } from '@/lib/api/match-preview';
import type { MatchCondition } from '@/lib/routing/explain-route';
import { compileHeaderMatches } from '@/lib/routing/headers';
import { compilePathMatch } from '@/lib/routing/path';
import { compileQueryMatches } from '@/lib/routing/query';
import type { RoutingRequest } from '@/lib/routing/request';

/**
 * Plain-words descriptions for the request simulator: what a route entry matches, which of its
 * conditions a request failed (each header or query matcher on its own), its filters and
 * backends. Pure; values of the route's spec appear only where the caller may read the route.
 */

const quote = (s: string) => JSON.stringify(s);

function valueMatch(what: string, m: IrValueMatch): string {
  return `${what} ${m.name} ${m.type === 'Exact' ? '=' : '~'} ${quote(m.value)}`;
}

export function describeMatch(route: IrRoute): string {
  if (route.kind === 'GRPCRoute') return describeGrpcMatch(route.match);
  return describeHttpMatch(route.match);
}

function describeHttpMatch(m: IrHttpMatch): string {
  const parts = [`${m.path.type} ${m.path.value}`];
  if (m.method) parts.push(`method ${m.method}`);
  for (const h of m.headers) parts.push(valueMatch('header', h));
  for (const q of m.queryParams) parts.push(valueMatch('query', q));
  return parts.join(', ');
}

function describeGrpcMatch(m: IrGrpcMatch): string {
  const parts: string[] = [];
  if (m.method) parts.push(`gRPC ${m.method.type} ${m.method.service ?? '*'}/${m.method.method ?? '*'}`);
  else parts.push('any gRPC method');
  for (const h of m.headers) parts.push(valueMatch('header', h));
  return parts.join(', ');
}

const CONDITION_WORDS: Record<MatchCondition, string> = {
  path: 'the path does not match',
  method: 'the method does not match',
  headers: 'a header match does not hold',
  queryParams: 'a query parameter match does not hold',
  grpcMethod: 'the gRPC service/method does not match',
  notGrpc: 'it is a GRPCRoute and the request is not gRPC (content-type application/grpc)',
};

/** One line per failed condition; with `detailed`, naming the route's values and the request's. */
export function describeFailures(route: IrRoute, failed: readonly MatchCondition[], req: RoutingRequest, detailed: boolean): string[] {
  if (!detailed) return failed.map((c) => CONDITION_WORDS[c]);
  const lines: string[] = [];
  for (const condition of failed) {
    switch (condition) {
      case 'path':
        if (route.kind === 'HTTPRoute') lines.push(`path ${quote(req.path)} does not match ${route.match.path.type} ${quote(route.match.path.value)}`);
        break;
      case 'method':
        if (route.kind === 'HTTPRoute') lines.push(`method ${req.method} is not ${route.match.method ?? ''}`);
        break;
      case 'headers':
        for (const h of failingValueMatches(route.match.headers, (m) => compileHeaderMatches([m]), req)) {
          const actual = req.headers(h.name.toLowerCase());
          lines.push(`${valueMatch('header', h)} does not hold: the request ${actual === undefined ? 'has no such header' : `sends ${quote(actual)}`}`);
        }
        break;
      case 'queryParams':
        if (route.kind === 'HTTPRoute') {
          for (const q of failingValueMatches(route.match.queryParams, (m) => compileQueryMatches([m]), req)) {
            const actual = req.query.get(q.name);
            lines.push(`${valueMatch('query', q)} does not hold: the request ${actual === null ? 'has no such parameter' : `sends ${quote(actual)}`}`);
          }
        }
        break;
      case 'grpcMethod':
        if (route.kind === 'GRPCRoute') lines.push(`gRPC method ${quote(req.path)} does not match ${describeGrpcMatch({ ...route.match, headers: [] })}`);
        break;
      case 'notGrpc':
        lines.push(CONDITION_WORDS.notGrpc);
        break;
    }
  }
  return lines;
}

function failingValueMatches(
  matches: readonly IrValueMatch[],
  compile: (m: IrValueMatch) => ((req: RoutingRequest) => boolean) | null,
  req: RoutingRequest,
): IrValueMatch[] {
  // First entry per name counts (later duplicates are ignored by the matchers too).
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = m.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return !(compile(m)?.(req) ?? true);
  });
}

/** Whether the entry's path condition holds (for the redirect's matched prefix). */
export function pathHolds(route: IrRoute, path: string): boolean {
  return route.kind !== 'HTTPRoute' || compilePathMatch(route.match.path)(path);
}

function headerEdits(f: { set: { name: string; value: string }[]; add: { name: string; value: string }[]; remove: string[] }): string {
  const parts = [
    ...f.set.map((h) => `set ${h.name}: ${h.value}`),
    ...f.add.map((h) => `add ${h.name}: ${h.value}`),
    ...f.remove.map((name) => `remove ${name}`),
  ];
  return parts.join('; ');
}

export function describeFilter(f: IrFilter): string {
  switch (f.type) {
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier':
      return `${f.type}: ${headerEdits(f)}`;
    case 'RequestRedirect': {
      const parts = [`status ${f.statusCode}`];
      if (f.scheme) parts.push(`scheme ${f.scheme}`);
      if (f.hostname) parts.push(`hostname ${f.hostname}`);
      if (f.port) parts.push(`port ${f.port}`);
      if (f.path) parts.push(`${f.path.type} ${f.path.value}`);
      return `RequestRedirect: ${parts.join(', ')}`;
    }
    case 'URLRewrite': {
      const parts: string[] = [];
      if (f.hostname) parts.push(`hostname ${f.hostname}`);
      if (f.path) parts.push(`${f.path.type} ${f.path.value}`);
      return `URLRewrite: ${parts.join(', ') || 'no change'}`;
    }
    case 'RequestMirror':
      return `RequestMirror: a copy of ${f.fraction.numerator}/${f.fraction.denominator} of requests to ${serviceTargetName(f.target)}`;
    case 'CORS':
      return `CORS: origins ${f.allowOrigins.join(', ') || 'none'}; methods ${f.allowMethods.join(', ') || 'none'}`;
    case 'Invalid':
      return `Invalid filter (${f.reason}): ${f.message}; requests get 500`;
  }
}

export function describeBackends(backends: readonly IrBackend[]): PreviewBackend[] {
  const total = backends.reduce((sum, b) => sum + b.weight, 0);
  return backends.map((b) => {
    const sharePercent = total === 0 ? 0 : Math.round((b.weight / total) * 1000) / 10;
    if (b.kind === 'invalid') return { label: `invalid backend (${b.reason})`, valid: false, weight: b.weight, sharePercent, endpoints: 0, reason: `${b.reason}: ${b.message}` };
    return { label: serviceTargetName(b), valid: true, weight: b.weight, sharePercent, endpoints: b.endpoints.length };
  });
}
