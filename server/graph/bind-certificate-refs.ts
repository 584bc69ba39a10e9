import { GATEWAY_GROUP, type SecretObjectReference } from '@/lib/gateway-api/shared/refs';
import type { K8sObject } from '@/lib/k8s/object';
import { processCertificateSecret } from '@/server/graph/process-certificate-secret';
import type { CertificateSource } from '@/server/graph/graph-types';
import { isReferenceAllowed, type ReferenceGrantIndex } from '@/server/graph/reference-grant-index';

export interface CertificateRefProblem {
  reason: 'InvalidCertificateRef' | 'RefNotPermitted';
  message: string;
}

export interface BoundCertificates {
  certificates: CertificateSource[];
  problems: CertificateRefProblem[];
}

export interface CertificateContext {
  grants: ReferenceGrantIndex;
  secrets: ReadonlyMap<string, K8sObject>;
}

/**
 * Resolves Secret references of a Gateway (SEMANTICS §2.5, §8.2): a group/kind other than
 * core Secret is invalid; a cross-namespace ref needs a ReferenceGrant from `Gateway`, checked
 * before existence so a refusal never reveals whether the Secret exists; then the Secret must
 * exist and have the shape of a TLS key pair.
 */
export function bindCertificateRefs(
  refs: readonly SecretObjectReference[],
  gatewayNamespace: string,
  field: string,
  ctx: CertificateContext,
): BoundCertificates {
  const certificates: CertificateSource[] = [];
  const problems: CertificateRefProblem[] = [];
  refs.forEach((ref, i) => {
    const where = `${field}[${i}]`;
    const namespace = ref.namespace ?? gatewayNamespace;
    if (ref.group !== '' || ref.kind !== 'Secret') {
      problems.push({ reason: 'InvalidCertificateRef', message: `${where}: ${ref.group || 'core'}/${ref.kind} is not supported; reference a core Secret` });
      return;
    }
    const allowed = isReferenceAllowed(
      { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gatewayNamespace },
      { group: '', kind: 'Secret', namespace, name: ref.name },
      ctx.grants,
    );
    if (!allowed) {
      problems.push({
        reason: 'RefNotPermitted',
        message: `${where}: Secret ${namespace}/${ref.name} is in another namespace and no ReferenceGrant in ${namespace} allows Gateways from ${gatewayNamespace} to use it`,
      });
      return;
    }
    const secret = ctx.secrets.get(`${namespace}/${ref.name}`);
    if (!secret) {
      problems.push({ reason: 'InvalidCertificateRef', message: `${where}: Secret ${namespace}/${ref.name} does not exist` });
      return;
    }
    const shapeProblem = processCertificateSecret(secret);
    if (shapeProblem) {
      problems.push({ reason: 'InvalidCertificateRef', message: `${where}: ${shapeProblem}` });
      return;
    }
    certificates.push({ namespace, name: ref.name, secret });
  });
  return { certificates, problems };
}
