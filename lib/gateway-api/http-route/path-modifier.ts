import { z } from 'zod';
import { patternText } from '@/lib/validation/pattern-text';
import { P_PATH_CHARS } from '@/lib/gateway-api/patterns';
import { preciseHostnameSchema, portNumberSchema } from '@/lib/gateway-api/shared/primitives';
import { celFailure, reject, type Ctx } from '@/lib/validation/k8s-issue';

/** HTTPPathModifier (H-31) and the redirect / rewrite filters that carry it (H-32, H-33). */
export const httpPathModifierSchema = z
  .object({
    type: z.enum(['ReplaceFullPath', 'ReplacePrefixMatch']),
    replaceFullPath: z.string().max(1024).optional(),
    replacePrefixMatch: z.string().max(1024).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'ReplaceFullPath' && m.replaceFullPath === undefined) celFailure(ctx, "replaceFullPath must be specified when type is set to 'ReplaceFullPath'");
    if (m.replaceFullPath !== undefined && m.type !== 'ReplaceFullPath') celFailure(ctx, "type must be 'ReplaceFullPath' when replaceFullPath is set");
    if (m.type === 'ReplacePrefixMatch' && m.replacePrefixMatch === undefined) celFailure(ctx, "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'");
    if (m.replacePrefixMatch !== undefined && m.type !== 'ReplacePrefixMatch') celFailure(ctx, "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set");
    checkReplacementPath(ctx, 'replaceFullPath', m.replaceFullPath);
    checkReplacementPath(ctx, 'replacePrefixMatch', m.replacePrefixMatch);
  });
export type HTTPPathModifier = z.output<typeof httpPathModifierSchema>;

/**
 * H-31, our recommended rule: upstream has no character check on replacement paths. A CR/LF,
 * `?` or `#` there would be injected into the upstream request line or the `Location` header,
 * so a non-empty replacement must be an absolute path of P-PATH-CHARS characters.
 */
function checkReplacementPath(ctx: Ctx, field: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  if (!value.startsWith('/')) {
    reject(ctx, [field], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(value)}: must be an absolute path and start with '/'`);
  } else if (!P_PATH_CHARS.test(value)) {
    reject(ctx, [field], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(value)}: must only contain valid characters (matching ${patternText(P_PATH_CHARS)})`);
  }
}

export const httpRequestRedirectFilterSchema = z.object({
  scheme: z.enum(['http', 'https']).optional(),
  hostname: preciseHostnameSchema.optional(),
  path: httpPathModifierSchema.optional(),
  port: portNumberSchema.optional(),
  statusCode: z.literal([301, 302, 303, 307, 308]).default(302),
});
export type HTTPRequestRedirectFilter = z.output<typeof httpRequestRedirectFilterSchema>;

export const httpURLRewriteFilterSchema = z.object({
  hostname: preciseHostnameSchema.optional(),
  path: httpPathModifierSchema.optional(),
});
export type HTTPURLRewriteFilter = z.output<typeof httpURLRewriteFilterSchema>;
