import type { ListMeta, ObjectMeta } from '@/lib/k8s/object';

/**
 * The least the console's data layer needs of an object: metadata. Zod-inferred kinds
 * (TypedObject<Spec, Status>) and plain K8sObjects both fit, so hooks and k8sFetch take either.
 */
export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface ObjectList<T extends ObjectLike = ObjectLike> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

export interface ObjectWatchEvent<T extends ObjectLike = ObjectLike> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}
