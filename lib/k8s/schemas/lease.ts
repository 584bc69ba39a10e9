import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import { reject } from '@/lib/validation/k8s-issue';

/** Lease (coordination.k8s.io/v1): leader election of control-plane replicas. */

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export const leaseSpecSchema = z
  .object({
    holderIdentity: z.string().optional(),
    leaseDurationSeconds: integer().max(2147483647).optional(),
    acquireTime: z.string().regex(MICRO_TIME).optional(),
    renewTime: z.string().regex(MICRO_TIME).optional(),
    leaseTransitions: integer().max(2147483647).optional(),
    strategy: z.string().optional(),
    preferredHolder: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.leaseDurationSeconds !== undefined && s.leaseDurationSeconds <= 0) {
      reject(ctx, ['leaseDurationSeconds'], 'FieldValueInvalid', `Invalid value: ${s.leaseDurationSeconds}: must be greater than 0`);
    }
    if (s.leaseTransitions !== undefined && s.leaseTransitions < 0) {
      reject(ctx, ['leaseTransitions'], 'FieldValueInvalid', `Invalid value: ${s.leaseTransitions}: must be greater than or equal to 0`);
    }
  });
export type LeaseSpec = z.output<typeof leaseSpecSchema>;
