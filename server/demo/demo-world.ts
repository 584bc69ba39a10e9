import type { K8sObject } from '@/lib/k8s/object';

/**
 * The demo's Gateway API world, as a client would submit it: one GatewayClass, the platform
 * team's Gateway `infra/public` (HTTP and HTTPS), the teams' Services with EndpointSlices
 * pointing at the echo backends Portico runs in-process, and routes showing a weighted split,
 * a header match, a redirect and a cross-namespace reference still waiting for its
 * ReferenceGrant. Pure: the certificate and the backends' ports come in as arguments.
 *
 * Ownership: every object carries `app.kubernetes.io/managed-by: portico-demo`. Only
 * EndpointSlices are ever rewritten after the first start (their ports change each run), and
 * only while they still carry that label; removing it (or deleting the slice) hands it to the user.
 */

export const DEMO_MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const DEMO_MANAGED_BY = 'portico-demo';
const LABELS = { [DEMO_MANAGED_BY_LABEL]: DEMO_MANAGED_BY };

const GATEWAY_API = 'gateway.networking.k8s.io/v1';
export const DEMO_GATEWAY = { namespace: 'infra', name: 'public' } as const;
export const DEMO_DOMAIN = 'demo.portico.local';
export const DEMO_HOSTS = { shop: `shop.${DEMO_DOMAIN}`, payments: `pay.${DEMO_DOMAIN}` } as const;
/** The names the HTTPS listener's certificate covers. */
export const DEMO_CERTIFICATE_NAMES = [`*.${DEMO_DOMAIN}`, DEMO_DOMAIN] as const;
export const DEMO_TLS_SECRET = { namespace: 'infra', name: 'public-tls' } as const;

/** The Service port routes reference; EndpointSlice ports carry the same name. */
const SERVICE_PORT = 80;
const PORT_NAME = 'http';

export interface DemoBackend {
  namespace: string;
  /** The Service's name; the echo backend reports it as `service`. */
  service: string;
}

export const DEMO_BACKENDS: readonly DemoBackend[] = [
  { namespace: 'team-a', service: 'shop-v1' },
  { namespace: 'team-a', service: 'shop-v2' },
  { namespace: 'team-b', service: 'payments' },
];

export const backendKey = (b: DemoBackend): string => `${b.namespace}/${b.service}`;

/** The EndpointSlice Portico keeps for a demo backend; one per Service, named after it. */
export function demoEndpointSliceName(backend: DemoBackend): string {
  return `${backend.service}-demo`;
}

/** The slice's mutable part, recomputed every start from the backend's current port. */
export function demoEndpointSliceBody(port: number): Pick<K8sObject, 'ports' | 'endpoints'> {
  return {
    ports: [{ name: PORT_NAME, port, protocol: 'TCP' }],
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
  };
}

export function buildDemoEndpointSlice(backend: DemoBackend, port: number): K8sObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: demoEndpointSliceName(backend),
      namespace: backend.namespace,
      labels: { ...LABELS, 'kubernetes.io/service-name': backend.service },
    },
    addressType: 'IPv4',
    ...demoEndpointSliceBody(port),
  };
}

function buildService(backend: DemoBackend): K8sObject {
  // No selector: like any Service without one, its endpoints are the slices written for it.
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: backend.service, namespace: backend.namespace, labels: { ...LABELS, app: backend.service } },
    spec: { type: 'ClusterIP', ports: [{ name: PORT_NAME, port: SERVICE_PORT, targetPort: PORT_NAME, protocol: 'TCP' }] },
  };
}

const parentRefs = [{ name: DEMO_GATEWAY.name, namespace: DEMO_GATEWAY.namespace }];
const prefix = (value: string) => ({ path: { type: 'PathPrefix', value } });

function buildStorefrontRoute(): K8sObject {
  return {
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name: 'storefront', namespace: 'team-a', labels: { ...LABELS } },
    spec: {
      parentRefs,
      hostnames: [DEMO_HOSTS.shop],
      rules: [
        // Canary testers opt in with a header and always reach v2.
        { matches: [{ ...prefix('/'), headers: [{ type: 'Exact', name: 'x-canary', value: 'true' }] }], backendRefs: [{ name: 'shop-v2', port: SERVICE_PORT }] },
        {
          matches: [prefix('/old-cart')],
          filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/cart' }, statusCode: 301 } }],
        },
        // Cross-namespace: refused (ResolvedRefs=False, RefNotPermitted) until team-b grants it.
        { matches: [prefix('/pay')], backendRefs: [{ name: 'payments', namespace: 'team-b', port: SERVICE_PORT }] },
        {
          matches: [prefix('/')],
          backendRefs: [
            { name: 'shop-v1', port: SERVICE_PORT, weight: 80 },
            { name: 'shop-v2', port: SERVICE_PORT, weight: 20 },
          ],
        },
      ],
    },
  };
}

function buildPaymentsRoute(): K8sObject {
  return {
    apiVersion: GATEWAY_API,
    kind: 'HTTPRoute',
    metadata: { name: 'payments', namespace: 'team-b', labels: { ...LABELS } },
    spec: { parentRefs, hostnames: [DEMO_HOSTS.payments], rules: [{ backendRefs: [{ name: 'payments', port: SERVICE_PORT }] }] },
  };
}

/** base64 without node:buffer, so this module stays pure. */
function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

export interface DemoWorldInput {
  certificate: { certPem: string; keyPem: string };
  /** The echo backends' current ports, by `backendKey`. */
  ports: ReadonlyMap<string, number>;
}

/** Every demo object in creation order (namespaces come from seedDemo before these). */
export function buildDemoWorld(input: DemoWorldInput): K8sObject[] {
  const slices = DEMO_BACKENDS.map((backend) => {
    const port = input.ports.get(backendKey(backend));
    if (port === undefined) throw new Error(`no port for demo backend ${backendKey(backend)}`);
    return buildDemoEndpointSlice(backend, port);
  });
  return [
    {
      apiVersion: GATEWAY_API,
      kind: 'GatewayClass',
      metadata: { name: 'portico', labels: { ...LABELS } },
      spec: { controllerName: 'portico.dev/gateway-controller', description: 'Portico: the bundled proxy, configured by this control plane' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: DEMO_TLS_SECRET.name, namespace: DEMO_TLS_SECRET.namespace, labels: { ...LABELS } },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': base64(input.certificate.certPem), 'tls.key': base64(input.certificate.keyPem) },
    },
    {
      apiVersion: GATEWAY_API,
      kind: 'Gateway',
      metadata: { name: DEMO_GATEWAY.name, namespace: DEMO_GATEWAY.namespace, labels: { ...LABELS } },
      spec: {
        gatewayClassName: 'portico',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostname: `*.${DEMO_DOMAIN}`,
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: DEMO_TLS_SECRET.name }] },
            allowedRoutes: { namespaces: { from: 'All' } },
          },
        ],
      },
    },
    ...DEMO_BACKENDS.map(buildService),
    ...slices,
    buildStorefrontRoute(),
    buildPaymentsRoute(),
  ];
}
