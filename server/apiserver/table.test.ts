import { describe, expect, it } from 'vitest';
import { findResourceType } from '@/lib/k8s/kinds';
import { humanDuration, tableVersion, toTable } from './table';

describe('humanDuration', () => {
  it.each([
    [-5000, '<invalid>'],
    [0, '0s'],
    [119_000, '119s'],
    [200_000, '3m20s'],
    [180_000, '3m'],
    [30 * 60_000, '30m'],
    [5 * 3600_000, '5h'],
    [5.5 * 3600_000, '5h30m'],
    [30 * 3600_000, '30h'],
    [3 * 86400_000, '3d'],
    [3.5 * 86400_000, '3d12h'],
    [100 * 86400_000, '100d'],
    [(3 * 365 + 10) * 86400_000, '3y10d'],
    [10 * 365 * 86400_000, '10y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('tableVersion', () => {
  it.each([
    ['application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', 'v1'],
    ['application/json;as=Table;v=v1beta1;g=meta.k8s.io', 'v1beta1'],
    ['application/json', undefined],
    ['application/json, */*', undefined],
    [undefined, undefined],
  ])('%s → %s', (accept, want) => {
    expect(tableVersion(accept)).toBe(want);
  });
});

describe('toTable', () => {
  it('prints the Gateway printer columns', () => {
    const type = findResourceType('gateway.networking.k8s.io', 'gateways')!;
    const table = toTable(type, [
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'gw', creationTimestamp: new Date().toISOString() },
        spec: { gatewayClassName: 'portico' },
        status: { addresses: [{ value: '127.0.0.1' }], conditions: [{ type: 'Programmed', status: 'True' }] },
      },
    ], 'v1') as { columnDefinitions: { name: string }[]; rows: { cells: string[]; object: { kind: string } }[] };
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Class', 'Address', 'Programmed', 'Age']);
    expect(table.rows[0]?.cells.slice(0, 4)).toEqual(['gw', 'portico', '127.0.0.1', 'True']);
    expect(table.rows[0]?.object.kind).toBe('PartialObjectMetadata');
  });
});
