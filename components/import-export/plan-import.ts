import { parseAllDocuments } from 'yaml';
import type { ImportResult } from '@/lib/api/import-export';
import { findResourceTypeByKind, parseApiVersion, servesVersion, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { validateResource } from '@/lib/validation/validate-resource';

/**
 * The first step of an import, in the browser: split the YAML into documents and check each one
 * with the same validation the API server runs (lib/validation), so problems show per object
 * before anything is sent. Valid objects become apply steps; the rest become results at once.
 */
export interface ImportStep {
  index: number;
  label: string;
  type: ResourceType;
  object: K8sObject;
}

export interface ImportPlan {
  steps: ImportStep[];
  /** Documents that cannot be applied, with why (invalid), in document order. */
  rejected: ImportResult[];
  /** Documents in the text, empty ones excluded. */
  total: number;
}

export function planImport(yamlText: string, defaultNamespace: string): ImportPlan {
  const steps: ImportStep[] = [];
  const rejected: ImportResult[] = [];
  let index = 0;
  for (const doc of parseAllDocuments(yamlText)) {
    // An empty document (a trailing `---`) is no object: skip it without counting.
    if (doc.errors.length === 0 && (doc.toJS() ?? null) === null) continue;
    index++;
    if (doc.errors.length > 0) {
      rejected.push({ index, label: `document ${index}`, outcome: 'invalid', message: `not valid YAML: ${doc.errors[0]?.message ?? 'parse error'}`, causes: [] });
      continue;
    }
    const value: unknown = doc.toJS();
    const result = checkDocument(value, index, defaultNamespace);
    if ('outcome' in result) rejected.push(result);
    else steps.push(result);
  }
  return { steps, rejected, total: index };
}

function checkDocument(value: unknown, index: number, defaultNamespace: string): ImportStep | ImportResult {
  const fallback = `document ${index}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { index, label: fallback, outcome: 'invalid', message: 'a document must be one Kubernetes object (a mapping with apiVersion, kind and metadata)', causes: [] };
  }
  const obj = value as Partial<K8sObject>;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  const label = typeof obj.kind === 'string' && name ? `${obj.kind} ${name}` : fallback;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return { index, label, outcome: 'invalid', message: 'apiVersion and kind are required', causes: [] };
  }
  const { group, version } = parseApiVersion(obj.apiVersion);
  const type = findResourceTypeByKind(group, obj.kind);
  if (!type || !servesVersion(type, version)) {
    return { index, label, outcome: 'invalid', message: `${obj.apiVersion} ${obj.kind} is not a kind Portico serves`, causes: [] };
  }
  const metadata = { ...(obj.metadata ?? {}) };
  if (type.namespaced && !metadata.namespace) metadata.namespace = defaultNamespace;
  if (!type.namespaced) delete metadata.namespace;
  const object = { ...obj, metadata } as K8sObject;
  const fullLabel = `${obj.kind} ${type.namespaced ? `${metadata.namespace}/` : ''}${name || '(no name)'}`;
  if (!name) return { index, label: fullLabel, outcome: 'invalid', message: 'metadata.name is required (generateName cannot be applied)', causes: [{ field: 'metadata.name', message: 'Required value' }] };
  const checked = validateResource(type, object, 'object');
  if (checked.causes.length > 0) {
    return {
      index,
      label: fullLabel,
      outcome: 'invalid',
      message: `${checked.causes.length} problem(s); nothing was sent`,
      causes: checked.causes.map((c) => ({ field: c.field ?? '', message: c.message ?? '' })),
    };
  }
  return { index, label: fullLabel, type, object };
}
