import { describe, expectTypeOf, it } from 'vitest';
import type { Gateway } from '@/lib/gateway-api/gateway';
import type { HTTPRoute } from '@/lib/gateway-api/http-route/http-route';
import type { ReferenceGrant } from '@/lib/gateway-api/reference-grant';

/** The object types are inferred from the schemas, defaults included (one source of truth). */
describe('inferred types', () => {
  it('HTTPRoute', () => {
    type Rule = HTTPRoute['spec']['rules'][number];
    expectTypeOf<Rule['matches'][number]['path']['type']>().toEqualTypeOf<'Exact' | 'PathPrefix' | 'RegularExpression'>();
    expectTypeOf<NonNullable<Rule['backendRefs']>[number]['weight']>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<HTTPRoute['status']>['parents'][number]['controllerName']>().toEqualTypeOf<string>();
  });

  it('Gateway', () => {
    type Listener = Gateway['spec']['listeners'][number];
    expectTypeOf<Listener['allowedRoutes']['namespaces']['from']>().toEqualTypeOf<'All' | 'Selector' | 'Same'>();
    expectTypeOf<NonNullable<Listener['tls']>['mode']>().toEqualTypeOf<'Terminate' | 'Passthrough'>();
  });

  it('ReferenceGrant', () => {
    expectTypeOf<ReferenceGrant['spec']['to'][number]['name']>().toEqualTypeOf<string | undefined>();
  });
});
