import { z } from 'zod';
import { irListenerSchema } from '@/lib/ir/listener';

/**
 * The routing snapshot: everything the proxy serves, as one immutable, versioned document.
 * Deterministic: lists are sorted by explicit keys and nothing time-based is stamped in, so
 * the same cluster state always yields byte-identical canonical JSON and the same `version`.
 */

/** Bump when the shape changes incompatibly; a proxy rejects snapshots of another schema. */
export const IR_SCHEMA_VERSION = 'ir.portico.dev/v1alpha3';

/** TLS material a listener refers to. Ids carry a content hash, so rotation changes them. */
export const irCertificateSchema = z.object({
  /** `<namespace>/<name>@<hash of the PEM material>` */
  id: z.string(),
  secret: z.object({ namespace: z.string(), name: z.string() }),
  certificatePem: z.string().min(1),
  privateKeyPem: z.string().min(1),
});
export type IrCertificate = z.infer<typeof irCertificateSchema>;

export const routingSnapshotBodySchema = z.object({
  schemaVersion: z.literal(IR_SCHEMA_VERSION),
  /** Sorted by port, then name. */
  listeners: z.array(irListenerSchema),
  /** Sorted by id. */
  certificates: z.array(irCertificateSchema),
});
export type RoutingSnapshotBody = z.infer<typeof routingSnapshotBodySchema>;

export const routingSnapshotSchema = routingSnapshotBodySchema.extend({
  /** computeSnapshotVersion(body): a content hash, never a clock or a counter. */
  version: z.string().regex(/^[0-9a-f]{16}$/),
});
export type RoutingSnapshot = z.infer<typeof routingSnapshotSchema> & {
  /** No clocks: the controller stamps nothing time-based into a snapshot. */
  generatedAt?: never;
};
