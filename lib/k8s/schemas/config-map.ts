import { z } from 'zod';
import { reject } from '@/lib/validation/k8s-issue';
import { MAX_DATA_BYTES, base64Bytes, checkBase64, checkKeys } from '@/lib/k8s/schemas/data-maps';

/** ConfigMap (core/v1): text `data` and base64 `binaryData`, keys unique across both. */
export const configMapBodySchema = z
  .object({
    data: z.record(z.string(), z.string()).optional(),
    binaryData: z.record(z.string(), z.string()).optional(),
    immutable: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    checkKeys(ctx, 'data', c.data);
    checkKeys(ctx, 'binaryData', c.binaryData);
    checkBase64(ctx, 'binaryData', c.binaryData);
    for (const key of Object.keys(c.binaryData ?? {})) {
      if (c.data && key in c.data) reject(ctx, ['binaryData'], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(key)}: duplicate of key present in data`);
    }
    const text = Object.entries(c.data ?? {}).reduce((n, [k, v]) => n + k.length + new TextEncoder().encode(v).length, 0);
    const binary = Object.entries(c.binaryData ?? {}).reduce((n, [k, v]) => n + k.length + base64Bytes(v), 0);
    if (text + binary > MAX_DATA_BYTES) reject(ctx, [], 'FieldValueTooLong', `Too long: may not be more than ${MAX_DATA_BYTES} bytes`);
  });
export type ConfigMapBody = z.output<typeof configMapBodySchema>;
