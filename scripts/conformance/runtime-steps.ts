import type { K8sObject } from '@/lib/k8s/object';
import type { EchoBackend } from './echo-backends';

/**
 * Steps whose values upstream computes at run time (cases.json marks them `$runtime`, or gives a
 * `patch` with no `set` before it, or an assertion whose subject is in the test's Go code). Each
 * entry replays exactly what the test's `notes` describe, for that test only.
 */
export interface RuntimeContext {
  /** Every echo backend running (the base ones and the test's own). */
  backends: readonly EchoBackend[];
}

export interface RuntimeSteps {
  /** The value of a `set` marked `$runtime`, from the object just read. */
  value?(field: string, current: K8sObject): unknown;
  /** A `get` of a kind the runner replaces (Deployments): the stand-in object, or undefined. */
  get?(kind: string, key: { namespace: string | null; name: string }, ctx: RuntimeContext): K8sObject | undefined;
  /** Edits a `patch` with no `set` before it applies to the object just read; returns the top-level fields changed. */
  fill?(current: K8sObject, ctx: RuntimeContext): string[];
  /** An assertion (`Lenf`, `NotEmpty`, ...) about the object just read. */
  assert?(step: Record<string, unknown>, current: K8sObject | undefined, ctx: RuntimeContext): string | undefined;
}

const HTTP_TARGET = 3000;

function podsOf(deployment: string, ctx: RuntimeContext): EchoBackend[] {
  return ctx.backends.filter((b) => b.pod.startsWith(`${deployment}-`));
}

export const RUNTIME_STEPS: Readonly<Record<string, RuntimeSteps>> = {
  // Subtest 2 keeps only the listener named `http`; its `Lenf` checks the Gateway had two before.
  GatewayModifyListeners: {
    value: (field, current) => {
      if (field !== 'spec.listeners') throw new Error(`no runtime value for ${field}`);
      return ((current.spec as { listeners?: Array<{ name: string }> }).listeners ?? []).filter((l) => l.name === 'http');
    },
    assert: (step, current) => {
      if (step.assert !== 'Lenf') return `assertion ${String(step.assert)} not replayed`;
      const count = ((current?.spec as { listeners?: unknown[] } | undefined)?.listeners ?? []).length;
      return count === 2 ? undefined : `${String(step.message)} (it has ${count})`;
    },
  },
  // The manual EndpointSlices are filled with the infra-backend-v1 pods (ours: the local echo
  // server on 127.0.0.1, its real port for target port 3000); IPv6 slices stay empty, as they
  // would on an IPv4-only cluster.
  HTTPRouteServiceTypes: {
    get: (kind, key, ctx) => {
      if (kind !== 'Deployment') return undefined;
      const pods = podsOf(key.name, ctx);
      return { apiVersion: 'apps/v1', kind, metadata: { namespace: key.namespace ?? 'default', name: key.name }, status: { readyReplicas: pods.length } };
    },
    assert: (step, current, ctx) => {
      if (step.assert !== 'NotEmpty') return `assertion ${String(step.assert)} not replayed`;
      return current && podsOf(current.metadata.name ?? '', ctx).length > 0 ? undefined : String(step.message);
    },
    fill: (slice, ctx) => {
      if ((slice as { addressType?: string }).addressType !== 'IPv4') return [];
      const pod = podsOf('infra-backend-v1', ctx)[0];
      if (!pod) throw new Error('no infra-backend-v1 echo backend is running');
      const ports = ((slice as { ports?: Array<{ port?: number }> }).ports ?? []).map((p) => (p.port === HTTP_TARGET ? { ...p, port: pod.server.port } : p));
      Object.assign(slice, {
        ports,
        endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: pod.pod, namespace: pod.namespace } }],
      });
      return ['ports', 'endpoints'];
    },
  },
};
