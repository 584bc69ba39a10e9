import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { processCertificateSecret } from '@/server/graph/process-certificate-secret';

const body = btoa(String.fromCharCode(...Array.from({ length: 48 }, (_, i) => i)));
const pem = (label: string, b = body) => `-----BEGIN ${label}-----\n${b}\n-----END ${label}-----\n`;
const CERT = pem('CERTIFICATE');
const KEY = pem('PRIVATE KEY');

function secret(type: string | undefined, data: Record<string, string> | undefined, stringData?: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, ...(type ? { type } : {}), ...(data ? { data } : {}), ...(stringData ? { stringData } : {}) };
}
const b64 = (s: string) => btoa(s);

describe('processCertificateSecret', () => {
  const cases: { name: string; secret: K8sObject; ok: boolean }[] = [
    { name: 'a TLS key pair', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(CERT), 'tls.key': b64(KEY) }), ok: true },
    { name: 'a chain of two certificates', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(CERT + CERT), 'tls.key': b64(KEY) }), ok: true },
    { name: 'an EC key with parameters', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(CERT), 'tls.key': b64(pem('EC PARAMETERS', 'BggqhkjOPQMBBw==') + pem('EC PRIVATE KEY')) }), ok: true },
    { name: 'stringData not yet converted', secret: secret('kubernetes.io/tls', undefined, { 'tls.crt': CERT, 'tls.key': KEY }), ok: true },
    { name: 'Opaque type', secret: secret('Opaque', { 'tls.crt': b64(CERT), 'tls.key': b64(KEY) }), ok: false },
    { name: 'no type', secret: secret(undefined, { 'tls.crt': b64(CERT), 'tls.key': b64(KEY) }), ok: false },
    { name: 'missing key', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(CERT) }), ok: false },
    { name: 'not PEM (conformance malformed secret)', secret: secret('kubernetes.io/tls', { 'tls.crt': 'SGVsbG8gd29ybGQK', 'tls.key': 'SGVsbG8gd29ybGQK' }), ok: false },
    { name: 'data not base64', secret: secret('kubernetes.io/tls', { 'tls.crt': '%%%', 'tls.key': b64(KEY) }), ok: false },
    { name: 'certificate body not base64', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(pem('CERTIFICATE', 'not base64!')), 'tls.key': b64(KEY) }), ok: false },
    { name: 'key where the certificate belongs', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(KEY), 'tls.key': b64(KEY) }), ok: false },
    { name: 'two private keys', secret: secret('kubernetes.io/tls', { 'tls.crt': b64(CERT), 'tls.key': b64(KEY + KEY) }), ok: false },
  ];
  it.each(cases)('$name', ({ secret: s, ok }) => {
    const problem = processCertificateSecret(s);
    if (ok) expect(problem).toBeUndefined();
    else expect(problem).toMatch(/Secret ns\/s/);
  });
});
