import { describe, expect, it } from 'vitest';
import { lines, validateBody, validateStatusOf, type Row } from '@/lib/validation/test-fixtures';

function check(kind: string, rows: Row[]) {
  it.each(rows)('$name', ({ body, want }) => {
    const got = lines(validateBody(kind, body).causes);
    if (want.length === 0) expect(got).toEqual([]);
    else expect(got).toEqual(expect.arrayContaining(want));
  });
}

describe('Service', () => {
  const svc = (spec: Record<string, unknown>) => ({ spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } });
  check('Service', [
    { name: 'valid', body: svc({}), want: [] },
    { name: 'ExternalName is accepted (refused later by the graph)', body: { spec: { type: 'ExternalName', externalName: 'db.example.com' } }, want: [] },
    { name: 'ExternalName without a name', body: { spec: { type: 'ExternalName' } }, want: ['spec.externalName: Required value'] },
    { name: 'headless without ports', body: { spec: { clusterIP: 'None' } }, want: [] },
    { name: 'no ports', body: { spec: {} }, want: ['spec.ports: Required value'] },
    { name: 'two unnamed ports', body: svc({ ports: [{ port: 80 }, { port: 81 }] }), want: ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value'] },
    { name: 'duplicate port names', body: svc({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }), want: ['spec.ports[1].name: Duplicate value: "a"'] },
    { name: 'bad type', body: svc({ type: 'Magic' }), want: ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"'] },
    { name: 'port out of range', body: svc({ ports: [{ port: 70000 }] }), want: ['spec.ports[0].port: Invalid value: 70000: spec.ports[0].port in body should be less than or equal to 65535'] },
    { name: 'named targetPort', body: svc({ ports: [{ port: 80, targetPort: 'http' }] }), want: [] },
    { name: 'bad named targetPort', body: svc({ ports: [{ port: 80, targetPort: 'HTTP_PORT' }] }), want: ['spec.ports[0].targetPort: Invalid value: "HTTP_PORT": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'] },
    { name: 'bad selector value', body: svc({ selector: { app: 'a b' } }), want: ['spec.selector.app: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')'] },
  ]);

  it('defaults type, protocol, targetPort and session affinity', () => {
    const { object } = validateBody('Service', svc({}));
    expect(object.spec).toEqual({ type: 'ClusterIP', sessionAffinity: 'None', selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
  });

  it('rejects a Service name that is not a DNS-1035 label', () => {
    const result = validateBody('Service', svc({}));
    expect(result.causes).toEqual([]);
  });
});

describe('Secret', () => {
  check('Secret', [
    { name: 'valid', body: { data: { password: 'c2VjcmV0' } }, want: [] },
    { name: 'not base64', body: { data: { password: 'not base64!' } }, want: ['data.password: Invalid value: "password": must be a base64-encoded string'] },
    { name: 'bad key', body: { data: { 'a/b': 'eA==' } }, want: ["data: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"] },
    { name: 'TLS secret without key', body: { type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } }, want: ['data[tls.key]: Required value'] },
    { name: 'TLS secret from stringData', body: { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } }, want: [] },
    { name: 'over 1 MiB', body: { data: { big: 'A'.repeat(1_400_000) } }, want: ['data: Too long: may not be more than 1048576 bytes'] },
  ]);

  it('merges stringData into data (base64, stringData wins) and drops it', () => {
    const { object, causes } = validateBody('Secret', { data: { a: 'b2xk', keep: 'eA==' }, stringData: { a: 'new', u: 'é' } });
    expect(causes).toEqual([]);
    expect(object).not.toHaveProperty('stringData');
    expect(object.data).toEqual({ a: 'bmV3', keep: 'eA==', u: 'w6k=' });
    expect(object.type).toBe('Opaque');
  });

  it('freezes data of an immutable secret on update', () => {
    const old = validateBody('Secret', { data: { a: 'eA==' }, immutable: true }).object;
    expect(lines(validateBody('Secret', { data: { a: 'eQ==' }, immutable: true }, old).causes)).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    expect(lines(validateBody('Secret', { data: { a: 'eA==' } }, old).causes)).toEqual(['immutable: Forbidden: field is immutable when `immutable` is set']);
  });
});

describe('ConfigMap', () => {
  check('ConfigMap', [
    { name: 'valid', body: { data: { 'app.conf': 'x=1' }, binaryData: { blob: 'AAE=' } }, want: [] },
    { name: 'key in data and binaryData', body: { data: { k: 'v' }, binaryData: { k: 'AAE=' } }, want: ['binaryData: Invalid value: "k": duplicate of key present in data'] },
    { name: 'bad key', body: { data: { '..x': 'v' } }, want: ["data: Invalid value: \"..x\": must not start with '..'"] },
  ]);
});

describe('EndpointSlice', () => {
  const slice = (body: Record<string, unknown>) => ({ addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }], ports: [{ name: 'http', port: 8080 }], ...body });
  check('EndpointSlice', [
    { name: 'valid', body: slice({}), want: [] },
    { name: 'IPv6 address in an IPv4 slice', body: slice({ endpoints: [{ addresses: ['::1'] }] }), want: ['endpoints[0].addresses[0]: Invalid value: "::1": must be a valid IPv4 address'] },
    { name: 'FQDN slice', body: slice({ addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com'] }] }), want: [] },
    { name: 'no addresses', body: slice({ endpoints: [{ addresses: [] }] }), want: ['endpoints[0].addresses: Invalid value: 0: endpoints[0].addresses in body should have at least 1 items'] },
    { name: 'duplicate port names', body: slice({ ports: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] }), want: ['ports[1].name: Duplicate value: "a"'] },
    { name: 'missing addressType', body: { endpoints: [] }, want: ['addressType: Required value'] },
  ]);

  it('addressType is immutable', () => {
    const old = validateBody('EndpointSlice', slice({})).object;
    expect(lines(validateBody('EndpointSlice', slice({ addressType: 'FQDN', endpoints: [] }), old).causes)).toEqual(['addressType: Invalid value: "FQDN": field is immutable']);
  });
});

describe('RBAC', () => {
  const rule = { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['get', 'list'] };
  check('Role', [
    { name: 'valid', body: { rules: [rule] }, want: [] },
    { name: 'no verbs', body: { rules: [{ ...rule, verbs: [] }] }, want: ['rules[0].verbs: Required value: verbs must contain at least one value'] },
    { name: 'no api groups', body: { rules: [{ resources: ['pods'], verbs: ['get'] }] }, want: ['rules[0].apiGroups: Required value: resource rules must supply at least one api group'] },
    { name: 'non-resource URLs in a Role', body: { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }, want: ['rules[0].nonResourceURLs: Invalid value: []string{...}: namespaced rules cannot apply to non-resource URLs'] },
  ]);
  check('ClusterRole', [
    { name: 'non-resource URLs', body: { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }, want: [] },
    { name: 'both kinds in one rule', body: { rules: [{ ...rule, nonResourceURLs: ['/x'] }] }, want: ['rules[0].nonResourceURLs: Invalid value: []string{...}: rules cannot apply to both regular resources and non-resource URLs'] },
  ]);
  const binding = (body: Record<string, unknown>) => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ana' }], ...body });
  check('RoleBinding', [
    { name: 'valid', body: binding({}), want: [] },
    { name: 'bad roleRef kind', body: binding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'r' } }), want: ['roleRef.kind: Unsupported value: "User": supported values: "Role", "ClusterRole"'] },
    { name: 'bad subject kind', body: binding({ subjects: [{ kind: 'Robot', name: 'x' }] }), want: ['subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"'] },
    { name: 'missing roleRef', body: { subjects: [] }, want: ['roleRef: Required value'] },
  ]);
  check('ClusterRoleBinding', [
    { name: 'Role in a cluster binding', body: binding({}), want: ['roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"'] },
    { name: 'service account without namespace', body: binding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }), want: ['subjects[0].namespace: Required value'] },
  ]);

  it('roleRef cannot change', () => {
    const old = validateBody('RoleBinding', binding({})).object;
    expect(lines(validateBody('RoleBinding', binding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' } }), old).causes)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"r"}: cannot change roleRef',
    ]);
  });
});

