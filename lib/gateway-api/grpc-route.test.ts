import { describe, expect, it } from 'vitest';
import { rowLines, validateBody } from '@/lib/validation/test-fixtures';
import { grpcRouteRows, rule, svc } from '@/lib/gateway-api/grpc-route.cases';

describe('GRPCRoute validation', () => {
  it.each(grpcRouteRows)('$name', (row) => {
    const got = rowLines('GRPCRoute', row);
    if (row.want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(row.want));
  });

  it('defaults method and header match types, backend weights', () => {
    const { object } = validateBody('GRPCRoute', rule({ matches: [{ method: { service: 's' }, headers: [{ name: 'h', value: 'v' }] }], backendRefs: [svc] }));
    expect(object.spec).toMatchObject({
      rules: [{ matches: [{ method: { type: 'Exact', service: 's' }, headers: [{ type: 'Exact', name: 'h', value: 'v' }] }], backendRefs: [{ ...svc, group: '', kind: 'Service', weight: 1 }] }],
    });
  });
});
