import { z } from 'zod';
import { checkedString } from '@/lib/k8s/schemas/checked-string';
import { qualifiedName } from '@/lib/k8s/schemas/name-rules';

/** Namespace (core/v1). */

/** spec.finalizers of a Namespace are qualified names ("kubernetes" is the built-in one). */
export const namespaceSpecSchema = z.object({
  finalizers: z.array(checkedString(qualifiedName)).optional(),
});

export const namespaceStatusSchema = z.object({
  phase: z.enum(['Active', 'Terminating']).optional(),
  conditions: z
    .array(
      z.object({
        type: z.string(),
        status: z.enum(['True', 'False', 'Unknown']),
        lastTransitionTime: z.string().optional(),
        reason: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});
