import { z } from 'zod';

/** metav1.LabelSelector as embedded in the Gateway API CRDs (no further validation there). */
export const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.string(),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});
export type LabelSelector = z.output<typeof labelSelectorSchema>;
