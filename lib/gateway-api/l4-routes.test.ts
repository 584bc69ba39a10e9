import { describe, expect, it } from 'vitest';
import { backendTLSPolicyRows, grantFrom, l4RouteRows, referenceGrantRows, tlsRouteRows } from '@/lib/gateway-api/l4-routes.cases';
import { rowLines, validateBody, type Row } from '@/lib/validation/test-fixtures';

function check(kind: string, rows: Row[]) {
  it.each(rows)('$name', (row) => {
    const got = rowLines(kind, row);
    if (row.want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(row.want));
  });
}

describe('TLSRoute validation', () => check('TLSRoute', tlsRouteRows));
describe('TCPRoute validation', () => check('TCPRoute', l4RouteRows));
describe('UDPRoute validation', () => check('UDPRoute', l4RouteRows));
describe('BackendTLSPolicy validation', () => check('BackendTLSPolicy', backendTLSPolicyRows));

describe('ReferenceGrant validation', () => {
  check('ReferenceGrant', referenceGrantRows);

  it('R-03: has no status; a status sent with the object is pruned and reported', () => {
    const result = validateBody('ReferenceGrant', { spec: { from: [grantFrom], to: [{ group: '', kind: 'Service' }] }, status: { x: 1 } });
    expect(result.unknownFields).toEqual(['status']);
    expect(result.object.status).toBeUndefined();
  });
});
