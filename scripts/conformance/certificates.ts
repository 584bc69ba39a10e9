import type { K8sObject } from '@/lib/k8s/object';
import { generateServingCertificate } from '@/server/tls/serving-certificate';

/**
 * The certificate objects the upstream suite creates in code rather than YAML
 * (`suiteSetup.programmaticObjects`). The runner makes the self-signed serving certificates the
 * HTTPS listeners of the Core tests use and CA ConfigMaps carrying a self-signed certificate.
 * Certificates signed by a separate CA (client certificates, backend TLS) are not made: the
 * tests that need them are Extended or out of scope, and are skipped.
 */

interface ProgrammaticObject {
  kind: string;
  namespace: string;
  name: string;
  type: string;
  hosts?: string[];
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

export interface CertificateObjects {
  objects: K8sObject[];
  /** `namespace/name` of each Secret -> its certificate PEM (clients trust it). */
  certificates: Map<string, string>;
  /** Programmatic objects not created, with why. */
  notCreated: string[];
}

export async function buildCertificateObjects(list: readonly ProgrammaticObject[]): Promise<CertificateObjects> {
  const objects: K8sObject[] = [];
  const certificates = new Map<string, string>();
  const notCreated: string[] = [];
  for (const item of list) {
    const metadata = { name: item.name, namespace: item.namespace };
    if (item.kind === 'Secret' && item.type.startsWith('self-signed TLS certificate')) {
      const { certPem, keyPem } = await generateServingCertificate(item.hosts ?? ['*']);
      certificates.set(`${item.namespace}/${item.name}`, certPem);
      objects.push({ apiVersion: 'v1', kind: 'Secret', metadata, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(certPem), 'tls.key': b64(keyPem) } });
    } else if (item.kind === 'ConfigMap' && item.type.startsWith('CA certificate')) {
      const { certPem } = await generateServingCertificate([`${item.name}.conformance.invalid`]);
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'ca.crt': certPem } });
    } else {
      notCreated.push(`${item.kind} ${item.namespace}/${item.name} (${item.type})`);
    }
  }
  return { objects, certificates, notCreated };
}
