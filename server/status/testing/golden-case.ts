import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '@/lib/k8s/object';
import { buildSnapshot, type ResourceSnapshot } from '@/server/graph/resource-snapshot';
import type { GatewayProgramming, StatusInputs } from '@/server/status/status-types';

/**
 * A golden case: `<case>.in.yaml` is a multi-document YAML of resources, plus at most one
 * document `kind: StatusInputs` (apiVersion `testing.portico.dev/v1`) with the inputs that do
 * not come from resources: supportedFeatures, bundleVersions and proxy acknowledgements
 * (`programming: {<namespace/name>: GatewayProgramming}`).
 */
export interface GoldenCase {
  snapshot: ResourceSnapshot;
  inputs: StatusInputs;
}

export const DEFAULT_STATUS_INPUTS: StatusInputs = {
  supportedFeatures: ['Gateway', 'HTTPRoute', 'ReferenceGrant'],
  bundleVersions: ['v1.6.1'],
  programming: new Map(),
};

interface InputsDocument {
  kind: 'StatusInputs';
  supportedFeatures?: string[];
  bundleVersions?: string[];
  programming?: Record<string, GatewayProgramming>;
}

export function parseGoldenCase(text: string, source: string): GoldenCase {
  const objects: K8sObject[] = [];
  let inputs = DEFAULT_STATUS_INPUTS;
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as K8sObject | InputsDocument | null;
    if (value === null) continue;
    if (value.kind === 'StatusInputs') {
      const d = value as InputsDocument;
      inputs = {
        supportedFeatures: d.supportedFeatures ?? DEFAULT_STATUS_INPUTS.supportedFeatures,
        bundleVersions: d.bundleVersions ?? DEFAULT_STATUS_INPUTS.bundleVersions,
        programming: new Map(Object.entries(d.programming ?? {})),
      };
      continue;
    }
    const obj = value as K8sObject;
    if (typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') throw new Error(`${source}: every document needs kind and metadata.name`);
    objects.push(obj);
  }
  return { snapshot: buildSnapshot(objects), inputs };
}
