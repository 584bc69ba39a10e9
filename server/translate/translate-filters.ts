import type { IrFilter, IrPathModifier } from '@/lib/ir/filters';
import type { HTTPHeaderFilter } from '@/lib/gateway-api/http-route/header-filter';
import type { HTTPPathModifier } from '@/lib/gateway-api/http-route/path-modifier';
import type { HTTPRouteFilter } from '@/lib/gateway-api/http-route/route-filter';
import type { ResolvedBackend, RouteKind } from '@/server/graph/graph-types';
import { translateServiceTarget, type ServiceLookup } from '@/server/translate/translate-service-target';

export interface FilterContext {
  routeKind: RouteKind;
  lookup: ServiceLookup;
  /**
   * The rule's resolved RequestMirror targets (RouteRuleNode.mirrors): rule level, then each
   * backendRef's, in order. Each RequestMirror filter translated takes the next one.
   */
  mirrors: Iterator<ResolvedBackend>;
}

/**
 * A filter list (rule or backendRef level) in list order, defaults filled in (SEMANTICS §5).
 * A mirror whose target did not resolve is dropped (§5.6: primary traffic is unaffected; the
 * route reports ResolvedRefs=False). An ExtensionRef is never skipped: Portico knows no
 * extension kinds, so it becomes an `Invalid` filter and its traffic gets 500 (§5.8).
 */
export function translateFilters(filters: readonly HTTPRouteFilter[] | undefined, ctx: FilterContext): IrFilter[] {
  const out: IrFilter[] = [];
  for (const filter of filters ?? []) {
    const translated = translateFilter(filter, ctx);
    if (translated) out.push(translated);
  }
  return out;
}

function translateFilter(filter: HTTPRouteFilter, ctx: FilterContext): IrFilter | undefined {
  switch (filter.type) {
    case 'RequestHeaderModifier':
      return { type: 'RequestHeaderModifier', ...headerModifier(filter.requestHeaderModifier) };
    case 'ResponseHeaderModifier':
      return { type: 'ResponseHeaderModifier', ...headerModifier(filter.responseHeaderModifier) };
    case 'RequestRedirect': {
      const r = filter.requestRedirect;
      const out: Extract<IrFilter, { type: 'RequestRedirect' }> = { type: 'RequestRedirect', statusCode: r?.statusCode ?? 302 };
      if (r?.scheme !== undefined) out.scheme = r.scheme;
      if (r?.hostname !== undefined) out.hostname = r.hostname;
      if (r?.port !== undefined) out.port = r.port;
      const path = pathModifier(r?.path);
      if (path) out.path = path;
      return out;
    }
    case 'URLRewrite': {
      const r = filter.urlRewrite;
      const out: Extract<IrFilter, { type: 'URLRewrite' }> = { type: 'URLRewrite' };
      if (r?.hostname !== undefined) out.hostname = r.hostname;
      const path = pathModifier(r?.path);
      if (path) out.path = path;
      return out;
    }
    case 'RequestMirror': {
      const next = ctx.mirrors.next();
      if (next.done) throw new Error('graph invariant: fewer resolved mirrors than RequestMirror filters');
      const target = translateServiceTarget(next.value, ctx.routeKind, ctx.lookup);
      if (!target) return undefined;
      return { type: 'RequestMirror', target, fraction: mirrorFraction(filter.requestMirror) };
    }
    case 'CORS': {
      const c = filter.cors;
      return {
        type: 'CORS',
        allowOrigins: [...(c?.allowOrigins ?? [])],
        allowMethods: [...(c?.allowMethods ?? [])],
        allowHeaders: [...(c?.allowHeaders ?? [])],
        exposeHeaders: [...(c?.exposeHeaders ?? [])],
        allowCredentials: c?.allowCredentials ?? false,
        maxAge: c?.maxAge ?? 5,
      };
    }
    case 'ExtensionRef': {
      const e = filter.extensionRef;
      const what = e ? `${e.group || 'core'}/${e.kind} ${e.name}` : '(missing extensionRef)';
      return { type: 'Invalid', reason: 'InvalidKind', message: `extensionRef ${what} is not a filter kind Portico knows` };
    }
  }
}

function headerModifier(h: HTTPHeaderFilter | undefined): { set: { name: string; value: string }[]; add: { name: string; value: string }[]; remove: string[] } {
  return {
    set: (h?.set ?? []).map(({ name, value }) => ({ name, value })),
    add: (h?.add ?? []).map(({ name, value }) => ({ name, value })),
    remove: [...(h?.remove ?? [])],
  };
}

function pathModifier(p: HTTPPathModifier | undefined): IrPathModifier | undefined {
  if (!p) return undefined;
  return p.type === 'ReplaceFullPath' ? { type: 'ReplaceFullPath', value: p.replaceFullPath ?? '' } : { type: 'ReplacePrefixMatch', value: p.replacePrefixMatch ?? '' };
}

/** `percent` or `fraction` (denominator defaults to 100); neither means every request (§5.6). */
function mirrorFraction(m: HTTPRouteFilter['requestMirror']): { numerator: number; denominator: number } {
  if (m?.fraction) return { numerator: m.fraction.numerator, denominator: m.fraction.denominator };
  if (m?.percent !== undefined) return { numerator: m.percent, denominator: 100 };
  return { numerator: 100, denominator: 100 };
}
