import { z } from 'zod';

/**
 * Wire contracts of the request simulator ("which route serves this request?"):
 *
 * - `POST /api/match-preview`: the listener, route, rule, filters and backends that win for a
 *   request on a Gateway, and for every other candidate why it lost, computed by the same
 *   lib/routing code the proxy runs over the controller's current routing snapshot.
 * - `POST /api/test-request`: the same request sent for real through the proxy to the address
 *   it bound for that Gateway's listener; answers the response (body truncated).
 *
 * Both need `get` on the Gateway. Routes the caller may not `get` appear without their name
 * and without match details ("a route in namespace X").
 */

export const MATCH_PREVIEW_PATH = '/api/match-preview';
export const TEST_REQUEST_PATH = '/api/test-request';

const objectName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase RFC 1123 name').max(253);

export const simulatedHeaderSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^`|~-]+$/, 'must be a valid HTTP header name'),
  value: z.string().max(8192).refine((v) => !/[\r\n\0]/.test(v), 'must not contain line breaks'),
});
export type SimulatedHeader = z.infer<typeof simulatedHeaderSchema>;

export const simulatedRequestSchema = z.object({
  gateway: z.object({ namespace: objectName, name: objectName }),
  /** The Gateway listener port; absent: the first listener whose protocol fits `scheme`. */
  listenerPort: z.number().int().min(1).max(65535).optional(),
  scheme: z.enum(['http', 'https']).default('http'),
  method: z.string().regex(/^[A-Za-z]+$/, 'must be an HTTP method').max(20).default('GET'),
  host: z.string().min(1, 'enter the Host the request is for').max(253),
  /** The request path, starting with `/`; a `?query` here is merged into `query`. */
  path: z.string().max(4096).default('/'),
  headers: z.array(simulatedHeaderSchema).max(50).default([]),
  /** The raw query string, with or without the leading `?`. */
  query: z.string().max(4096).default(''),
});
export type SimulatedRequest = z.infer<typeof simulatedRequestSchema>;
export type SimulatedRequestInput = z.input<typeof simulatedRequestSchema>;

export const testRequestSchema = simulatedRequestSchema.extend({
  body: z.string().max(64 * 1024).optional(),
});
export type TestRequest = z.infer<typeof testRequestSchema>;
export type TestRequestInput = z.input<typeof testRequestSchema>;

/** A route as the caller may see it: the name only when the caller may `get` the route. */
export const visibleRouteSchema = z.object({
  kind: z.enum(['HTTPRoute', 'GRPCRoute']),
  namespace: z.string(),
  name: z.string().optional(),
});
export type VisibleRoute = z.infer<typeof visibleRouteSchema>;

export const MATCH_CONDITIONS = ['path', 'method', 'headers', 'queryParams', 'grpcMethod', 'notGrpc'] as const;

export const previewBackendSchema = z.object({
  /** `namespace/name:port`, or the reason for an invalid backend. */
  label: z.string(),
  valid: z.boolean(),
  weight: z.number(),
  /** Share of requests in percent (0-100), from the weights. */
  sharePercent: z.number(),
  endpoints: z.number().int(),
  /** Why the backend cannot serve (RefNotPermitted...), when invalid. */
  reason: z.string().optional(),
});
export type PreviewBackend = z.infer<typeof previewBackendSchema>;

export const previewWinnerSchema = z.object({
  route: visibleRouteSchema,
  ruleIndex: z.number().int(),
  ruleName: z.string().optional(),
  matchIndex: z.number().int(),
  /** The match that held, in plain words (absent for unreadable routes). */
  match: z.string().optional(),
  /** Filters in order, one line each (absent for unreadable routes). */
  filters: z.array(z.string()),
  backends: z.array(previewBackendSchema),
});
export type PreviewWinner = z.infer<typeof previewWinnerSchema>;

export const previewCandidateSchema = z.object({
  route: visibleRouteSchema,
  ruleIndex: z.number().int(),
  matchIndex: z.number().int(),
  selected: z.boolean(),
  failed: z.array(z.enum(MATCH_CONDITIONS)),
  /** Why it lost (or won), in plain words, one line each. */
  reasons: z.array(z.string()),
});
export type PreviewCandidate = z.infer<typeof previewCandidateSchema>;

export const previewListenerSchema = z.object({
  /** `<namespace>/<gateway>/<listener>` */
  name: z.string(),
  listenerName: z.string(),
  port: z.number().int(),
  protocol: z.string(),
  hostname: z.string().optional(),
});
export type PreviewListener = z.infer<typeof previewListenerSchema>;

/** What the proxy will answer, predicted. */
export const predictedAnswerSchema = z.object({
  /** e.g. `forward`, `redirect`, `error`. */
  kind: z.enum(['forward', 'redirect', 'error']),
  /** Predicted status when the proxy answers itself (redirects, misses, invalid backends). */
  status: z.number().int().optional(),
  /** Redirect target. */
  location: z.string().optional(),
  summary: z.string(),
});
export type PredictedAnswer = z.infer<typeof predictedAnswerSchema>;

export const matchPreviewResponseSchema = z.object({
  snapshotVersion: z.string(),
  listenerPort: z.number().int(),
  /** The path after the proxy's normalisation (what matchers see). */
  normalizedPath: z.string(),
  /** Every listener of the Gateway (to choose another port in the UI). */
  listeners: z.array(previewListenerSchema),
  listener: previewListenerSchema.optional(),
  virtualHost: z.string().optional(),
  /** Why no route serves it, when none does. */
  miss: z.object({ reason: z.string(), message: z.string() }).optional(),
  winner: previewWinnerSchema.optional(),
  answer: predictedAnswerSchema,
  candidates: z.array(previewCandidateSchema),
});
export type MatchPreviewResponse = z.infer<typeof matchPreviewResponseSchema>;

export const testRequestResponseSchema = z.object({
  /** Where the request was sent: the address the proxy bound, e.g. `127.0.0.1:8080`. */
  address: z.string(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  /** The body as text, at most `TEST_REQUEST_BODY_LIMIT` bytes. */
  body: z.string(),
  truncated: z.boolean(),
  durationMs: z.number(),
});
export type TestRequestResponse = z.infer<typeof testRequestResponseSchema>;

export const TEST_REQUEST_BODY_LIMIT = 64 * 1024;

/** `{error: {code, message}}`: every /api error. */
export const apiErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `Route team-a/shop` or `a route in namespace team-b`. */
export function describeVisibleRoute(route: VisibleRoute): string {
  return route.name === undefined ? `a ${route.kind} in namespace ${route.namespace}` : `${route.kind} ${route.namespace}/${route.name}`;
}
