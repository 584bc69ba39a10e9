import { describe, expect, it } from 'vitest';
import { P_CONDITION_REASON, P_CONDITION_TYPE } from '@/lib/gateway-api/patterns';
import { ConditionReason, PORTICO_CONDITION_TYPES } from '@/lib/gateway-api/conditions/condition-vocabulary';
import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import * as classConditions from '@/lib/gateway-api/conditions/gateway-class-conditions';
import * as gatewayConditions from '@/lib/gateway-api/conditions/gateway-conditions';
import * as listenerConditions from '@/lib/gateway-api/conditions/listener-conditions';
import * as routeConditions from '@/lib/gateway-api/conditions/route-conditions';

/** Calls every builder with plausible arguments, so a new builder is checked without editing this test. */
function everyBuiltCondition(): [string, DesiredCondition][] {
  const out: [string, DesiredCondition][] = [];
  const modules = { classConditions, gatewayConditions, listenerConditions, routeConditions } as Record<string, Record<string, unknown>>;
  for (const [moduleName, mod] of Object.entries(modules)) {
    for (const [name, fn] of Object.entries(mod)) {
      if (typeof fn !== 'function') continue;
      const args = fn.length === 0 ? [] : fn.length === 1 ? ['why'] : [name.includes('ListenersNotValid') ? true : firstReasonFor(name), 'why'];
      out.push([`${moduleName}.${name}`, fn(...args) as DesiredCondition]);
    }
  }
  return out;
}

function firstReasonFor(builder: string): string {
  if (builder === 'gatewayNotProgrammed') return 'AddressNotUsable';
  if (builder === 'listenerNotAccepted') return 'UnsupportedProtocol';
  if (builder === 'listenerConflicted') return 'HostnameConflict';
  if (builder === 'listenerRefsNotResolved') return 'InvalidRouteKinds';
  if (builder === 'routePartiallyInvalid') return 'UnsupportedValue';
  return 'RefNotPermitted';
}

describe('condition builders', () => {
  it.each(everyBuiltCondition())('%s builds a well-formed condition', (_name, c) => {
    expect(PORTICO_CONDITION_TYPES.has(c.type)).toBe(true);
    expect(c.type).toMatch(P_CONDITION_TYPE);
    expect(c.reason).toMatch(P_CONDITION_REASON);
    expect(Object.values(ConditionReason)).toContain(c.reason);
    expect(['True', 'False', 'Unknown']).toContain(c.status);
    expect(c.message.length).toBeGreaterThan(0);
  });

  it('uses the upstream spelling of the reasons conformance checks', () => {
    expect(routeConditions.routeNotAllowedByListeners('m')).toMatchObject({ type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners' });
    expect(routeConditions.routeRefNotPermitted('m')).toMatchObject({ type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted' });
    expect(listenerConditions.listenerRefsNotResolved('InvalidCertificateRef', 'm')).toMatchObject({ type: 'ResolvedRefs', status: 'False', reason: 'InvalidCertificateRef' });
    expect(gatewayConditions.gatewayListenersNotValid(true, 'm')).toMatchObject({ type: 'Accepted', status: 'True', reason: 'ListenersNotValid' });
    expect(gatewayConditions.gatewayListenersNotValid(false, 'm')).toMatchObject({ status: 'False' });
  });
});
