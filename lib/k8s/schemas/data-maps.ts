import { reportProblems } from '@/lib/k8s/schemas/checked-string';
import { configMapKey } from '@/lib/k8s/schemas/name-rules';
import { reject, type Ctx } from '@/lib/validation/k8s-issue';

/** What Secret and ConfigMap share: key rules, base64 payloads, the 1 MiB total. */

export const MAX_DATA_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function checkKeys(ctx: Ctx, field: string, map: Record<string, string> | undefined): void {
  for (const key of Object.keys(map ?? {})) reportProblems(ctx, [field], key, configMapKey(key));
}

export function checkBase64(ctx: Ctx, field: string, map: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!BASE64.test(value)) reject(ctx, [field, key], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(key)}: must be a base64-encoded string`);
  }
}

/** Decoded size of a base64 string without decoding it. */
export function base64Bytes(value: string): number {
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return (value.length / 4) * 3 - padding;
}

export function utf8ToBase64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] ?? 0);
  return btoa(binary);
}

