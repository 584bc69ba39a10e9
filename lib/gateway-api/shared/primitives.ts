import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import {
  P_CONTROLLER,
  P_DURATION,
  P_GROUP,
  P_HEADER_NAME,
  P_HOSTNAME,
  P_KIND,
  P_NAMESPACE,
  P_PRECISE_HOST,
  P_SECTION_NAME,
} from '@/lib/gateway-api/patterns';
import { HEADER_VALUE_PATTERN, isValidHeaderValue } from '@/lib/validation/header-value';
import { isIP } from '@/lib/validation/ip-address';
import { reject } from '@/lib/validation/k8s-issue';

/** Scalar types of apis/v1/shared_types.go (V-01..V-14). */

/** V-01 as the CRD pattern has it (accepts `1.2.3.4`). */
export const hostnamePatternSchema = z.string().min(1).max(253).regex(P_HOSTNAME);
/** V-01. The pattern accepts `1.2.3.4`; the API says IP literals are not hostnames (documented deviation: we reject them). */
export const hostnameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(P_HOSTNAME)
  .superRefine((v, ctx) => {
    if (isIP(v)) reject(ctx, [], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: must be a hostname, not an IP address`);
  });
/** V-02 */
export const preciseHostnameSchema = z.string().min(1).max(253).regex(P_PRECISE_HOST);
/** V-03 */
export const groupSchema = z.string().max(253).regex(P_GROUP);
/** V-04 */
export const kindSchema = z.string().min(1).max(63).regex(P_KIND);
/** V-05 */
export const objectNameSchema = z.string().min(1).max(253);
/** V-06 */
export const namespaceSchema = z.string().min(1).max(63).regex(P_NAMESPACE);
/** V-07 */
export const sectionNameSchema = z.string().min(1).max(253).regex(P_SECTION_NAME);
/** V-08 */
export const controllerNameSchema = z.string().min(1).max(253).regex(P_CONTROLLER);
/** V-09 */
export const portNumberSchema = integer().min(1).max(65535);
/** V-11 */
export const headerNameSchema = z.string().min(1).max(256).regex(P_HEADER_NAME);
/** V-12 */
export const durationSchema = z.string().regex(P_DURATION);
export const int32Schema = integer().min(-2147483648).max(2147483647);

/**
 * H-25: header values are 1..4096 (standard channel) and, our recommended rule on every
 * channel, must match P-HEADER-VALUE: checked with a linear scan, never the backtracking regex.
 */
export function headerValueSchema(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .superRefine((v, ctx) => {
      if (!isValidHeaderValue(v)) {
        reject(ctx, [], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: {{field}} in body should match '${HEADER_VALUE_PATTERN}'`);
      }
    });
}

/** Parses a P-DURATION string to milliseconds (for the timeouts CEL rule). */
export function durationMillis(value: string): number {
  let total = 0;
  for (const m of value.matchAll(/([0-9]+)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === 'h' ? n * 3_600_000 : unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : n;
  }
  return total;
}
