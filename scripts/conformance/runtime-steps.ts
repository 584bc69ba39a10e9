import { WebSocket } from 'undici';
import type { K8sObject } from '@/lib/k8s/object';
import type { EchoBackend } from './echo-backends';
import type { ExchangeResult } from './http-exchange';
import type { HttpExpectation } from './http-expectation';
import type { K8sClient } from './k8s-client';
import type { ManifestRewrite } from './manifests';

/**
 * Steps whose values upstream computes at run time (cases.json marks them `$runtime`, gives a
 * `patch` with no `set` before it, an assertion whose subject lives in the test's Go code, or a
 * custom request loop). Each entry replays exactly what that test's `notes` describe, for that
 * test only; a test without an entry here is skipped when it needs one.
 */
export interface RuntimeContext {
  /** Every echo backend running (the base ones and the test's own). */
  backends: readonly EchoBackend[];
  client: K8sClient;
  rewrite: ManifestRewrite;
  /** Where a Gateway listener port is really served: the Gateway's status address and the offset port. */
  listenerEndpoint(gateway: { namespace: string; name: string }, port: number): Promise<{ address: string; port: number }>;
}

type Step = Record<string, unknown>;

export interface RuntimeSteps {
  /** The value of a `set` marked `$runtime`, from the object just read. */
  value?(field: string, current: K8sObject, ctx: RuntimeContext): unknown;
  /** A `get` of a kind the runner replaces (Deployments): the stand-in object, or undefined. */
  get?(kind: string, key: { namespace: string | null; name: string }, ctx: RuntimeContext): K8sObject | undefined;
  /** Edits a `patch` with no `set` before it applies to the object just read; returns the top-level fields changed. */
  fill?(current: K8sObject, ctx: RuntimeContext): string[];
  /** An assertion (`Lenf`, `NotEmpty`, `Eventually`, ...) about the object just read. */
  assert?(step: Step, current: K8sObject | undefined, ctx: RuntimeContext): Promise<string | undefined> | string | undefined;
  /** An `awaitConvergence` step: the test's own request loop. */
  converge?(step: Step, ctx: RuntimeContext): Promise<string | undefined>;
  /** `probe` http steps, run after the test's other steps: `send` makes the probe's request once. */
  probe?(exp: HttpExpectation, send: () => Promise<ExchangeResult>): Promise<string | undefined>;
}

const HTTP_TARGET = 3000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function podsOf(deployment: string, ctx: RuntimeContext): EchoBackend[] {
  return ctx.backends.filter((b) => b.pod.startsWith(`${deployment}-`));
}

function addressesOf(object: K8sObject | undefined, where: 'spec' | 'status'): Array<{ type?: string; value?: string }> {
  return ((object?.[where] as { addresses?: Array<{ type?: string; value?: string }> } | undefined)?.addresses ?? []).slice();
}

/** Sends one text and one binary frame over a WebSocket and expects both back unchanged. */
async function websocketRoundTrip(url: string): Promise<string | undefined> {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const received: Array<string | ArrayBuffer> = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), 5_000);
      ws.addEventListener('open', () => {
        ws.send('portico conformance text');
        ws.send(new Uint8Array([0, 1, 2, 250, 255]));
      });
      ws.addEventListener('message', (event) => {
        received.push(event.data as string | ArrayBuffer);
        if (received.length === 2) {
          clearTimeout(timer);
          resolve();
        }
      });
      ws.addEventListener('error', () => reject(new Error('connection failed')));
      ws.addEventListener('close', () => reject(new Error('closed before both frames came back')));
    });
  } catch (err) {
    return (err as Error).message;
  } finally {
    ws.close();
  }
  if (received[0] !== 'portico conformance text') return `text frame came back as ${JSON.stringify(received[0])}`;
  const bytes = received[1] instanceof ArrayBuffer ? [...new Uint8Array(received[1])] : [];
  return bytes.join(',') === '0,1,2,250,255' ? undefined : `binary frame came back as [${bytes.join(',')}]`;
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

  // Each `set spec.addresses` removes one entry: the invalid-type one first, then the unusable
  // one; in the end the Gateway must report exactly the usable address.
  GatewayStaticAddresses: {
    value: (field, current, ctx) => {
      if (field !== 'spec.addresses') throw new Error(`no runtime value for ${field}`);
      const addresses = addressesOf(current, 'spec');
      const invalid = addresses.findIndex((a) => a.type === 'test/fake-invalid-type');
      if (invalid !== -1) return addresses.filter((_, i) => i !== invalid);
      return addresses.filter((a) => a.value !== ctx.rewrite.unusableAddress);
    },
    assert: async (step, current, ctx) => {
      const message = String(step.message);
      const reported = addressesOf(current, 'status');
      switch (step.assert) {
        case 'Len':
          return addressesOf(current, 'spec').length === 3 ? undefined : message.replace('%d', String(addressesOf(current, 'spec').length));
        case 'Eventually': {
          const deadline = Date.now() + 30_000;
          while (Date.now() < deadline) {
            const gateway = await ctx.client.get('gateway.networking.k8s.io/v1', 'Gateway', current?.metadata.namespace, current?.metadata.name ?? '');
            if (addressesOf(gateway, 'status').length === 1) return undefined;
            await sleep(200);
          }
          return message;
        }
        case 'NotContains':
          if (message.includes('unusable')) return reported.some((a) => a.value === ctx.rewrite.unusableAddress) ? message : undefined;
          return reported.some((a) => a.type === 'test/fake-invalid-type') ? message : undefined;
        case 'Contains':
          return reported.some((a) => a.value === ctx.rewrite.usableAddress) ? undefined : `${message}: status.addresses ${JSON.stringify(reported)}`;
        case 'Equal':
          return reported[0]?.type === 'IPAddress' ? undefined : `${message}: got ${String(reported[0]?.type)}`;
        default:
          return `assertion ${String(step.assert)} not replayed`;
      }
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

  // After the route is consistent, 100 more requests: each echoed request carries exactly one
  // `Backend` header, a prefix of the pod that served it (the per-backendRef filter of that backend).
  HTTPRouteRequestHeaderModifierBackendWeights: {
    probe: async (_exp, send) => {
      for (let i = 0; i < 100; i++) {
        const res = await send();
        if (res.status !== 200) return `request ${i}: status ${res.status}`;
        const echo = JSON.parse(res.body) as { pod?: string; headers?: Record<string, string[]> };
        const values = Object.entries(echo.headers ?? {}).filter(([k]) => k.toLowerCase() === 'backend').flatMap(([, v]) => v);
        if (values.length !== 1 || !(echo.pod ?? '').startsWith(values[0]!)) return `request ${i}: Backend header ${JSON.stringify(values)} for pod ${String(echo.pod)}`;
      }
      return undefined;
    },
  },

  // A WebSocket to /ws on the first listener of same-namespace: a text and a binary frame come
  // back unchanged, three times in a row within 30 s.
  HTTPRouteBackendProtocolWebSocket: {
    converge: async (_step, ctx) => {
      const { address, port } = await ctx.listenerEndpoint({ namespace: 'gateway-conformance-infra', name: 'same-namespace' }, 80);
      const deadline = Date.now() + 30_000;
      let streak = 0;
      let why: string | undefined = 'not tried';
      while (Date.now() < deadline) {
        why = await websocketRoundTrip(`ws://${address}:${port}/ws`);
        if (why === undefined && ++streak >= 3) return undefined;
        if (why !== undefined) {
          streak = 0;
          await sleep(500);
        }
      }
      return `websocket to /ws: ${why ?? 'not consistent'}`;
    },
  },
};
