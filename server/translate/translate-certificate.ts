import type { IrCertificate } from '@/lib/ir/snapshot';
import { hashCanonical } from '@/lib/ir/version-hash';
import type { CertificateSource } from '@/server/graph/graph-types';

/**
 * A listener certificate as inline PEM material (SEMANTICS §8.2). The id carries a hash of the
 * material, so rotating a Secret changes the id and the proxy reloads exactly that pair.
 * Returns undefined if the Secret lost its material since the graph checked its shape.
 */
export function translateCertificate(source: CertificateSource): IrCertificate | undefined {
  const certificatePem = secretText(source.secret, 'tls.crt');
  const privateKeyPem = secretText(source.secret, 'tls.key');
  if (!certificatePem || !privateKeyPem) return undefined;
  return {
    id: `${source.namespace}/${source.name}@${hashCanonical({ certificatePem, privateKeyPem })}`,
    secret: { namespace: source.namespace, name: source.name },
    certificatePem,
    privateKeyPem,
  };
}

/** A Secret value from `data` (base64; PEM is ASCII, so atob's byte string is the text) or `stringData`. */
function secretText(secret: CertificateSource['secret'], key: string): string | undefined {
  const encoded = (secret.data as Record<string, unknown> | undefined)?.[key];
  if (typeof encoded === 'string') {
    try {
      return atob(encoded);
    } catch {
      return undefined;
    }
  }
  const plain = (secret.stringData as Record<string, unknown> | undefined)?.[key];
  return typeof plain === 'string' ? plain : undefined;
}
