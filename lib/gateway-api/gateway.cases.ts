import type { Row } from '@/lib/validation/test-fixtures';

/** Rows for every CEL rule of the Gateway and ListenerSet CRDs (standard channel). */

export const http = { name: 'http', port: 80, protocol: 'HTTP' };
export const https = { name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } };
export const gateway = (spec: Record<string, unknown>) => ({ spec: { gatewayClassName: 'portico', listeners: [http], ...spec } });
const listeners = (...ls: Record<string, unknown>[]) => gateway({ listeners: ls });
const obj = (m: string) => `Invalid value: "object": ${m}`;
const arr = (m: string) => `Invalid value: "array": ${m}`;

const listenerRows = (prefix: string, wrap: (...ls: Record<string, unknown>[]) => Record<string, unknown>): Row[] => [
  { name: 'tls on HTTP', body: wrap({ ...http, tls: { certificateRefs: [{ name: 'c' }] } }), want: [`${prefix}: ${arr("tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']")}`] },
  { name: 'Passthrough on HTTPS', body: wrap({ ...https, tls: { mode: 'Passthrough' } }), want: [`${prefix}: ${arr('tls mode must be Terminate for protocol HTTPS')}`] },
  { name: 'TLS without tls', body: wrap({ name: 'tls', port: 443, protocol: 'TLS' }), want: [`${prefix}: ${arr('tls mode must be set for protocol TLS')}`] },
  { name: 'hostname on TCP', body: wrap({ name: 'tcp', port: 9000, protocol: 'TCP', hostname: 'a.example.com' }), want: [`${prefix}: ${arr("hostname must not be specified for protocols ['TCP', 'UDP']")}`] },
  {
    name: 'duplicate listener name',
    body: wrap(http, { ...http, port: 81 }),
    want: [`${prefix}: ${arr('Listener name must be unique within the Gateway')}`, `${prefix}[1]: Duplicate value: map[string]interface {}{"name":"http"}`],
  },
  { name: 'same port, protocol and hostname', body: wrap(http, { ...http, name: 'other' }), want: [`${prefix}: ${arr('Combination of port, protocol and hostname must be unique for each listener')}`] },
  { name: 'same port and protocol, different hostnames', body: wrap({ ...http, hostname: 'a.example.com' }, { ...http, name: 'b', hostname: 'b.example.com' }), want: [] },
  { name: 'Terminate without certificates or options', body: wrap({ ...https, tls: {} }), want: [`${prefix}[0].tls: ${obj('certificateRefs or options must be specified when mode is Terminate')}`] },
  { name: 'Terminate with options only', body: wrap({ ...https, tls: { options: { 'example.com/opt': 'x' } } }), want: [] },
  { name: 'TLS passthrough', body: wrap({ name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } }), want: [] },
  { name: 'implementation-specific protocol', body: wrap({ name: 'x', port: 1, protocol: 'example.com/proto' }), want: [] },
  { name: 'port 0', body: wrap({ ...http, port: 0 }), want: [`${prefix}[0].port: Invalid value: 0: ${prefix}[0].port in body should be greater than or equal to 1`] },
];

