import { z } from 'zod';
import { irListenerSchema, irVirtualHostSchema } from '@/lib/ir/listener';
import { irRuleSchema } from '@/lib/ir/route';
import { IR_SCHEMA_VERSION, irCertificateSchema } from '@/lib/ir/snapshot';

/**
 * A change from one snapshot version to the next, for propagation without resending (and
 * re-validating, rehashing, recompiling) 10,000 unchanged routes. Granularity: listener header,
 * rule (by id), virtual host (by hostname), certificate (by id). The receiver applies it to
 * the snapshot whose version is `baseVersion` and must arrive at exactly `version` (the tree
 * hash of the result); otherwise it rejects the delta and asks for a full snapshot.
 */

const versionSchema = z.string().regex(/^[0-9a-f]{16}$/);

export const listenerPatchSchema = z.object({
  name: z.string(),
  /** The listener without rules and virtual hosts: always sent whole (it is small). */
  header: irListenerSchema.omit({ rules: true, virtualHosts: true }),
  upsertRules: z.array(irRuleSchema),
  removeRules: z.array(z.string()),
  upsertVirtualHosts: z.array(irVirtualHostSchema),
  removeVirtualHosts: z.array(z.string()),
  /** The complete hostname order, present whenever the sequence of virtual hosts changed. */
  virtualHostOrder: z.array(z.string()).optional(),
});
export type ListenerPatch = z.infer<typeof listenerPatchSchema>;

export const snapshotDeltaSchema = z.object({
  schemaVersion: z.literal(IR_SCHEMA_VERSION),
  baseVersion: versionSchema,
  version: versionSchema,
  upsertListeners: z.array(listenerPatchSchema),
  removeListeners: z.array(z.string()),
  upsertCertificates: z.array(irCertificateSchema),
  removeCertificates: z.array(z.string()),
});
export type SnapshotDelta = z.infer<typeof snapshotDeltaSchema>;
