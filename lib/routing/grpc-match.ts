import { compileHeaderMatches, effectiveHeaderMatches, type HeaderMatchInput } from '@/lib/routing/headers';
import { checkValueMatches, type MatchProblem } from '@/lib/routing/http-match';
import { RoutingCompileError } from '@/lib/routing/path';
import { checkRegex, LinearRegex } from '@/lib/routing/regex/linear-regex';
import { type RequestPredicate } from '@/lib/routing/request';

/**
 * GRPCRoute matching (SEMANTICS 8.1) on the request path `/<service>/<method>`:
 *  - Exact, service and method: path equals `/svc/Method`.
 *  - Exact, service only: path starts with `/svc/`.
 *  - Exact, method only: path ends with `/Method`.
 *  - RegularExpression: each given field is matched (full match) against its own path segment;
 *    the path must then have exactly the two segments.
 * Headers as for HTTPRoute. A match with neither method nor headers matches every request.
 */
export interface GrpcMethodMatchInput {
  type?: string | undefined;
  service?: string | undefined;
  method?: string | undefined;
}

export interface GrpcMatchInput {
  method?: GrpcMethodMatchInput | undefined;
  headers?: readonly HeaderMatchInput[] | undefined;
}

export function compileGrpcMatch(match: GrpcMatchInput): RequestPredicate {
  const method = match.method ? compileGrpcMethod(match.method) : null;
  const headers = compileHeaderMatches(match.headers);
  if (method && headers) return (req) => method(req.path) && headers(req);
  if (method) return (req) => method(req.path);
  if (headers) return headers;
  return () => true;
}

function compileGrpcMethod(m: GrpcMethodMatchInput): (path: string) => boolean {
  const { service, method } = m;
  const type = m.type ?? 'Exact';
  if (service === undefined && method === undefined) throw new RoutingCompileError('gRPC method match needs service or method');
  if (type === 'Exact') {
    if (service !== undefined && method !== undefined) {
      const full = `/${service}/${method}`;
      return (path) => path === full;
    }
    if (service !== undefined) {
      const prefix = `/${service}/`;
      return (path) => path.startsWith(prefix) && path.length > prefix.length;
    }
    const suffix = `/${method}`;
    return (path) => path.endsWith(suffix) && path.length > suffix.length;
  }
  if (type === 'RegularExpression') {
    const serviceRe = service === undefined ? null : LinearRegex.compile(service);
    const methodRe = method === undefined ? null : LinearRegex.compile(method);
    return (path) => {
      const slash = path.indexOf('/', 1);
      if (path.charCodeAt(0) !== 0x2f || slash === -1 || path.indexOf('/', slash + 1) !== -1) return false;
      if (serviceRe && !serviceRe.test(path.slice(1, slash))) return false;
      return !methodRe || methodRe.test(path.slice(slash + 1));
    };
  }
  throw new RoutingCompileError(`unsupported gRPC method match type ${JSON.stringify(type)}`);
}

/** What compileGrpcMatch would refuse (see checkHttpMatch). */
export function checkGrpcMatch(match: GrpcMatchInput): MatchProblem[] {
  const problems: MatchProblem[] = [];
  const m = match.method;
  if (m) {
    const type = m.type ?? 'Exact';
    if (m.service === undefined && m.method === undefined) {
      problems.push({ field: 'method', reason: 'UnsupportedValue', message: "one or both of 'service' or 'method' must be specified" });
    }
    if (type !== 'Exact' && type !== 'RegularExpression') {
      problems.push({ field: 'method.type', reason: 'UnsupportedValue', message: `unsupported method match type ${JSON.stringify(type)}` });
    } else if (type === 'RegularExpression') {
      for (const field of ['service', 'method'] as const) {
        const value = m[field];
        const err = value === undefined ? null : checkRegex(value);
        if (err) problems.push({ field: `method.${field}`, reason: 'UnsupportedValue', message: err });
      }
    }
  }
  checkValueMatches(problems, 'headers', effectiveHeaderMatches(match.headers), match.headers);
  return problems;
}
