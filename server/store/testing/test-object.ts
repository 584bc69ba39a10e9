import type { K8sObject } from '@/lib/k8s/object';

/** A small object shaped like a namespaced Kubernetes resource, with `data` to tell versions apart. */
export function testObject(name: string, data: unknown = {}, namespace = 'default'): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}
