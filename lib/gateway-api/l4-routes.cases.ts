import type { Row } from '@/lib/validation/test-fixtures';

/** Rows for TLSRoute, TCPRoute, UDPRoute, ReferenceGrant and BackendTLSPolicy: every CEL rule. */

const arr = (m: string) => `Invalid value: "array": ${m}`;
const obj = (m: string) => `Invalid value: "object": ${m}`;
const rules = [{ backendRefs: [{ name: 's', port: 443 }] }];
const tls = (hostnames: string[], extra: Record<string, unknown> = {}) => ({ spec: { parentRefs: [{ name: 'gw' }], hostnames, rules, ...extra } });

export const tlsRouteRows: Row[] = [
  { name: 'valid route', body: tls(['a.example.com', '*.b.example.com']), want: [] },
  { name: 'IP hostname', body: tls(['10.0.0.1']), want: [`spec.hostnames: ${arr('Hostnames cannot contain an IP')}`] },
  // Both rules below are implied by P-HOSTNAME on each item, so the item's pattern error comes too.
  { name: 'upper-case hostname', body: tls(['A.example.com']), want: [`spec.hostnames: ${arr('Hostnames must be valid based on RFC-1123')}`] },
  { name: 'wildcard not first', body: tls(['a.*.example.com']), want: [`spec.hostnames: ${arr('Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123')}`] },
  { name: 'no hostnames', body: tls([]), want: ['spec.hostnames: Invalid value: 0: spec.hostnames in body should have at least 1 items'] },
  { name: 'two rules', body: tls(['a.example.com'], { rules: [...rules, ...rules] }), want: ['spec.rules: Too many: 2: must have at most 1 items'] },
  { name: 'same parent twice', body: tls(['a.example.com'], { parentRefs: [{ name: 'gw' }, { name: 'gw' }] }), want: [`spec.parentRefs: ${arr('sectionName must be unique when parentRefs includes 2 or more references to the same parent')}`] },
  { name: 'same parent, one sectionName', body: tls(['a.example.com'], { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'a' }] }), want: [`spec.parentRefs: ${arr('sectionName must be specified when parentRefs includes 2 or more references to the same parent')}`] },
  { name: 'Service backend without port', body: tls(['a.example.com'], { rules: [{ backendRefs: [{ name: 's' }] }] }), want: [`spec.rules[0].backendRefs[0]: ${obj('Must have port for Service reference')}`] },
];

/** TCPRoute and UDPRoute share their schema. */
export const l4RouteRows: Row[] = [
  { name: 'valid route', body: { spec: { parentRefs: [{ name: 'gw', sectionName: 'l4' }], rules } }, want: [] },
  { name: 'no backendRefs', body: { spec: { rules: [{ backendRefs: [] }] } }, want: ['spec.rules[0].backendRefs: Invalid value: 0: spec.rules[0].backendRefs in body should have at least 1 items'] },
  { name: 'missing rules', body: { spec: {} }, want: ['spec.rules: Required value'] },
  { name: 'Service backend without port', body: { spec: { rules: [{ backendRefs: [{ name: 's' }] }] } }, want: [`spec.rules[0].backendRefs[0]: ${obj('Must have port for Service reference')}`] },
  { name: 'same parent and section twice', body: { spec: { parentRefs: [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'a' }], rules } }, want: [`spec.parentRefs: ${arr('sectionName must be unique when parentRefs includes 2 or more references to the same parent')}`] },
  { name: 'same parent, one sectionName', body: { spec: { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'a' }], rules } }, want: [`spec.parentRefs: ${arr('sectionName must be specified when parentRefs includes 2 or more references to the same parent')}`] },
];

const grant = (from: unknown[], to: unknown[]) => ({ spec: { from, to } });
export const grantFrom = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'apps' };
export const referenceGrantRows: Row[] = [
  { name: 'valid grant', body: grant([grantFrom], [{ group: '', kind: 'Service', name: 'svc' }]), want: [] },
  { name: 'name-less target', body: grant([grantFrom], [{ group: '', kind: 'Service' }]), want: [] },
  { name: 'empty from', body: grant([], [{ group: '', kind: 'Service' }]), want: ['spec.from: Invalid value: 0: spec.from in body should have at least 1 items'] },
  { name: 'from without namespace', body: grant([{ group: '', kind: 'Gateway' }], [{ group: '', kind: 'Secret' }]), want: ['spec.from[0].namespace: Required value'] },
  { name: 'to without group', body: grant([grantFrom], [{ kind: 'Service' }]), want: ['spec.to[0].group: Required value'] },
  { name: '17 targets', body: grant([grantFrom], [...Array(17)].map(() => ({ group: '', kind: 'Service' }))), want: ['spec.to: Too many: 17: must have at most 16 items'] },
];

const target = { group: '', kind: 'Service', name: 'svc' };
const policy = (spec: Record<string, unknown>) => ({ spec: { targetRefs: [target], validation: { hostname: 'svc.example.com', wellKnownCACertificates: 'System' }, ...spec } });
const validation = (v: Record<string, unknown>) => policy({ validation: { hostname: 'svc.example.com', ...v } });
const san = (s: Record<string, unknown>) => validation({ wellKnownCACertificates: 'System', subjectAltNames: [s] });
export const backendTLSPolicyRows: Row[] = [
  { name: 'valid policy', body: policy({}), want: [] },
  { name: 'CA refs and well-known', body: validation({ wellKnownCACertificates: 'System', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] }), want: [`spec.validation: ${obj('must not contain both CACertificateRefs and WellKnownCACertificates')}`] },
  { name: 'neither CA refs nor well-known', body: validation({}), want: [`spec.validation: ${obj('must specify either CACertificateRefs or WellKnownCACertificates')}`] },
  { name: 'Hostname SAN without hostname', body: san({ type: 'Hostname' }), want: [`spec.validation.subjectAltNames[0]: ${obj('SubjectAltName element must contain Hostname, if Type is set to Hostname')}`] },
  { name: 'URI SAN with hostname', body: san({ type: 'URI', uri: 'spiffe://a/b', hostname: 'a.example.com' }), want: [`spec.validation.subjectAltNames[0]: ${obj('SubjectAltName element must not contain Hostname, if Type is not set to Hostname')}`] },
  { name: 'URI SAN without uri', body: san({ type: 'URI' }), want: [`spec.validation.subjectAltNames[0]: ${obj('SubjectAltName element must contain URI, if Type is set to URI')}`] },
  { name: 'Hostname SAN with uri', body: san({ type: 'Hostname', hostname: 'a.example.com', uri: 'spiffe://a/b' }), want: [`spec.validation.subjectAltNames[0]: ${obj('SubjectAltName element must not contain URI, if Type is not set to URI')}`] },
  { name: 'same target twice', body: policy({ targetRefs: [target, target] }), want: [`spec.targetRefs: ${arr('sectionName must be unique when targetRefs includes 2 or more references to the same target')}`] },
  { name: 'same target, one sectionName', body: policy({ targetRefs: [target, { ...target, sectionName: 'https' }] }), want: [`spec.targetRefs: ${arr('sectionName must be specified when targetRefs includes 2 or more references to the same target')}`] },
  { name: 'no targets', body: policy({ targetRefs: [] }), want: ['spec.targetRefs: Invalid value: 0: spec.targetRefs in body should have at least 1 items'] },
];
