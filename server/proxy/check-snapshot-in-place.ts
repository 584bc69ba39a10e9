import { z } from 'zod';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { computeSnapshotVersion, partHash, type SnapshotHashCache, virtualHostHash } from '@/lib/ir/compute-snapshot-version';
import { irListenerSchema, type IrListener, type IrVirtualHost, irVirtualHostSchema } from '@/lib/ir/listener';
import { type SnapshotCheck } from '@/lib/ir/protocol';
import { type IrRule, irRuleSchema } from '@/lib/ir/route';
import { type ListenerPatch, listenerPatchSchema, snapshotDeltaSchema } from '@/lib/ir/snapshot-delta';
import { IR_SCHEMA_VERSION, routingSnapshotSchema, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { runToEnd, type Steps } from '@/lib/util/steps';

/** The snapshot minus its listeners' contents, and a listener minus its rules and virtual hosts: checked whole (they are small). */
const frameSchema = routingSnapshotSchema.extend({ listeners: z.array(z.unknown()) });
const listenerFrameSchema = irListenerSchema.extend({ rules: z.array(z.unknown()), virtualHosts: z.array(z.unknown()) });
/** A delta minus its listener patches, and a patch minus its upserted rules and virtual hosts. */
const deltaFrameSchema = snapshotDeltaSchema.extend({ upsertListeners: z.array(z.unknown()) });
const patchFrameSchema = listenerPatchSchema.extend({ upsertRules: z.array(z.unknown()), upsertVirtualHosts: z.array(z.unknown()) });
/** Delta fields before `upsertListeners` in the schema's shape (zod reports their issues first). */
const BEFORE_PATCHES: ReadonlySet<PropertyKey> = new Set(['schemaVersion', 'baseVersion', 'version']);

type Issue = { path: PropertyKey[]; message: string };

/** Rules or virtual hosts checked between pauses: about 0.2-0.5 ms of zod parsing and hashing. */
const PARTS_PER_STEP = 16;

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
  return runToEnd(checkSnapshotSteps(input, cache));
}

