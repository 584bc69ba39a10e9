import { RESOURCE_TYPES } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import type { K8sClient } from './k8s-client';
import type { RuntimeContext, RuntimeSteps } from './runtime-steps';

/**
 * The `mutations[]` and `dynamic[]` assertion steps the runner can replay: `get` an object,
 * `set` one field of it (a dotted path with `[n]` indices; `$appendToCurrentValue` appends to
 * a list), write it back (`patch`: a merge patch carrying the edited top-level fields, which
 * replaces lists wholesale just like upstream's patch computed against the read object), `delete`/`create`, and the `NotEqual` assertion upstream
 * uses to check that the generation moved between the reads before and after the update.
 */

type Step = Record<string, unknown> & { seq: number };

export interface MutationState {
  current?: K8sObject;
  /** Top-level fields `set` changed since the last `get`: the merge patch sends these. */
  changed: Set<string>;
  /** Generations of every `get`, in order. */
  generations: Array<number | undefined>;
}

/** Why a mutation/assertion step cannot be replayed (with this test's runtime steps), or undefined. */
export function unsupportedMutation(step: Step, runtime: RuntimeSteps | undefined): string | undefined {
  if (JSON.stringify(step).includes('"$runtime"') && !runtime?.value) return 'mutation with a value computed at run time';
  if ('op' in step) return ['get', 'set', 'patch', 'delete'].includes(step.op as string) ? undefined : `mutation ${String(step.op)}`;
  if (step.kind === 'assertion' && (step.assert === 'NotEqual' || runtime?.assert)) return undefined;
  if (step.kind === 'weightedDistribution') return undefined;
  // Checked by the http steps that carry mirroredTo (see mirror-check.ts).
  if (step.kind === 'mirroredRequestInBackendLogs') return undefined;
  if (step.kind === 'awaitConvergence' && runtime?.converge) return undefined;
  return `dynamic step ${String(step.kind)}${step.assert ? ` ${String(step.assert)}` : ''}`;
}

function apiVersionOf(kind: string): string {
  const type = RESOURCE_TYPES.find((t) => t.kind === kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  const version = type.versions.find((v) => v.storage)?.name ?? type.versions[0]!.name;
  return type.group ? `${type.group}/${version}` : version;
}

/** Sets `path` (e.g. `spec.rules[0].backendRefs[0].name`) in `root`. */
function setField(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.').flatMap((part) => part.split(/\[(\d+)\]/).filter((k) => k !== ''));
  let node: Record<string, unknown> | unknown[] = root;
  for (const [i, key] of keys.entries()) {
    const index = /^\d+$/.test(key) ? Number(key) : key;
    const container = node as Record<string | number, unknown>;
    if (i === keys.length - 1) {
      const appended = (value as { $appendToCurrentValue?: unknown[] } | null)?.$appendToCurrentValue;
      container[index] = appended ? [...((container[index] as unknown[] | undefined) ?? []), ...appended] : value;
      return;
    }
    container[index] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {};
    node = container[index] as Record<string, unknown>;
  }
}

export async function runMutation(step: Step, state: MutationState, client: K8sClient, runtime?: { steps: RuntimeSteps; ctx: RuntimeContext }): Promise<string | undefined> {
  switch (step.op) {
    case 'get': {
      const kind = (step.object as { kind: string }).kind;
      const key = step.key as { namespace: string | null; name: string };
      const object = runtime?.steps.get?.(kind, key, runtime.ctx) ?? (await client.get(apiVersionOf(kind), kind, key.namespace ?? undefined, key.name));
      if (!object) return `${kind} ${key.name} not found`;
      state.current = object;
      state.changed.clear();
      state.generations.push(object.metadata.generation);
      return undefined;
    }
    case 'set': {
      if (!state.current) return 'set before get';
      const computed = JSON.stringify(step.value).includes('"$runtime"');
      const value = computed && runtime?.steps.value ? runtime.steps.value(step.field as string, state.current, runtime.ctx) : structuredClone(step.value);
      setField(state.current as unknown as Record<string, unknown>, step.field as string, value);
      state.changed.add((step.field as string).split(/[.[]/)[0]!);
      return undefined;
    }
    case 'patch':
      if (!state.current) return 'patch before get';
      try {
        if (state.changed.size === 0 && runtime?.steps.fill) for (const field of runtime.steps.fill(state.current, runtime.ctx)) state.changed.add(field);
        // A merge patch without resourceVersion, as upstream: status writes since the read must not conflict.
        const { apiVersion, kind, metadata } = state.current;
        const patch = Object.fromEntries([...state.changed].map((field) => [field, state.current![field]]));
        await client.mergePatch(apiVersion, kind, metadata.namespace, metadata.name ?? '', patch);
      } catch (err) {
        return `updating ${state.current.kind} ${state.current.metadata.name ?? ''}: ${(err as Error).message}`;
      }
      return undefined;
    case 'delete': {
      const ref = step.object as { kind: string; namespace?: string; name: string };
      await client.remove(apiVersionOf(ref.kind), ref.kind, ref.namespace, ref.name);
      return undefined;
    }
    default:
      return `mutation ${String(step.op)} not supported`;
  }
}

/**
 * Upstream's NotEqual: the generation of the last read differs from the read before it
 * (before/after the update). Other assertions are the test's runtime steps.
 */
export async function runAssertion(step: Step, state: MutationState, runtime?: { steps: RuntimeSteps; ctx: RuntimeContext }): Promise<string | undefined> {
  if (step.kind === 'mirroredRequestInBackendLogs') return undefined;
  if (step.kind === 'awaitConvergence') return runtime?.steps.converge ? runtime.steps.converge(step, runtime.ctx) : 'awaitConvergence not replayed';
  if (step.assert !== 'NotEqual') return runtime?.steps.assert ? runtime.steps.assert(step, state.current, runtime.ctx) : `assertion ${String(step.assert)} not replayed`;
  const first = state.generations[state.generations.length - 2];
  const last = state.generations[state.generations.length - 1];
  if (state.generations.length < 2) return `${String(step.message)}: fewer than two reads to compare`;
  return first !== last ? undefined : `${String(step.message)} (generation stayed ${String(first)})`;
}
