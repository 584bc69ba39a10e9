import { stringify } from 'yaml';

/** Where a downloaded kubeconfig points: the HTTPS address of /k8s and the certificate to trust. */
export interface KubeconfigTarget {
  /** e.g. https://127.0.0.1:3000/k8s */
  server: string;
  /** PEM of the serving certificate (self-signed; it is its own authority). */
  certificateAuthorityPem: string;
}

/**
 * A kubeconfig for one user and token, pinned to Portico's serving certificate, so `kubectl`
 * works with no further flags. The context and cluster are named `portico`.
 */
export function renderKubeconfig(target: KubeconfigTarget, username: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'portico',
        cluster: {
          server: target.server,
          'certificate-authority-data': Buffer.from(target.certificateAuthorityPem).toString('base64'),
        },
      },
    ],
    users: [{ name: username, user: { token } }],
    contexts: [{ name: 'portico', context: { cluster: 'portico', user: username } }],
    'current-context': 'portico',
  });
}
