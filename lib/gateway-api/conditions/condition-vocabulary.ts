/**
 * Condition types and reasons of Gateway API v1.6 (apis/v1 *_types.go), plus the few reasons
 * Portico adds where upstream names none. Each of ours carries a comment saying why.
 */
export const ConditionType = {
  Accepted: 'Accepted',
  Programmed: 'Programmed',
  ResolvedRefs: 'ResolvedRefs',
  Conflicted: 'Conflicted',
  SupportedVersion: 'SupportedVersion',
  PartiallyInvalid: 'PartiallyInvalid',
  OverlappingTLSConfig: 'OverlappingTLSConfig',
  InsecureFrontendValidationMode: 'InsecureFrontendValidationMode',
} as const;
export type ConditionTypeName = (typeof ConditionType)[keyof typeof ConditionType];

export const ConditionReason = {
  // shared
  Accepted: 'Accepted',
  Programmed: 'Programmed',
  ResolvedRefs: 'ResolvedRefs',
  Pending: 'Pending',
  Invalid: 'Invalid',
  RefNotPermitted: 'RefNotPermitted',
  UnsupportedValue: 'UnsupportedValue',
  // GatewayClass
  InvalidParameters: 'InvalidParameters',
  Unsupported: 'Unsupported',
  SupportedVersion: 'SupportedVersion',
  UnsupportedVersion: 'UnsupportedVersion',
  // Gateway
  ListenersNotValid: 'ListenersNotValid',
  ListenersNotResolved: 'ListenersNotResolved',
  UnsupportedAddress: 'UnsupportedAddress',
  AddressNotAssigned: 'AddressNotAssigned',
  AddressNotUsable: 'AddressNotUsable',
  NoResources: 'NoResources',
  InvalidClientCertificateRef: 'InvalidClientCertificateRef',
  // listener
  PortUnavailable: 'PortUnavailable',
  UnsupportedProtocol: 'UnsupportedProtocol',
  HostnameConflict: 'HostnameConflict',
  ProtocolConflict: 'ProtocolConflict',
  NoConflicts: 'NoConflicts',
  InvalidCertificateRef: 'InvalidCertificateRef',
  InvalidRouteKinds: 'InvalidRouteKinds',
  OverlappingHostnames: 'OverlappingHostnames',
  /**
   * Ours, from the implementers' guide: an HTTPS listener without a `tls` block passes the
   * v1.6 CRD but cannot serve (SEMANTICS §2.5, §12 #7). Upstream has no Go constant for it.
   */
  InvalidTLSConfig: 'InvalidTLSConfig',
  // route
  NotAllowedByListeners: 'NotAllowedByListeners',
  NoMatchingListenerHostname: 'NoMatchingListenerHostname',
  NoMatchingParent: 'NoMatchingParent',
  IncompatibleFilters: 'IncompatibleFilters',
  InvalidKind: 'InvalidKind',
  BackendNotFound: 'BackendNotFound',
} as const;
export type ConditionReasonName = (typeof ConditionReason)[keyof typeof ConditionReason];

/**
 * Ours (issue 3 item 6): diagnostics beyond the Gateway API vocabulary, written on a route's
 * parent entry so `kubectl describe` shows them; upstream defines nothing like them, hence the
 * `portico.dev/` domain. Present (status True) only while the finding holds, removed otherwise.
 * Builders: diagnostic-conditions.ts.
 */
export const DiagnosticConditionType = {
  /** Some rule (or match) of the route is accepted but can never serve a request. */
  RulesShadowed: 'portico.dev/RulesShadowed',
  /** A route of another namespace serves the same hostname on the same listener. */
  HostnameConflict: 'portico.dev/HostnameConflict',
} as const;

export const DiagnosticConditionReason = {
  /** Every request the rule matches is taken first by a higher-precedence rule (SEMANTICS 4.6). */
  ShadowedByHigherPrecedence: 'ShadowedByHigherPrecedence',
  /** The hostname is shared across namespaces on one listener (SEMANTICS 3.7, "hostname hijack"). */
  SharedHostname: 'SharedHostname',
} as const;

/**
 * Every condition type Portico writes. On objects we reconcile these are ours to replace or
 * remove; any other type (`vendor.io/Foo`) belongs to someone else and is left untouched.
 */
export const PORTICO_CONDITION_TYPES: ReadonlySet<string> = new Set<string>([...Object.values(ConditionType), ...Object.values(DiagnosticConditionType)]);
