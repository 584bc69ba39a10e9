import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '@/lib/k8s/object';
import { dns1123Label, dns1123Subdomain, pathSegmentName } from '@/lib/k8s/schemas/name-rules';
import { validateObjectMeta } from '@/lib/validation/object-meta';
import { lines, resourceTypeOf } from '@/lib/validation/test-fixtures';

const route = resourceTypeOf('HTTPRoute');
const namespace = resourceTypeOf('Namespace');
const check = (meta: unknown, type = route, rule = dns1123Subdomain, old?: ObjectMeta) => lines(validateObjectMeta(meta, type, rule, old).causes);
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('ObjectMeta validation', () => {
  it.each<[string, unknown, string[]]>([
    ['valid', { name: 'web', namespace: 'apps', labels: { 'app.kubernetes.io/name': 'web', tier: '' }, annotations: { 'example.com/Note': 'x' }, finalizers: ['example.com/cleanup'] }, []],
    ['A-06: bad name', { name: 'My_Route', namespace: 'apps' }, [`metadata.name: Invalid value: "My_Route": ${SUBDOMAIN_MSG}`]],
    ['A-06: 254-char name', { name: 'a'.repeat(254), namespace: 'apps' }, ['metadata.name: Invalid value: "' + 'a'.repeat(254) + '": must be no more than 253 characters']],
    ['generateName only', { generateName: 'web-', namespace: 'apps' }, []],
    ['neither name nor generateName', { namespace: 'apps' }, ['metadata.name: Required value: name or generateName is required']],
    ['namespaced kind without namespace', { name: 'a' }, ['metadata.namespace: Required value']],
    ['A-08: bad label key', { name: 'a', namespace: 'n', labels: { 'a b': 'x' } }, ['metadata.labels: Invalid value: "a b": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')']],
    ['A-08: long label value', { name: 'a', namespace: 'n', labels: { k: 'v'.repeat(64) } }, [`metadata.labels: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`]],
    ['A-08: 257 KiB of annotations', { name: 'a', namespace: 'n', annotations: { big: 'x'.repeat(257 * 1024) } }, ['metadata.annotations: Too long: may not be more than 262144 bytes']],
    ['A-33: bad finalizer', { name: 'a', namespace: 'n', finalizers: ['example.com/a/b'] }, ["metadata.finalizers[0]: Invalid value: \"example.com/a/b\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
    ['A-33: orphan with foregroundDeletion', { name: 'a', namespace: 'n', finalizers: ['orphan', 'foregroundDeletion'] }, ['metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set']],
    ['wrong type', { name: 5, namespace: 'n' }, ['metadata.name: Invalid value: "integer": metadata.name in body must be of type string: "integer"']],
  ])('%s', (_name, meta, want) => {
    expect(check(meta)).toEqual(want);
  });

  it('A-06: namespaces are DNS-1123 labels and cluster-scoped kinds refuse a namespace', () => {
    expect(check({ name: 'prod.eu' }, namespace, dns1123Label)).toHaveLength(1);
    expect(check({ name: 'prod' }, namespace, dns1123Label)).toEqual([]);
    expect(check({ name: 'prod', namespace: 'x' }, namespace, dns1123Label)).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('RBAC names are path segments', () => {
    expect(check({ name: 'system:controller:x', namespace: 'n' }, route, pathSegmentName)).toEqual([]);
    expect(check({ name: 'a/b', namespace: 'n' }, route, pathSegmentName)).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
  });

  it('A-03, A-04, A-16: immutable fields on update', () => {
    const old: ObjectMeta = { name: 'a', namespace: 'n', uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z', generation: 3 };
    expect(check({ ...old }, route, dns1123Subdomain, old)).toEqual([]);
    expect(check({ name: 'a', namespace: 'n' }, route, dns1123Subdomain, old)).toEqual([]);
    expect(check({ ...old, uid: 'u2', creationTimestamp: '2025-01-01T00:00:00Z', generation: 2 }, route, dns1123Subdomain, old)).toEqual([
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: "2025-01-01T00:00:00Z": field is immutable',
      'metadata.generation: Invalid value: 2: must not be decremented',
    ]);
  });

  it('prunes unknown metadata fields but keeps managedFields entries whole', () => {
    const result = validateObjectMeta({ name: 'a', namespace: 'n', weird: 1, managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }] }, route, dns1123Subdomain);
    expect(result.unknownFields).toEqual(['metadata.weird']);
    expect(result.meta).toEqual({ name: 'a', namespace: 'n', managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }] });
  });
});
