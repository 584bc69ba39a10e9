import type { Row } from '@/lib/validation/test-fixtures';

/** Rows for every CEL rule of the standard-channel GRPCRoute CRD. */

export const svc = { name: 'svc', port: 9000 };
const route = (spec: Record<string, unknown>) => ({ spec: { parentRefs: [{ name: 'gw' }], ...spec } });
export const rule = (r: Record<string, unknown>) => route({ rules: [r] });
const method = (m: Record<string, unknown>) => rule({ matches: [{ method: m }] });
const obj = (m: string) => `Invalid value: "object": ${m}`;
const arr = (m: string) => `Invalid value: "array": ${m}`;

export const grpcRouteRows: Row[] = [
  { name: 'minimal route', body: route({}), want: [] },
  { name: 'service and method', body: method({ service: 'grpc.health.v1.Health', method: 'Check' }), want: [] },
  { name: 'neither service nor method', body: method({ type: 'Exact' }), want: [`spec.rules[0].matches[0].method: ${obj("One or both of 'service' or 'method' must be specified")}`] },
  {
    name: 'invalid service characters',
    body: method({ service: 'foo/bar' }),
    want: [`spec.rules[0].matches[0].method: ${obj('service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)')}`],
  },
  { name: 'service is case-insensitive', body: method({ service: 'Grpc.Health.V1.Health' }), want: [] },
  { name: 'invalid method characters', body: method({ method: 'Check-Now' }), want: [`spec.rules[0].matches[0].method: ${obj('method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)')}`] },
  { name: 'regex method is not character-checked', body: method({ type: 'RegularExpression', method: 'Check.*' }), want: [] },
  // H-21 (ours): the proxy's linear-time engine must be able to run the pattern.
  { name: 'regex service with a backreference', body: method({ type: 'RegularExpression', service: '(a)\\1' }), want: ['spec.rules[0].matches[0].method.service: Invalid value: "(a)\\\\1": unsupported regular expression at offset 3: backreferences are not supported (linear-time dialect)'] },
  {
    name: '129 matches',
    body: route({ rules: [...Array(3)].map((_, i) => ({ matches: [...Array(i === 2 ? 1 : 64)].map(() => ({ method: { service: 's' } })) })) }),
    want: [`spec.rules: ${arr('While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128')}`],
  },
  { name: 'Service backend without port', body: rule({ backendRefs: [{ name: 's' }] }), want: [`spec.rules[0].backendRefs[0]: ${obj('Must have port for Service reference')}`] },
  { name: 'same parent twice', body: route({ parentRefs: [{ name: 'gw' }, { name: 'gw' }] }), want: [`spec.parentRefs: ${arr('sectionName must be unique when parentRefs includes 2 or more references to the same parent')}`] },
  { name: 'same parent, one sectionName', body: route({ parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 's' }] }), want: [`spec.parentRefs: ${arr('sectionName must be specified when parentRefs includes 2 or more references to the same parent')}`] },
  ...(['RequestHeaderModifier', 'ResponseHeaderModifier'] as const).flatMap((t): Row[] => {
    const field = t === 'RequestHeaderModifier' ? 'requestHeaderModifier' : 'responseHeaderModifier';
    const f = { type: t, [field]: { remove: ['x'] } };
    return [
      { name: `${t} repeated`, body: rule({ filters: [f, f] }), want: [`spec.rules[0].filters: ${arr(`${t} filter cannot be repeated`)}`] },
      { name: `${t} repeated in a backendRef`, body: rule({ backendRefs: [{ ...svc, filters: [f, f] }] }), want: [`spec.rules[0].backendRefs[0].filters: ${arr(`${t} filter cannot be repeated`)}`] },
    ];
  }),
  ...([
    ['RequestHeaderModifier', 'requestHeaderModifier', {}],
    ['ResponseHeaderModifier', 'responseHeaderModifier', {}],
    ['RequestMirror', 'requestMirror', { backendRef: svc }],
    ['ExtensionRef', 'extensionRef', { group: '', kind: 'K', name: 'n' }],
  ] as const).flatMap(([type, field, value]): Row[] => {
    const other = type === 'ExtensionRef' ? 'RequestMirror' : 'ExtensionRef';
    const otherValue = type === 'ExtensionRef' ? { requestMirror: { backendRef: svc } } : { extensionRef: { group: '', kind: 'K', name: 'n' } };
    return [
      { name: `${type} without ${field}`, body: rule({ filters: [{ type }] }), want: [`spec.rules[0].filters[0]: ${obj(`filter.${field} must be specified for ${type} filter.type`)}`] },
      { name: `${field} on an ${other} filter`, body: rule({ filters: [{ type: other, ...otherValue, [field]: value }] }), want: [`spec.rules[0].filters[0]: ${obj(`filter.${field} must be nil if the filter.type is not ${type}`)}`] },
      { name: `${type} in a backendRef without ${field}`, body: rule({ backendRefs: [{ ...svc, filters: [{ type }] }] }), want: [`spec.rules[0].backendRefs[0].filters[0]: ${obj(`filter.${field} must be specified for ${type} filter.type`)}`] },
    ];
  }),
  { name: 'mirror with percent and fraction', body: rule({ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: svc, percent: 1, fraction: { numerator: 1 } } }] }), want: [`spec.rules[0].filters[0].requestMirror: ${obj('Only one of percent or fraction may be specified in HTTPRequestMirrorFilter')}`] },
  { name: 'mirror fraction above one', body: rule({ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: svc, fraction: { numerator: 2, denominator: 1 } } }] }), want: [`spec.rules[0].filters[0].requestMirror.fraction: ${obj('numerator must be less than or equal to denominator')}`] },
  { name: 'HTTP-only filter type', body: rule({ filters: [{ type: 'URLRewrite' }] }), want: ['spec.rules[0].filters[0].type: Unsupported value: "URLRewrite": supported values: "ResponseHeaderModifier", "RequestHeaderModifier", "RequestMirror", "ExtensionRef"'] },
  { name: 'header match case-insensitive duplicate (H-23)', body: rule({ matches: [{ headers: [{ name: 'A', value: '1' }, { name: 'a', value: '1' }] }] }), want: ['spec.rules[0].matches[0].headers: Invalid value: "A": cannot match the same header multiple times in the same rule'] },
];