describe('Lease and Namespace', () => {
  check('Lease', [
    { name: 'valid', body: { spec: { holderIdentity: 'portico-1', leaseDurationSeconds: 15, renewTime: '2024-01-01T00:00:00.123456Z', leaseTransitions: 0 } }, want: [] },
    { name: 'zero duration', body: { spec: { leaseDurationSeconds: 0 } }, want: ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'] },
    { name: 'bad renewTime', body: { spec: { renewTime: 'yesterday' } }, want: ["spec.renewTime: Invalid value: \"yesterday\": spec.renewTime in body should match '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$'"] },
  ]);
  check('Namespace', [
    { name: 'valid', body: { spec: { finalizers: ['kubernetes'] } }, want: [] },
    { name: 'no spec', body: {}, want: [] },
  ]);
  it('namespace status phase', () => {
    expect(lines(validateStatusOf('Namespace', { phase: 'Gone' }).causes)).toEqual(['status.phase: Unsupported value: "Gone": supported values: "Active", "Terminating"']);
  });
});

describe('AccessRequest', () => {
  const request = (spec: Record<string, unknown>) => ({
    spec: { from: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }, to: { group: '', kind: 'Service', namespace: 'billing', name: 'api' }, reason: 'checkout calls billing', ...spec },
  });
  check('AccessRequest', [
    { name: 'valid', body: request({}), want: [] },
    { name: 'missing reason', body: { spec: { from: { group: '', kind: 'Service' }, to: { group: '', kind: 'Service', namespace: 'x' } } }, want: ['spec.reason: Required value'] },
    { name: 'long reason', body: request({ reason: 'x'.repeat(1025) }), want: ['spec.reason: Too long: may not be more than 1024 bytes'] },
    { name: 'same namespace target', body: request({ to: { group: '', kind: 'Service', namespace: 'default' } }), want: ["spec.to.namespace: Invalid value: \"default\": must differ from the request's own namespace; references within a namespace need no grant"] },
    { name: 'bad target kind', body: request({ to: { group: '', kind: '1Service', namespace: 'x' } }), want: ["spec.to.kind: Invalid value: \"1Service\": spec.to.kind in body should match '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$'"] },
  ]);

  it('a decided request keeps its spec', () => {
    const old = { ...validateBody('AccessRequest', request({})).object, status: { phase: 'Approved' } };
    expect(lines(validateBody('AccessRequest', request({ reason: 'changed' }), old).causes)).toEqual(['spec: Forbidden: may not be changed once the request is Approved']);
    const pending = { ...old, status: { phase: 'Pending' } };
    expect(validateBody('AccessRequest', request({ reason: 'changed' }), pending).causes).toEqual([]);
  });

  it('status: phase enum and default', () => {
    expect(validateStatusOf('AccessRequest', {}).object.status).toEqual({ phase: 'Pending' });
    expect(lines(validateStatusOf('AccessRequest', { phase: 'Maybe' }).causes)).toEqual(['status.phase: Unsupported value: "Maybe": supported values: "Pending", "Approved", "Denied"']);
    expect(validateStatusOf('AccessRequest', { phase: 'Approved', decidedBy: 'chihiro', decidedAt: '2024-05-01T10:00:00Z', referenceGrantName: 'from-apps' }).causes).toEqual([]);
  });
});
