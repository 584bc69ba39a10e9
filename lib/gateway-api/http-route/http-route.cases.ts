import type { Row } from '@/lib/validation/test-fixtures';

/** Rows for every CEL rule of the standard-channel HTTPRoute CRD (and our recommended rules). */

const svc = { name: 'svc', port: 8080 };
const route = (spec: Record<string, unknown>) => ({ spec: { parentRefs: [{ name: 'gw' }], ...spec } });
const rule = (r: Record<string, unknown>) => route({ rules: [r] });
const filter = (f: Record<string, unknown>) => rule({ filters: [f] });
const obj = (m: string) => `Invalid value: "object": ${m}`;
const arr = (m: string) => `Invalid value: "array": ${m}`;
const PATH_TYPES = "['Exact', 'PathPrefix']";
const pathRule = (value: string, type = 'PathPrefix') => rule({ matches: [{ path: { type, value } }] });
const pathMsg = (m: string) => `spec.rules[0].matches[0].path: ${obj(`${m} when type one of ${PATH_TYPES}`)}`;
const redirectPrefix = { type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/x' } } };
const rewritePrefix = { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/x' } } };
const twoMatches = [{ path: { value: '/a' } }, { path: { value: '/b' } }];

export const httpRouteRows: Row[] = [
  { name: 'minimal route', body: route({}), want: [] },
  { name: 'full valid route', body: rule({ matches: [{ path: { type: 'Exact', value: '/a' }, headers: [{ name: 'x-a', value: 'b c' }], queryParams: [{ name: 'q', value: '1' }], method: 'GET' }], backendRefs: [svc], timeouts: { request: '10s', backendRequest: '2s' } }), want: [] },
  // V-16 / V-17 parentRefs
  { name: 'same parent twice without sectionName', body: route({ parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'a' }] }), want: [`spec.parentRefs: ${arr('sectionName must be specified when parentRefs includes 2 or more references to the same parent')}`] },
  { name: 'same parent, same sectionName', body: route({ parentRefs: [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'a' }] }), want: [`spec.parentRefs: ${arr('sectionName must be unique when parentRefs includes 2 or more references to the same parent')}`] },
  { name: 'same parent, distinct sections', body: route({ parentRefs: [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'b' }] }), want: [] },
  { name: 'same name in different namespaces', body: route({ parentRefs: [{ name: 'gw', namespace: 'a' }, { name: 'gw', namespace: 'b' }] }), want: [] },
  // H-04 total matches
  { name: '128 matches pass', body: route({ rules: [...Array(2)].map(() => ({ matches: [...Array(64)].map(() => ({ path: { value: '/' } })) })) }), want: [] },
  {
    name: '129 matches fail',
    body: route({ rules: [...Array(3)].map((_, i) => ({ matches: [...Array(i === 2 ? 1 : 64)].map(() => ({ path: { value: '/' } })) })) }),
    want: [`spec.rules: ${arr('While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128')}`],
  },
  // H-05..H-08 rule rules
  { name: 'redirect with backendRefs', body: rule({ filters: [{ type: 'RequestRedirect', requestRedirect: {} }], backendRefs: [svc] }), want: [`spec.rules[0]: ${obj('RequestRedirect filter must not be used together with backendRefs')}`] },
  { name: 'redirect prefix with two matches', body: rule({ matches: twoMatches, filters: [redirectPrefix] }), want: [`spec.rules[0]: ${obj('When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified')}`] },
  { name: 'rewrite prefix with an Exact match', body: rule({ matches: [{ path: { type: 'Exact', value: '/a' } }], filters: [rewritePrefix] }), want: [`spec.rules[0]: ${obj('When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified')}`] },
  { name: 'rewrite prefix with the default match', body: rule({ filters: [rewritePrefix] }), want: [] },
  { name: 'backendRef redirect prefix with two matches', body: rule({ matches: twoMatches, backendRefs: [{ ...svc, filters: [redirectPrefix] }] }), want: [`spec.rules[0]: ${obj('Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified')}`] },
  { name: 'backendRef rewrite prefix with two matches', body: rule({ matches: twoMatches, backendRefs: [{ ...svc, filters: [rewritePrefix] }] }), want: [`spec.rules[0]: ${obj('Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified')}`] },
  // V-22
  { name: 'Service backend without port', body: rule({ backendRefs: [{ name: 'svc' }] }), want: [`spec.rules[0].backendRefs[0]: ${obj('Must have port for Service reference')}`] },
  { name: 'non-Service backend without port', body: rule({ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b' }] }), want: [] },
  // H-09, H-10 filter lists (rule and backendRef level)
  { name: 'redirect and rewrite together', body: rule({ filters: [{ type: 'RequestRedirect', requestRedirect: {} }, { type: 'URLRewrite', urlRewrite: {} }] }), want: [`spec.rules[0].filters: ${arr('May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both')}`] },
  ...(['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'] as const).map((t): Row => {
    const member = { CORS: ['cors', {}], RequestHeaderModifier: ['requestHeaderModifier', { remove: ['a'] }], ResponseHeaderModifier: ['responseHeaderModifier', { remove: ['a'] }], RequestRedirect: ['requestRedirect', {}], URLRewrite: ['urlRewrite', {}] }[t];
    const f = { type: t, [member[0] as string]: member[1] };
    return { name: `${t} repeated`, body: rule({ filters: [f, f] }), want: [`spec.rules[0].filters: ${arr(`${t} filter cannot be repeated`)}`] };
  }),
  { name: 'RequestMirror and ExtensionRef may repeat', body: rule({ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: svc } }, { type: 'RequestMirror', requestMirror: { backendRef: { name: 'b', port: 1 } } }, { type: 'ExtensionRef', extensionRef: { group: 'x.io', kind: 'K', name: 'a' } }, { type: 'ExtensionRef', extensionRef: { group: 'x.io', kind: 'K', name: 'b' } }] }), want: [] },
  { name: 'backendRef filter repeated', body: rule({ backendRefs: [{ ...svc, filters: [{ type: 'URLRewrite', urlRewrite: {} }, { type: 'URLRewrite', urlRewrite: {} }] }] }), want: [`spec.rules[0].backendRefs[0].filters: ${arr('URLRewrite filter cannot be repeated')}`] },
  { name: 'backendRef redirect and rewrite', body: rule({ backendRefs: [{ ...svc, filters: [{ type: 'RequestRedirect', requestRedirect: {} }, { type: 'URLRewrite', urlRewrite: {} }] }] }), want: [`spec.rules[0].backendRefs[0].filters: ${arr('May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both')}`] },
  // H-28 filter union: both directions for every member
  ...([
    ['CORS', 'cors', {}],
    ['RequestHeaderModifier', 'requestHeaderModifier', {}],
    ['ResponseHeaderModifier', 'responseHeaderModifier', {}],
    ['RequestMirror', 'requestMirror', { backendRef: svc }],
    ['RequestRedirect', 'requestRedirect', {}],
    ['URLRewrite', 'urlRewrite', {}],
    ['ExtensionRef', 'extensionRef', { group: '', kind: 'K', name: 'n' }],
  ] as const).flatMap(([type, field, value]): Row[] => {
    const other = type === 'CORS' ? 'URLRewrite' : 'CORS';
    const otherField = type === 'CORS' ? 'urlRewrite' : 'cors';
    return [
      { name: `${type} without ${field}`, body: filter({ type }), want: [`spec.rules[0].filters[0]: ${obj(`filter.${field} must be specified for ${type} filter.type`)}`] },
      { name: `${field} on a ${other} filter`, body: filter({ type: other, [otherField]: {}, [field]: value }), want: [`spec.rules[0].filters[0]: ${obj(`filter.${field} must be nil if the filter.type is not ${type}`)}`] },
      { name: `${type} in a backendRef without ${field}`, body: rule({ backendRefs: [{ ...svc, filters: [{ type }] }] }), want: [`spec.rules[0].backendRefs[0].filters[0]: ${obj(`filter.${field} must be specified for ${type} filter.type`)}`] },
    ];
  }),
  // H-34, V-19
  { name: 'mirror with percent and fraction', body: filter({ type: 'RequestMirror', requestMirror: { backendRef: svc, percent: 5, fraction: { numerator: 1 } } }), want: [`spec.rules[0].filters[0].requestMirror: ${obj('Only one of percent or fraction may be specified in HTTPRequestMirrorFilter')}`] },
  { name: 'mirror fraction above one', body: filter({ type: 'RequestMirror', requestMirror: { backendRef: svc, fraction: { numerator: 101 } } }), want: [`spec.rules[0].filters[0].requestMirror.fraction: ${obj('numerator must be less than or equal to denominator')}`] },
  { name: 'mirror Service without port', body: filter({ type: 'RequestMirror', requestMirror: { backendRef: { name: 's' } } }), want: [`spec.rules[0].filters[0].requestMirror.backendRef: ${obj('Must have port for Service reference')}`] },
  // H-31 path modifier, for redirect and rewrite
  ...(['requestRedirect', 'urlRewrite'] as const).flatMap((member): Row[] => {
    const type = member === 'requestRedirect' ? 'RequestRedirect' : 'URLRewrite';
    const at = `spec.rules[0].filters[0].${member}.path`;
    const f = (path: Record<string, unknown>) => filter({ type, [member]: { path } });
    return [
      { name: `${member}: ReplaceFullPath without value`, body: f({ type: 'ReplaceFullPath' }), want: [`${at}: ${obj("replaceFullPath must be specified when type is set to 'ReplaceFullPath'")}`] },
      { name: `${member}: replaceFullPath with the prefix type`, body: f({ type: 'ReplacePrefixMatch', replacePrefixMatch: '/', replaceFullPath: '/a' }), want: [`${at}: ${obj("type must be 'ReplaceFullPath' when replaceFullPath is set")}`] },
      { name: `${member}: ReplacePrefixMatch without value`, body: f({ type: 'ReplacePrefixMatch' }), want: [`${at}: ${obj("replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'")}`] },
      { name: `${member}: replacePrefixMatch with the full type`, body: f({ type: 'ReplaceFullPath', replaceFullPath: '/a', replacePrefixMatch: '/b' }), want: [`${at}: ${obj("type must be 'ReplacePrefixMatch' when replacePrefixMatch is set")}`] },
      { name: `${member}: CRLF in a replacement (recommended H-31)`, body: f({ type: 'ReplaceFullPath', replaceFullPath: '/a\r\nx: y' }), want: [`${at}.replaceFullPath: Invalid value: "/a\\r\\nx: y": must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$)`] },
    ];
  }),
  // H-35..H-37 CORS
  { name: 'CORS * with other origins', body: filter({ type: 'CORS', cors: { allowOrigins: ['*', 'https://a.example'] } }), want: [`spec.rules[0].filters[0].cors.allowOrigins: ${arr("AllowOrigins cannot contain '*' alongside other origins")}`] },
  { name: 'CORS * with other methods', body: filter({ type: 'CORS', cors: { allowMethods: ['*', 'GET'] } }), want: [`spec.rules[0].filters[0].cors.allowMethods: ${arr("AllowMethods cannot contain '*' alongside other methods")}`] },
  { name: 'CORS * with other headers', body: filter({ type: 'CORS', cors: { allowHeaders: ['*', 'x-a'] } }), want: [`spec.rules[0].filters[0].cors.allowHeaders: ${arr("AllowHeaders cannot contain '*' alongside other methods")}`] },
  // H-15..H-20 path match: all ten rules
  { name: 'relative path', body: pathRule('a'), want: [pathMsg("value must be an absolute path and start with '/'")] },
  ...['//', '/./', '/../', '%2f', '%2F', '#'].map((bad): Row => ({ name: `path containing ${bad}`, body: pathRule(`/a${bad}b`), want: [pathMsg(`must not contain '${bad}'`)] })),
  { name: "path ending '/..'", body: pathRule('/a/..', 'Exact'), want: [pathMsg("must not end with '/..'")] },
  { name: "path ending '/.'", body: pathRule('/a/.'), want: [pathMsg("must not end with '/.'")] },
  { name: 'path with a space', body: pathRule('/a b'), want: [`spec.rules[0].matches[0].path: ${obj(`must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ${PATH_TYPES}`)}`] },
  {
    name: 'unknown path type',
    body: pathRule('/a', 'Prefix'),
    want: [
      'spec.rules[0].matches[0].path.type: Unsupported value: "Prefix": supported values: "Exact", "PathPrefix", "RegularExpression"',
      `spec.rules[0].matches[0].path: ${obj("type must be one of ['Exact', 'PathPrefix', 'RegularExpression']")}`,
    ],
  },
  { name: 'regex path is not path-checked', body: pathRule('^/a//b$', 'RegularExpression'), want: [] },
  // H-21 (ours): regular expressions must compile in the proxy's linear-time RE2-subset engine.
  { name: 'regex path with a backreference', body: pathRule('/(a)\\1', 'RegularExpression'), want: ['spec.rules[0].matches[0].path.value: Invalid value: "/(a)\\\\1": unsupported regular expression at offset 4: backreferences are not supported (linear-time dialect)'] },
  { name: 'regex path with lookahead', body: pathRule('/a(?=b)', 'RegularExpression'), want: ['spec.rules[0].matches[0].path.value: Invalid value: "/a(?=b)": unsupported regular expression at offset 2: lookahead is not supported (linear-time dialect)'] },
  { name: 'regex header value unbalanced', body: rule({ matches: [{ headers: [{ type: 'RegularExpression', name: 'x-a', value: '(ab' }] }] }), want: ['spec.rules[0].matches[0].headers[0].value: Invalid value: "(ab": unsupported regular expression at offset 0: missing closing )'] },
  { name: 'regex query value with lookbehind', body: rule({ matches: [{ queryParams: [{ type: 'RegularExpression', name: 'q', value: '(?<=a)b' }] }] }), want: ['spec.rules[0].matches[0].queryParams[0].value: Invalid value: "(?<=a)b": unsupported regular expression at offset 0: lookbehind is not supported (linear-time dialect)'] },
  { name: 'RE2 regexes are accepted', body: rule({ matches: [{ path: { type: 'RegularExpression', value: '/users/[0-9]+(/.*)?' }, headers: [{ type: 'RegularExpression', name: 'x-a', value: '(?i)abc.*' }] }] }), want: [] },
  // H-13
  { name: 'backendRequest longer than request', body: rule({ timeouts: { request: '1s', backendRequest: '1m' } }), want: [`spec.rules[0].timeouts: ${obj('backendRequest timeout cannot be longer than request timeout')}`] },
  { name: 'request 0s disables the comparison', body: rule({ timeouts: { request: '0s', backendRequest: '1h' } }), want: [] },
  { name: 'bad duration', body: rule({ timeouts: { request: '1.5s' } }), want: ["spec.rules[0].timeouts.request: Invalid value: \"1.5s\": spec.rules[0].timeouts.request in body should match '^([0-9]{1,5}(h|m|s|ms)){1,4}$'"] },
  // H-22, H-23 header matches; H-24 query params
  { name: 'header match exact duplicate', body: rule({ matches: [{ headers: [{ name: 'x-a', value: '1' }, { name: 'x-a', value: '2' }] }] }), want: ['spec.rules[0].matches[0].headers[1]: Duplicate value: map[string]interface {}{"name":"x-a"}'] },
  { name: 'header match case-insensitive duplicate (H-23)', body: rule({ matches: [{ headers: [{ name: 'X-Foo', value: '1' }, { name: 'x-foo', value: '2' }] }] }), want: ['spec.rules[0].matches[0].headers: Invalid value: "X-Foo": cannot match the same header multiple times in the same rule'] },
  { name: 'query param duplicate', body: rule({ matches: [{ queryParams: [{ name: 'q', value: '1' }, { name: 'q', value: '2' }] }] }), want: ['spec.rules[0].matches[0].queryParams[1]: Duplicate value: map[string]interface {}{"name":"q"}'] },
  { name: 'query params differing in case are distinct', body: rule({ matches: [{ queryParams: [{ name: 'q', value: '1' }, { name: 'Q', value: '2' }] }] }), want: [] },
  // H-25 header values (recommended P-HEADER-VALUE)
  { name: 'CRLF in a header match value', body: rule({ matches: [{ headers: [{ name: 'x', value: 'a\r\nb' }] }] }), want: ["spec.rules[0].matches[0].headers[0].value: Invalid value: \"a\\r\\nb\": spec.rules[0].matches[0].headers[0].value in body should match '^[!-~]+([\\t ]?[!-~]+)*$'"] },
  // H-30 header modifier single action
  { name: 'set and remove of one header (H-30)', body: filter({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-A', value: '1' }], remove: ['x-a'] } }), want: ['spec.rules[0].filters[0].requestHeaderModifier.remove[0]: Invalid value: "x-a": cannot specify multiple actions for header'] },
  { name: 'set twice', body: filter({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] } }), want: ['spec.rules[0].filters[0].requestHeaderModifier.set[1]: Duplicate value: map[string]interface {}{"name":"a"}'] },
  // OpenAPI constraints
  { name: '17 hostnames', body: route({ hostnames: [...Array(17)].map((_, i) => `h${i}.example.com`) }), want: ['spec.hostnames: Too many: 17: must have at most 16 items'] },
  { name: 'upper-case hostname', body: route({ hostnames: ['Foo.example.com'] }), want: ["spec.hostnames[0]: Invalid value: \"Foo.example.com\": spec.hostnames[0] in body should match '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"] },
  { name: 'IP hostname (V-01)', body: route({ hostnames: ['1.2.3.4'] }), want: ['spec.hostnames[0]: Invalid value: "1.2.3.4": must be a hostname, not an IP address'] },
  { name: 'zero rules', body: route({ rules: [] }), want: ['spec.rules: Invalid value: 0: spec.rules in body should have at least 1 items'] },
  { name: 'bad method', body: rule({ matches: [{ method: 'FETCH' }] }), want: ['spec.rules[0].matches[0].method: Unsupported value: "FETCH": supported values: "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"'] },
  { name: 'redirect status code', body: filter({ type: 'RequestRedirect', requestRedirect: { statusCode: 304 } }), want: ['spec.rules[0].filters[0].requestRedirect.statusCode: Unsupported value: 304: supported values: 301, 302, 303, 307, 308'] },
  { name: 'weight out of range', body: rule({ backendRefs: [{ ...svc, weight: 1_000_001 }] }), want: ['spec.rules[0].backendRefs[0].weight: Invalid value: 1000001: spec.rules[0].backendRefs[0].weight in body should be less than or equal to 1000000'] },
  { name: 'port as string', body: rule({ backendRefs: [{ name: 's', port: '80' }] }), want: ['spec.rules[0].backendRefs[0].port: Invalid value: "string": spec.rules[0].backendRefs[0].port in body must be of type integer: "string"'] },
  { name: 'missing backend name', body: rule({ backendRefs: [{ port: 80 }] }), want: ['spec.rules[0].backendRefs[0].name: Required value'] },
  { name: 'missing spec', body: {}, want: ['spec: Required value'] },
];
