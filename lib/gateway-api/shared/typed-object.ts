import type { ObjectMeta } from '@/lib/k8s/object';

/** A stored object of a kind whose spec and status types are inferred from its zod schemas. */
export interface TypedObject<Spec, Status = never> {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: Spec;
  status?: Status;
}
