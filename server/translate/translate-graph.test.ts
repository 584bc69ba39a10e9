import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkSnapshot } from '@/lib/ir/protocol';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { translateGraph } from '@/server/translate/translate-graph';

const BASE = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: portico}
spec: {controllerName: portico.dev/gateway-controller}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {ports: [{port: 80}]}
`;

function translate(yaml: string) {
  const objects = parseAllDocuments(BASE + '---\n' + yaml).map((d) => d.toJS() as K8sObject);
  return translateGraph(buildGraph(buildSnapshot(objects)));
}

describe('translateGraph', () => {
  it('emits only accepted, programmable listeners of accepted Gateways, sorted by port then name', () => {
    const ir = translate(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: app}
spec:
  gatewayClassName: portico
  listeners:
  - {name: z, port: 80, protocol: HTTP, hostname: z.example.com}
  - {name: tcp, port: 9000, protocol: TCP}
  - {name: no-cert, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: missing}]}}
  - {name: a, port: 80, protocol: HTTP, hostname: a.example.com}
  - {name: low, port: 79, protocol: HTTP}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: bad, namespace: app}
spec:
  gatewayClassName: portico
  infrastructure: {parametersRef: {group: example.net, kind: Params, name: p}}
  listeners: [{name: http, port: 80, protocol: HTTP}]
`);
    expect(ir.listeners.map((l) => `${l.name}:${l.port}`)).toEqual(['app/gw/low:79', 'app/gw/a:80', 'app/gw/z:80']);
    expect(checkSnapshot(ir).ok).toBe(true);
  });

  it('a route bound to one listener through two parentRefs appears once, with the union of its hostnames', () => {
    const ir = translate(`
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: app}
spec:
  gatewayClassName: portico
  listeners: [{name: http, port: 80, protocol: HTTP}, {name: other, port: 81, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: twice, namespace: app}
spec:
  parentRefs: [{name: gw, sectionName: http}, {name: gw}]
  hostnames: [a.example.com, b.example.com]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`);
    const [http, other] = ir.listeners;
    expect(http?.rules.map((r) => r.id)).toEqual(['HTTPRoute/app/twice/0']);
    expect(http?.virtualHosts.map((v) => `${v.hostname}:${v.routes.length}`)).toEqual(['a.example.com:1', 'b.example.com:1']);
    // The rule is translated once and shared by both listeners.
    expect(other?.rules[0]).toBe(http?.rules[0]);
  });

  it('is a pure function of the graph: same input, same version', () => {
    const yaml = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: app}
spec: {gatewayClassName: portico, listeners: [{name: http, port: 80, protocol: HTTP}]}
`;
    expect(translate(yaml).version).toBe(translate(yaml).version);
    expect(translate(yaml).version).not.toBe(translate(yaml.replace('port: 80', 'port: 8080')).version);
  });
});
