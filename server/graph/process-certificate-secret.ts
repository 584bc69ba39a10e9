import type { K8sObject } from '@/lib/k8s/object';

/**
 * Structural check of a TLS Secret (SEMANTICS §8.2): type `kubernetes.io/tls`, a `tls.crt`
 * holding at least one PEM CERTIFICATE block and a `tls.key` holding one PEM private-key block,
 * each with a base64 body. No cryptography here (pure stage): the proxy loads the pair and
 * reports a key that does not fit its certificate.
 * Returns why the Secret is unusable, or undefined when it has the right shape.
 */
export function processCertificateSecret(secret: K8sObject): string | undefined {
  if (secret.type !== 'kubernetes.io/tls') {
    return `Secret ${secret.metadata.namespace}/${secret.metadata.name} has type ${JSON.stringify(secret.type ?? 'Opaque')}, not "kubernetes.io/tls"`;
  }
  const cert = secretValue(secret, 'tls.crt');
  const key = secretValue(secret, 'tls.key');
  const where = `Secret ${secret.metadata.namespace}/${secret.metadata.name}`;
  if (cert === undefined || key === undefined) return `${where} must hold both tls.crt and tls.key`;
  if (pemBlocks(cert, /^CERTIFICATE$/) === 0) return `${where}: tls.crt is not a PEM-encoded certificate`;
  if (pemBlocks(key, /^(RSA |EC |ENCRYPTED )?PRIVATE KEY$/) !== 1) return `${where}: tls.key is not a single PEM-encoded private key`;
  return undefined;
}

/** A Secret value, from `data` (base64, as the API stores it) or a not-yet-converted `stringData`. */
function secretValue(secret: K8sObject, key: string): string | undefined {
  const data = secret.data as Record<string, unknown> | undefined;
  const raw = data?.[key];
  if (typeof raw === 'string') {
    try {
      return atob(raw);
    } catch {
      return undefined;
    }
  }
  const stringData = secret.stringData as Record<string, unknown> | undefined;
  const plain = stringData?.[key];
  return typeof plain === 'string' ? plain : undefined;
}

const BLOCK = /-----BEGIN ([A-Z ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/** Counts PEM blocks whose label matches and whose body is well-formed base64; any other block fails. */
function pemBlocks(text: string, label: RegExp): number {
  let count = 0;
  for (const m of text.matchAll(BLOCK)) {
    const body = (m[2] ?? '').replace(/\s+/g, '');
    // Encrypted legacy keys carry `Proc-Type:` headers before the body; they are not supported.
    if (m[1] === 'EC PARAMETERS') continue; // openssl ecparam writes these before the key
    if (!label.test(m[1] ?? '') || body.length === 0 || body.length % 4 !== 0 || !BASE64_BODY.test(body)) return 0;
    count++;
  }
  return count;
}
