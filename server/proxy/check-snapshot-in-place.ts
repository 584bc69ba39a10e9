import { z } from 'zod';
import { computeSnapshotVersion, partHash, type SnapshotHashCache, virtualHostHash } from '@/lib/ir/compute-snapshot-version';
import { irListenerSchema, type IrListener, type IrVirtualHost, irVirtualHostSchema } from '@/lib/ir/listener';
import { type SnapshotCheck } from '@/lib/ir/protocol';
import { type IrRule, irRuleSchema } from '@/lib/ir/route';
import { IR_SCHEMA_VERSION, routingSnapshotSchema, type RoutingSnapshot } from '@/lib/ir/snapshot';

/** The snapshot minus its listeners' contents, and a listener minus its rules and virtual hosts: checked whole (they are small). */
const frameSchema = routingSnapshotSchema.extend({ listeners: z.array(z.unknown()) });
const listenerFrameSchema = irListenerSchema.extend({ rules: z.array(z.unknown()), virtualHosts: z.array(z.unknown()) });

type Issue = { path: PropertyKey[]; message: string };

/**
 * checkSnapshot (lib/ir/protocol) for the proxy's full snapshots, without a second copy of the
 * snapshot. zod's parse returns a deep copy, so checking a 10,000-route snapshot whole keeps the
 * received JSON objects and the copy alive together (and V8 keeps the process's RSS near such a
 * peak). Here each rule and virtual host is parsed on its own and its copy dropped at once
 * (young garbage), and the snapshot kept is made of the received objects.
 *
 * Same verdict and reason as checkSnapshot for every input: the same schemas in the same order
 * (the first issue zod would report first), and the version is checked against the hash of the
 * parsed (stripped) parts, recorded in `cache` for the received objects that stand for them; so
 * a field this proxy does not know still makes the version mismatch, as it did.
 */
export function checkSnapshotInPlace(input: unknown, cache: SnapshotHashCache): SnapshotCheck {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const version = typeof record.version === 'string' ? record.version : '';
  if (record.schemaVersion !== IR_SCHEMA_VERSION) {
    return { ok: false, version, reason: `unsupported schemaVersion ${JSON.stringify(record.schemaVersion)}; this proxy reads ${IR_SCHEMA_VERSION}` };
  }
  const invalid = (issue: Issue | undefined): SnapshotCheck => {
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    return { ok: false, version, reason: `invalid snapshot at ${where}: ${issue?.message ?? 'unknown error'}` };
  };
  const frame = frameSchema.safeParse(input);
  // zod reports in shape order: listeners' issues before those of certificates and version.
  const frameIssue = frame.success ? undefined : frame.error.issues[0];
  if (frameIssue !== undefined && (frameIssue.path.length === 0 || frameIssue.path[0] === 'listeners')) return invalid(frameIssue);
  const listeners: IrListener[] = [];
  for (const [i, raw] of (record.listeners as unknown[]).entries()) {
    const checked = checkListener(raw, cache);
    if ('issue' in checked) return invalid({ path: ['listeners', i, ...checked.issue.path], message: checked.issue.message });
    listeners.push(checked.listener);
  }
  if (!frame.success) return invalid(frameIssue);
  const snapshot: RoutingSnapshot = { schemaVersion: frame.data.schemaVersion, version: frame.data.version, listeners, certificates: frame.data.certificates };
  const expected = computeSnapshotVersion(snapshot, cache);
  if (expected !== snapshot.version) {
    return { ok: false, version, reason: `version ${snapshot.version} does not match the content hash ${expected}` };
  }
  return { ok: true, snapshot };
}

/** The listener to keep (its parsed header, the received rule and virtual-host objects), or the first issue. */
function checkListener(raw: unknown, cache: SnapshotHashCache): { listener: IrListener } | { issue: Issue } {
  const frame = listenerFrameSchema.safeParse(raw);
  const frameIssue = frame.success ? undefined : frame.error.issues[0];
  // Shape order: the header's fields, then rules, then virtual hosts.
  if (frameIssue !== undefined && frameIssue.path[0] !== 'virtualHosts') return { issue: frameIssue };
  const { rules, virtualHosts } = raw as { rules: unknown[]; virtualHosts: unknown[] };
  for (let j = 0; j < rules.length; j++) {
    const parsed = irRuleSchema.safeParse(rules[j]);
    if (!parsed.success) return { issue: withPrefix(['rules', j], parsed.error.issues[0]) };
    cache.set(rules[j] as IrRule, partHash(parsed.data));
  }
  if (frameIssue !== undefined) return { issue: frameIssue };
  for (let j = 0; j < virtualHosts.length; j++) {
    const parsed = irVirtualHostSchema.safeParse(virtualHosts[j]);
    if (!parsed.success) return { issue: withPrefix(['virtualHosts', j], parsed.error.issues[0]) };
    cache.set(virtualHosts[j] as IrVirtualHost, virtualHostHash(parsed.data));
  }
  const { rules: _rules, virtualHosts: _virtualHosts, ...header } = (frame as { data: IrListener }).data;
  return { listener: { ...header, rules: rules as IrRule[], virtualHosts: virtualHosts as IrVirtualHost[] } };
}

function withPrefix(prefix: PropertyKey[], issue: Issue | undefined): Issue {
  return { path: [...prefix, ...(issue?.path ?? [])], message: issue?.message ?? 'unknown error' };
}
