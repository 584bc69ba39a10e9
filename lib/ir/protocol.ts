import { z } from 'zod';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { computeSnapshotVersion, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import { snapshotDeltaSchema } from '@/lib/ir/snapshot-delta';
import { IR_SCHEMA_VERSION, routingSnapshotSchema, type RoutingSnapshot } from '@/lib/ir/snapshot';

/**
 * The snapshot protocol between control plane and proxy (same whether the proxy is a child
 * process or remote): the control plane serves RoutingSnapshot documents, or SnapshotDelta
 * documents against the version the proxy says it serves (the `activeVersion` of its last ack)
 * when it still keeps that version; the proxy validates, compiles and swaps the result in, then
 * acknowledges its version, accepted or rejected with a reason, and reports which listeners it
 * really bound (Gateway status.addresses and Programmed). A proxy that rejects a delta asks for
 * the full snapshot instead (server/proxy-link/proxy-api-handler.ts has the HTTP binding).
 */

export const listenerBindingSchema = z.object({
  /** IrListener.name */
  name: z.string(),
  bound: z.boolean(),
  /** What was bound, e.g. `127.0.0.1:8080`, when bound. */
  address: z.string().optional(),
  /** Why not, e.g. `EADDRINUSE`, when not bound. */
  reason: z.string().optional(),
});
export type ListenerBinding = z.infer<typeof listenerBindingSchema>;

export const snapshotAckSchema = z.object({
  /** The version this ack is about. */
  version: z.string(),
  accepted: z.boolean(),
  /** Required when rejected: what was wrong, with the field path when a schema check failed. */
  reason: z.string().optional(),
  /** Stable id of the proxy instance (hostname/pid or pod name). */
  proxyId: z.string().optional(),
  /** The version the proxy is serving after this ack (the previous one when rejected). */
  activeVersion: z.string().optional(),
  listeners: z.array(listenerBindingSchema).optional(),
  /** Where the proxy's admin endpoints answer (e.g. `http://127.0.0.1:9901`): the admin port may be ephemeral, so the control plane learns it here to read `/stats` for the topology's traffic. */
  adminUrl: z.string().url().optional(),
});
export type SnapshotAck = z.infer<typeof snapshotAckSchema>;

export type SnapshotCheck = { ok: true; snapshot: RoutingSnapshot } | { ok: false; version: string; reason: string };

/**
 * Validates a received snapshot: schema version first (so an old proxy says "unsupported
 * schema" rather than listing field errors), then the shape, then that `version` is the hash
 * of the content. A failed check is what the proxy acks as rejected, keeping its last good one.
 */
export function checkSnapshot(input: unknown, cache?: SnapshotHashCache): SnapshotCheck {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const version = typeof record.version === 'string' ? record.version : '';
  if (record.schemaVersion !== IR_SCHEMA_VERSION) {
    return { ok: false, version, reason: `unsupported schemaVersion ${JSON.stringify(record.schemaVersion)}; this proxy reads ${IR_SCHEMA_VERSION}` };
  }
  const parsed = routingSnapshotSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    return { ok: false, version, reason: `invalid snapshot at ${where}: ${issue?.message ?? 'unknown error'}` };
  }
  const expected = computeSnapshotVersion(parsed.data, cache);
  if (expected !== parsed.data.version) {
    return { ok: false, version, reason: `version ${parsed.data.version} does not match the content hash ${expected}` };
  }
  return { ok: true, snapshot: parsed.data };
}

/** Validates a received delta and applies it to `base` (see applySnapshotDelta). */
export function checkSnapshotDelta(input: unknown, base: RoutingSnapshot, cache?: SnapshotHashCache): SnapshotCheck {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const version = typeof record.version === 'string' ? record.version : '';
  const parsed = snapshotDeltaSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    return { ok: false, version, reason: `invalid snapshot delta at ${where}: ${issue?.message ?? 'unknown error'}` };
  }
  const applied = applySnapshotDelta(base, parsed.data, cache);
  return applied.ok ? { ok: true, snapshot: applied.snapshot } : { ok: false, version, reason: applied.reason };
}