export const gatewayRows: Row[] = [
  { name: 'minimal gateway', body: gateway({}), want: [] },
  ...listenerRows('spec.listeners', listeners),
  { name: 'no listeners', body: listeners(), want: ['spec.listeners: Invalid value: 0: spec.listeners in body should have at least 1 items'] },
  { name: 'missing class', body: { spec: { listeners: [http] } }, want: ['spec.gatewayClassName: Required value'] },
  // G-13 addresses
  { name: 'duplicate IP addresses', body: gateway({ addresses: [{ value: '10.0.0.1' }, { type: 'IPAddress', value: '10.0.0.1' }] }), want: [`spec.addresses: ${arr('IPAddress values must be unique')}`] },
  { name: 'duplicate hostname addresses', body: gateway({ addresses: [{ type: 'Hostname', value: 'a.example.com' }, { type: 'Hostname', value: 'a.example.com' }] }), want: [`spec.addresses: ${arr('Hostname values must be unique')}`] },
  { name: 'invalid hostname address', body: gateway({ addresses: [{ type: 'Hostname', value: 'A_B' }] }), want: [`spec.addresses[0]: ${obj('Hostname value must be empty or contain only valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)')}`] },
  { name: 'IPAddress that is not an IP', body: gateway({ addresses: [{ value: 'nope' }] }), want: ['spec.addresses[0].value: Invalid value: "nope": spec.addresses[0].value in body must be of type ipv4: "nope"'] },
  { name: 'IPv6 and named addresses', body: gateway({ addresses: [{ value: 'fd00::1' }, { type: 'NamedAddress', value: 'pool-a' }, { type: 'example.com/custom', value: 'x' }] }), want: [] },
  // G-14 infrastructure
  { name: 'bad infrastructure label key', body: gateway({ infrastructure: { labels: { 'bad key': 'v' } } }), want: [`spec.infrastructure.labels: ${obj('Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.')}`] },
  { name: 'bad infrastructure annotation key', body: gateway({ infrastructure: { annotations: { '-x': 'v' } } }), want: [`spec.infrastructure.annotations: ${obj('Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.')}`] },
  {
    name: 'label key prefix of 253 characters',
    body: gateway({ infrastructure: { labels: { [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(71)}/k`]: 'v' } } }),
    want: [`spec.infrastructure.labels: ${obj("If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.")}`],
  },
  {
    name: 'annotation key prefix of 253 characters',
    body: gateway({ infrastructure: { annotations: { [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(71)}/k`]: 'v' } } }),
    want: [`spec.infrastructure.annotations: ${obj("If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total.")}`],
  },
  { name: 'nine infrastructure labels', body: gateway({ infrastructure: { labels: Object.fromEntries([...Array(9)].map((_, i) => [`k${i}`, 'v'])) } }), want: ['spec.infrastructure.labels: Too many: 9: must have at most 8 items'] },
  // G-15 frontend TLS
  {
    name: 'duplicate per-port TLS',
    body: gateway({ tls: { frontend: { default: {}, perPort: [1, 2].map(() => ({ port: 443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } } })) } } }),
    want: [`spec.tls.frontend.perPort: ${arr('Port for TLS configuration must be unique within the Gateway')}`],
  },
  // G-17 status
  {
    name: 'status: invalid hostname address',
    part: 'status',
    body: { status: { addresses: [{ type: 'Hostname', value: 'Bad_Host' }] } },
    want: [`status.addresses[0]: ${obj('Hostname value must only contain valid characters (matching ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)')}`],
  },
  { name: 'status: nine conditions', part: 'status', body: { status: { conditions: [...Array(9)].map((_, i) => ({ type: `T${i}`, status: 'True', reason: 'R', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' })) } }, want: ['status.conditions: Too many: 9: must have at most 8 items'] },
];

export const listenerSet = (...ls: Record<string, unknown>[]) => ({ spec: { parentRef: { name: 'gw' }, listeners: ls } });
export const listenerSetRows: Row[] = [
  { name: 'minimal listener set', body: listenerSet(http), want: [] },
  ...listenerRows('spec.listeners', listenerSet),
  { name: 'missing parentRef', body: { spec: { listeners: [http] } }, want: ['spec.parentRef: Required value'] },
];

export const gatewayClass = (spec: Record<string, unknown>) => ({ spec: { controllerName: 'portico.dev/gateway-controller', ...spec } });
export const gatewayClassRows: Row[] = [
  { name: 'minimal class', body: gatewayClass({}), want: [] },
  { name: 'controller without path', body: gatewayClass({ controllerName: 'portico.dev' }), want: ["spec.controllerName: Invalid value: \"portico.dev\": spec.controllerName in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$'"] },
  { name: 'long description', body: gatewayClass({ description: 'x'.repeat(65) }), want: ['spec.description: Too long: may not be more than 64 bytes'] },
  { name: 'parametersRef without kind', body: gatewayClass({ parametersRef: { group: 'x', name: 'p' } }), want: ['spec.parametersRef.kind: Required value'] },
  { name: 'C-01: same controllerName on update', body: gatewayClass({ description: 'changed' }), old: gatewayClass({}), want: [] },
  { name: 'C-01: controllerName changed on update', body: gatewayClass({ controllerName: 'other.io/x' }), old: gatewayClass({}), want: ['spec.controllerName: Invalid value: "string": Value is immutable'] },
];
