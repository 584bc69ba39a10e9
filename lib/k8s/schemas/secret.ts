import { z } from 'zod';
import { reject } from '@/lib/validation/k8s-issue';
import { MAX_DATA_BYTES, base64Bytes, checkBase64, checkKeys, utf8ToBase64 } from '@/lib/k8s/schemas/data-maps';

/** Secret (core/v1): typed payloads in base64 `data`, write-only `stringData`. */

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/**
 * Secret top-level fields. `stringData` is write-only: merged into `data` (base64, its keys
 * win) and dropped, as kube-apiserver does before storing.
 */
export const secretBodySchema = z
  .object({
    type: z.string().default('Opaque'),
    data: z.record(z.string(), z.string()).optional(),
    stringData: z.record(z.string(), z.string()).optional(),
    immutable: z.boolean().optional(),
  })
  .superRefine((s, ctx) => {
    checkKeys(ctx, 'data', s.data);
    checkKeys(ctx, 'stringData', s.stringData);
    checkBase64(ctx, 'data', s.data);
  })
  .transform(({ stringData, ...rest }) => {
    if (!stringData) return rest;
    const data = { ...rest.data };
    for (const [k, v] of Object.entries(stringData)) data[k] = utf8ToBase64(v);
    return { ...rest, data };
  })
  .superRefine((s, ctx) => {
    const data = s.data ?? {};
    const total = Object.entries(data).reduce((n, [k, v]) => n + k.length + base64Bytes(v), 0);
    if (total > MAX_DATA_BYTES) reject(ctx, ['data'], 'FieldValueTooLong', `Too long: may not be more than ${MAX_DATA_BYTES} bytes`);
    for (const key of SECRET_REQUIRED_KEYS[s.type] ?? []) {
      if (!(key in data)) reject(ctx, ['data', key], 'FieldValueRequired', 'Required value');
    }
  });
export type SecretBody = z.output<typeof secretBodySchema>;
