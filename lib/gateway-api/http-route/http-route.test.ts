import { describe, expect, it } from 'vitest';
import { lines, rowLines, validateBody, validateStatusOf } from '@/lib/validation/test-fixtures';
import { httpRouteRows } from '@/lib/gateway-api/http-route/http-route.cases';

describe('HTTPRoute validation', () => {
  it.each(httpRouteRows)('$name', (row) => {
    const got = rowLines('HTTPRoute', row);
    if (row.want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(row.want));
  });

  it('applies the CRD defaults before the rules see the object', () => {
    const { object, causes } = validateBody('HTTPRoute', {
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [
          { backendRefs: [{ name: 's', port: 80 }], filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'm', port: 1 }, fraction: { numerator: 5 } } }] },
          { matches: [{ headers: [{ name: 'x', value: 'y' }] }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }, { type: 'CORS', cors: {} }] },
        ],
      },
    });
    expect(causes).toEqual([]);
    expect(object.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ group: '', kind: 'Service', name: 's', port: 80, weight: 1 }],
          filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { group: '', kind: 'Service', name: 'm', port: 1 }, fraction: { numerator: 5, denominator: 100 } } }],
        },
        {
          matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x', value: 'y' }] }],
          filters: [
            { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 302 } },
            { type: 'CORS', cors: { maxAge: 5 } },
          ],
        },
      ],
    });
  });

  it('defaults an absent rules list to one catch-all rule', () => {
    const { object } = validateBody('HTTPRoute', { spec: {} });
    expect(object.spec).toEqual({ rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] });
  });

  it('validates status: parents bounds, condition shape and controller name', () => {
    const condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' };
    const ok = validateStatusOf('HTTPRoute', { parents: [{ parentRef: { name: 'gw' }, controllerName: 'portico.dev/gateway-controller', conditions: [condition] }] });
    expect(ok.causes).toEqual([]);
    expect(ok.object.status).toEqual({ parents: [{ parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }, controllerName: 'portico.dev/gateway-controller', conditions: [condition] }] });
    const bad = validateStatusOf('HTTPRoute', {
      parents: [
        { parentRef: { name: 'gw' }, controllerName: 'nodomain', conditions: [] },
        { parentRef: { name: 'gw' }, controllerName: 'a.io/b', conditions: [condition, { ...condition, status: 'Maybe' }, condition] },
      ],
    });
    expect(lines(bad.causes)).toEqual(
      expect.arrayContaining([
        "status.parents[0].controllerName: Invalid value: \"nodomain\": status.parents[0].controllerName in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$'",
        'status.parents[0].conditions: Invalid value: 0: status.parents[0].conditions in body should have at least 1 items',
        'status.parents[1].conditions[1].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"',
      ]),
    );
    const tooMany = validateStatusOf('HTTPRoute', { parents: [{ parentRef: { name: 'gw' }, controllerName: 'a.io/b', conditions: [...Array(9)].map((_, i) => ({ ...condition, type: `T${i}` })) }] });
    expect(lines(tooMany.causes)).toEqual(['status.parents[0].conditions: Too many: 9: must have at most 8 items']);
  });
});
