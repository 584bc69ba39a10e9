import { type IrGrpcMatch, type IrHttpMatch, type IrValueMatch } from '@/lib/ir/match';
import { type GrpcMatchInput } from '@/lib/routing/grpc-match';
import { effectiveHeaderMatches, type HeaderMatchInput } from '@/lib/routing/headers';
import { DEFAULT_PATH_MATCH, type HttpMatchInput } from '@/lib/routing/http-match';
import { effectiveQueryMatches } from '@/lib/routing/query';

/**
 * Gateway API matches -> IR matches: defaults filled in, header names lower-cased, duplicate
 * names dropped (first wins). Call checkHttpMatch / checkGrpcMatch first: this casts enum
 * values it assumes were checked.
 */
export function toIrHttpMatch(match: HttpMatchInput): IrHttpMatch {
  const path = match.path ?? DEFAULT_PATH_MATCH;
  const out: IrHttpMatch = {
    path: { type: path.type as IrHttpMatch['path']['type'], value: path.value },
    headers: effectiveHeaderMatches(match.headers).map(toValueMatch),
    queryParams: effectiveQueryMatches(match.queryParams).map(toValueMatch),
  };
  if (match.method !== undefined) out.method = match.method as IrHttpMatch['method'];
  return out;
}

export function toIrGrpcMatch(match: GrpcMatchInput): IrGrpcMatch {
  const out: IrGrpcMatch = { headers: effectiveHeaderMatches(match.headers).map(toValueMatch) };
  if (match.method) {
    const m: NonNullable<IrGrpcMatch['method']> = { type: (match.method.type ?? 'Exact') as 'Exact' | 'RegularExpression' };
    if (match.method.service !== undefined) m.service = match.method.service;
    if (match.method.method !== undefined) m.method = match.method.method;
    out.method = m;
  }
  return out;
}

function toValueMatch(h: HeaderMatchInput): IrValueMatch {
  return { type: (h.type ?? 'Exact') as IrValueMatch['type'], name: h.name, value: h.value };
}