/** checkSnapshotInPlace as Steps (lib/util/steps.ts): it pauses between parts. */
export function* checkSnapshotSteps(input: unknown, cache: SnapshotHashCache): Steps<SnapshotCheck> {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const version = typeof record.version === 'string' ? record.version : '';
  if (record.schemaVersion !== IR_SCHEMA_VERSION) {
    return { ok: false, version, reason: `unsupported schemaVersion ${JSON.stringify(record.schemaVersion)}; this proxy reads ${IR_SCHEMA_VERSION}` };
  }
  const invalid = (issue: Issue | undefined): SnapshotCheck => rejection('snapshot', version, issue);
  const frame = frameSchema.safeParse(input);
  // zod reports in shape order: listeners' issues before those of certificates and version.
  const frameIssue = frame.success ? undefined : frame.error.issues[0];
  if (frameIssue !== undefined && (frameIssue.path.length === 0 || frameIssue.path[0] === 'listeners')) return invalid(frameIssue);
  const listeners: IrListener[] = [];
  for (const [i, raw] of (record.listeners as unknown[]).entries()) {
    const checked = yield* checkListener(raw, cache);
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

/**
 * checkSnapshotDelta (lib/ir/protocol) the same way: a delta made while 10,000 routes were being
 * created can carry thousands of rules, and a deep copy of it next to the received objects set
 * the proxy's RSS peak. Same verdict and reason as checkSnapshotDelta for every input.
 */
export function checkSnapshotDeltaInPlace(input: unknown, base: RoutingSnapshot, cache: SnapshotHashCache): SnapshotCheck {
  return runToEnd(checkSnapshotDeltaSteps(input, base, cache));
}

/** checkSnapshotDeltaInPlace as Steps (lib/util/steps.ts): it pauses between parts. */
export function* checkSnapshotDeltaSteps(input: unknown, base: RoutingSnapshot, cache: SnapshotHashCache): Steps<SnapshotCheck> {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const version = typeof record.version === 'string' ? record.version : '';
  const invalid = (issue: Issue | undefined): SnapshotCheck => rejection('snapshot delta', version, issue);
  const frame = deltaFrameSchema.safeParse(input);
  const frameIssue = frame.success ? undefined : frame.error.issues[0];
  if (frameIssue !== undefined && (frameIssue.path.length === 0 || BEFORE_PATCHES.has(frameIssue.path[0]!) || frameIssue.path[0] === 'upsertListeners')) return invalid(frameIssue);
  const patches: ListenerPatch[] = [];
  for (const [i, raw] of (record.upsertListeners as unknown[]).entries()) {
    const checked = yield* checkPatch(raw, cache);
    if ('issue' in checked) return invalid({ path: ['upsertListeners', i, ...checked.issue.path], message: checked.issue.message });
    patches.push(checked.patch);
  }
  if (!frame.success) return invalid(frameIssue);
  const applied = applySnapshotDelta(base, { ...frame.data, upsertListeners: patches }, cache);
  return applied.ok ? { ok: true, snapshot: applied.snapshot } : { ok: false, version, reason: applied.reason };
}

/** The patch to apply (its parsed fields, the received rule and virtual-host objects), or the first issue in zod's order. */
function* checkPatch(raw: unknown, cache: SnapshotHashCache): Steps<{ patch: ListenerPatch } | { issue: Issue }> {
  const frame = patchFrameSchema.safeParse(raw);
  const frameIssue = frame.success ? undefined : frame.error.issues[0];
  const at = frameIssue?.path[0];
  // Shape order: name, header, upsertRules, removeRules, upsertVirtualHosts, then the rest.
  if (frameIssue !== undefined && (at === undefined || at === 'name' || at === 'header' || at === 'upsertRules')) return { issue: frameIssue };
  const { upsertRules, upsertVirtualHosts } = raw as { upsertRules: unknown[]; upsertVirtualHosts: unknown[] };
  const rulesIssue = yield* checkParts(upsertRules, irRuleSchema, partHash, cache);
  if (rulesIssue !== undefined) return { issue: withPrefix(['upsertRules', rulesIssue.index], rulesIssue.issue) };
  if (frameIssue !== undefined && (at === 'removeRules' || at === 'upsertVirtualHosts')) return { issue: frameIssue };
  const hostsIssue = yield* checkParts(upsertVirtualHosts, irVirtualHostSchema, virtualHostHash, cache);
  if (hostsIssue !== undefined) return { issue: withPrefix(['upsertVirtualHosts', hostsIssue.index], hostsIssue.issue) };
  if (frameIssue !== undefined) return { issue: frameIssue };
  const data = (frame as { data: ListenerPatch }).data;
  return { patch: { ...data, upsertRules: upsertRules as IrRule[], upsertVirtualHosts: upsertVirtualHosts as IrVirtualHost[] } };
}

/**
 * Parses each received part on its own (the copy is dropped at once) and caches the parsed
 * part's hash for the received object; pauses every PARTS_PER_STEP parts.
 */
function* checkParts<T extends object>(parts: unknown[], schema: z.ZodType<T>, hash: (part: T) => string, cache: SnapshotHashCache): Steps<{ index: number; issue: Issue | undefined } | undefined> {
  for (let j = 0; j < parts.length; j++) {
    if (j % PARTS_PER_STEP === PARTS_PER_STEP - 1) yield;
    const parsed = schema.safeParse(parts[j]);
    if (!parsed.success) return { index: j, issue: parsed.error.issues[0] };
    cache.set(parts[j] as T, hash(parsed.data));
  }
  return undefined;
}

/** The listener to keep (its parsed header, the received rule and virtual-host objects), or the first issue. */
function* checkListener(raw: unknown, cache: SnapshotHashCache): Steps<{ listener: IrListener } | { issue: Issue }> {
  const frame = listenerFrameSchema.safeParse(raw);
  const frameIssue = frame.success ? undefined : frame.error.issues[0];
  // Shape order: the header's fields, then rules, then virtual hosts.
  if (frameIssue !== undefined && frameIssue.path[0] !== 'virtualHosts') return { issue: frameIssue };
  const { rules, virtualHosts } = raw as { rules: unknown[]; virtualHosts: unknown[] };
  const rulesIssue = yield* checkParts(rules, irRuleSchema, partHash, cache);
  if (rulesIssue !== undefined) return { issue: withPrefix(['rules', rulesIssue.index], rulesIssue.issue) };
  if (frameIssue !== undefined) return { issue: frameIssue };
  const hostsIssue = yield* checkParts(virtualHosts, irVirtualHostSchema, virtualHostHash, cache);
  if (hostsIssue !== undefined) return { issue: withPrefix(['virtualHosts', hostsIssue.index], hostsIssue.issue) };
  const { rules: _rules, virtualHosts: _virtualHosts, ...header } = (frame as { data: IrListener }).data;
  return { listener: { ...header, rules: rules as IrRule[], virtualHosts: virtualHosts as IrVirtualHost[] } };
}

/** The verdict for the first issue, worded as lib/ir/protocol words it. */
function rejection(what: 'snapshot' | 'snapshot delta', version: string, issue: Issue | undefined): SnapshotCheck {
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  return { ok: false, version, reason: `invalid ${what} at ${where}: ${issue?.message ?? 'unknown error'}` };
}

function withPrefix(prefix: PropertyKey[], issue: Issue | undefined): Issue {
  return { path: [...prefix, ...(issue?.path ?? [])], message: issue?.message ?? 'unknown error' };
}
