import { crdPattern } from '@/lib/validation/pattern-text';

/**
 * The named patterns of the Gateway API CRDs (API-AND-VALIDATION.md, "Named patterns"), built
 * from the CRD text exactly so messages quote it verbatim. Two are looser than they look
 * (P-ADDRESS-TYPE anchors only its first alternative, P-PROTOCOL's second alternative has no
 * `^`): Kubernetes evaluates them that way, so do we. P-HEADER-VALUE is deliberately absent:
 * see lib/validation/header-value.ts.
 */
const DNS_SUBDOMAIN = String.raw`[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`;

export const P_HOSTNAME = crdPattern(String.raw`^(\*\.)?${DNS_SUBDOMAIN}$`);
export const P_PRECISE_HOST = crdPattern(`^${DNS_SUBDOMAIN}$`);
export const P_GROUP = crdPattern(`^$|^${DNS_SUBDOMAIN}$`);
export const P_KIND = crdPattern('^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$');
export const P_NAMESPACE = crdPattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
export const P_SECTION_NAME = crdPattern(`^${DNS_SUBDOMAIN}$`);
export const P_CONTROLLER = crdPattern(String.raw`^${DNS_SUBDOMAIN}\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$`);
export const P_HEADER_NAME = crdPattern(String.raw`^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`);
export const P_DURATION = crdPattern('^([0-9]{1,5}(h|m|s|ms)){1,4}$');
export const P_PATH_CHARS = crdPattern(String.raw`^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$`);
export const P_PROTOCOL = crdPattern(String.raw`^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|${DNS_SUBDOMAIN}\/[A-Za-z0-9]+$`);
export const P_QUALIFIED_KEY = crdPattern(`^(${DNS_SUBDOMAIN}/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$`);
export const P_LABEL_VALUE = crdPattern('^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$');
export const P_ADDRESS_TYPE = crdPattern(String.raw`^Hostname|IPAddress|NamedAddress|${DNS_SUBDOMAIN}\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$`);
export const P_ABSOLUTE_URI = crdPattern(String.raw`^(([^:/?#]+):)(//([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?`);
/** Condition `reason` and `type` (metav1.Condition). */
export const P_CONDITION_REASON = crdPattern('^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$');
export const P_CONDITION_TYPE = crdPattern(`^(${DNS_SUBDOMAIN}/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$`);
/** CORS allowOrigins entries. */
export const P_CORS_ORIGIN = crdPattern(String.raw`(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)`);
/** BackendTLSPolicy wellKnownCACertificates. */
export const P_WELL_KNOWN_CA = crdPattern(`^(System|(${DNS_SUBDOMAIN}/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$`);
/** GRPCRoute method match (CEL `matches`; `(?i)` becomes the `i` flag). */
export const P_GRPC_SERVICE = crdPattern(String.raw`^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$`, 'i');
export const P_GRPC_METHOD = crdPattern('^[A-Za-z_][A-Za-z_0-9]*$');
