import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { translateEndpoints, type ServicePortSpec } from '@/server/translate/translate-endpoints';

function slice(ports: object[], endpoints: object[]): K8sObject {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'ns' }, addressType: 'IPv4', ports, endpoints };
}

const ready = (...addresses: string[]) => ({ addresses, conditions: { ready: true } });

describe('translateEndpoints', () => {
  it.each<[string, ServicePortSpec, K8sObject[], string[]]>([
    ['matches the slice port named like the Service port', { name: 'web', port: 80, targetPort: 'http' }, [slice([{ name: 'other', port: 1 }, { name: 'web', port: 3000 }], [ready('10.0.0.1')])], ['10.0.0.1:3000']],
    ['an unnamed Service port matches an unnamed slice port', { port: 80, targetPort: 5000 }, [slice([{ port: 5000 }], [ready('10.0.0.1')])], ['10.0.0.1:5000']],
    ['falls back to a numeric targetPort', { name: 'web', port: 80, targetPort: 5000 }, [slice([{ name: 'x', port: 5000 }], [ready('10.0.0.1')])], ['10.0.0.1:5000']],
    ['targetPort defaults to port', { name: 'web', port: 80 }, [slice([{ name: 'x', port: 80 }], [ready('10.0.0.1')])], ['10.0.0.1:80']],
    ['a named targetPort without a named slice port resolves nothing', { name: 'web', port: 80, targetPort: 'http' }, [slice([{ name: 'x', port: 3000 }], [ready('10.0.0.1')])], []],
    ['UDP slice ports and ports without a number are ignored', { port: 80, targetPort: 53 }, [slice([{ port: 53, protocol: 'UDP' }, {}], [ready('10.0.0.1')])], []],
    [
      'only ready (or unknown) endpoints; duplicates collapse; sorted',
      { port: 80, targetPort: 8080 },
      [
        slice([{ port: 8080 }], [ready('10.0.0.3', '10.0.0.2'), { addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.9'], conditions: { ready: false } }]),
        slice([{ port: 8080 }], [ready('10.0.0.2')]),
      ],
      ['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080'],
    ],
    ['no slices: no endpoints', { port: 80 }, [], []],
  ])('%s', (_why, servicePort, slices, expected) => {
    expect(translateEndpoints(servicePort, slices).map((e) => `${e.address}:${e.port}`)).toEqual(expected);
  });
});
