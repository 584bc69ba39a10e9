import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '@/lib/k8s/object';

/** What the suite setup rewrites in every manifest (README "What the suite does before the tests"). */
export interface ManifestRewrite {
  gatewayClassName: string;
  controllerName: string;
  usableAddress: string;
  unusableAddress: string;
}

/** The objects of one multi-document YAML file, in file order, empty documents dropped. */
export function loadManifestFile(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((obj): obj is K8sObject => obj !== null && typeof obj === 'object' && typeof obj.kind === 'string');
}

/**
 * Applies the upstream suite's rewrites: Gateways get the class under test, GatewayClasses the
 * controller under test, and the static-address placeholders become the runner's address pools.
 */
export function rewriteManifest(object: K8sObject, rewrite: ManifestRewrite): K8sObject {
  const copy = structuredClone(object);
  const spec = copy.spec as Record<string, unknown> | undefined;
  if (copy.kind === 'Gateway' && spec) {
    spec.gatewayClassName = rewrite.gatewayClassName;
    const addresses = spec.addresses as Array<{ type?: string; value?: string }> | undefined;
    if (addresses) {
      spec.addresses = addresses.map((a) => {
        if (a.value === 'PLACEHOLDER_USABLE_ADDRS') return { ...a, type: a.type ?? 'IPAddress', value: rewrite.usableAddress };
        if (a.value === 'PLACEHOLDER_UNUSABLE_ADDRS') return { ...a, type: a.type ?? 'IPAddress', value: rewrite.unusableAddress };
        return a;
      });
    }
  }
  if (copy.kind === 'GatewayClass' && spec) spec.controllerName = rewrite.controllerName;
  return copy;
}

/** `namespace/name` of an object, for messages and bookkeeping. */
export function describeObject(object: Pick<K8sObject, 'kind' | 'metadata'>): string {
  const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind} ${ns}${object.metadata.name}`;
}
