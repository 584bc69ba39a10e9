/**
 * Schema-aware key completion for route YAML: which keys are valid under the path the cursor
 * is in (array indices ignored), and which values a `type:` takes there. Mirrors the
 * HTTPRoute/GRPCRoute schemas' field names in lib/gateway-api.
 */
const KEYS: Record<string, string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  metadata: ['name', 'namespace', 'labels', 'annotations'],
  spec: ['parentRefs', 'hostnames', 'rules'],
  'spec.parentRefs': ['group', 'kind', 'namespace', 'name', 'sectionName', 'port'],
  'spec.rules': ['name', 'matches', 'filters', 'backendRefs', 'timeouts'],
  'spec.rules.matches': ['path', 'headers', 'queryParams', 'method'],
  'spec.rules.matches.path': ['type', 'value'],
  'spec.rules.matches.headers': ['type', 'name', 'value'],
  'spec.rules.matches.queryParams': ['type', 'name', 'value'],
  'spec.rules.matches.method': ['type', 'service', 'method'],
  'spec.rules.filters': ['type', 'requestHeaderModifier', 'responseHeaderModifier', 'requestRedirect', 'urlRewrite', 'requestMirror'],
  'spec.rules.filters.requestHeaderModifier': ['set', 'add', 'remove'],
  'spec.rules.filters.responseHeaderModifier': ['set', 'add', 'remove'],
  'spec.rules.filters.requestRedirect': ['scheme', 'hostname', 'path', 'port', 'statusCode'],
  'spec.rules.filters.urlRewrite': ['hostname', 'path'],
  'spec.rules.filters.requestRedirect.path': ['type', 'replaceFullPath', 'replacePrefixMatch'],
  'spec.rules.filters.urlRewrite.path': ['type', 'replaceFullPath', 'replacePrefixMatch'],
  'spec.rules.backendRefs': ['group', 'kind', 'name', 'namespace', 'port', 'weight', 'filters'],
  'spec.rules.timeouts': ['request', 'backendRequest'],
};

const VALUES: Record<string, string[]> = {
  'spec.rules.matches.path.type': ['PathPrefix', 'Exact', 'RegularExpression'],
  'spec.rules.matches.headers.type': ['Exact', 'RegularExpression'],
  'spec.rules.matches.queryParams.type': ['Exact', 'RegularExpression'],
  'spec.rules.matches.method': ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'],
  'spec.rules.matches.method.type': ['Exact', 'RegularExpression'],
  'spec.rules.filters.type': ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'RequestMirror'],
  'spec.rules.filters.requestRedirect.path.type': ['ReplaceFullPath', 'ReplacePrefixMatch'],
  'spec.rules.filters.urlRewrite.path.type': ['ReplaceFullPath', 'ReplacePrefixMatch'],
  'spec.rules.filters.requestRedirect.scheme': ['http', 'https'],
  'spec.rules.filters.requestRedirect.statusCode': ['301', '302'],
  kind: ['HTTPRoute', 'GRPCRoute'],
  apiVersion: ['gateway.networking.k8s.io/v1'],
};

export interface YamlContext {
  /** Dotted path of the mapping the cursor is in, without indices: `spec.rules.matches`. */
  parent: string;
  /** When the cursor is after `key:` on its line, that key. */
  valueKey?: string;
}

/** Works out the YAML context of a cursor from the lines above it, by indentation. */
export function yamlContextAt(text: string, pos: number): YamlContext {
  const before = text.slice(0, pos);
  const lines = before.split('\n');
  const current = lines.pop() ?? '';
  const valueMatch = /^\s*(?:-\s+)?([A-Za-z][\w]*):\s+\S*$/.exec(current);
  let indent = current.search(/\S|$/);
  // A list item's keys sit at the indentation after "- ".
  const dash = /^(\s*)-\s+/.exec(current);
  if (dash) indent = dash[0].length;
  const keys: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const m = /^(\s*)(-\s+)?([A-Za-z][\w]*):/.exec(line);
    if (!m) continue;
    const lineIndent = (m[1] ?? '').length + (m[2] ?? '').length;
    if (lineIndent < indent) {
      keys.unshift(m[3] ?? '');
      indent = (m[1] ?? '').length;
      if (indent === 0 && !m[2]) break;
    }
  }
  return { parent: keys.join('.'), ...(valueMatch ? { valueKey: valueMatch[1] } : {}) };
}

/** Keys valid in that mapping, or values valid after `key:`. */
export function completionsFor(ctx: YamlContext): { kind: 'key' | 'value'; options: string[] } {
  if (ctx.valueKey) {
    const full = ctx.parent ? `${ctx.parent}.${ctx.valueKey}` : ctx.valueKey;
    return { kind: 'value', options: VALUES[full] ?? [] };
  }
  return { kind: 'key', options: KEYS[ctx.parent] ?? [] };
}
