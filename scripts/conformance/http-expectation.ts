import type { ExchangeResult } from './http-exchange';

/**
 * Whether one response satisfies one `http[]` entry of cases.json, with the upstream rules
 * (README "How an HTTP expectation is checked"): status set (408/504 interchangeable), echoed
 * request fields and backend identity only for 200/204, response headers, redirect Location.
 * Returns undefined on a match, else the first difference.
 */

export interface HttpExpectation {
  mode: string;
  name: string | null;
  target: { gateway?: { namespace: string; name: string }; port: number | null; scheme: string; serverName?: string };
  request: {
    host?: string;
    path: string;
    method?: string;
    headers?: Record<string, string>;
    unfollowRedirect?: boolean;
    protocol?: string;
    body?: string;
    /** Mirroring tests: a fresh gateway-api-conformance-request-id query parameter per request. */
    addsRequestIdQueryParam?: boolean;
  };
  backendSetResponseHeaders?: Record<string, string>;
  backend?: { name: string | null; namespace: string | null };
  response?: {
    statusCodes: number[];
    headers?: Record<string, string>;
    validHeaderValues?: Record<string, string[]>;
    absentHeaders?: string[];
    protocol?: string;
    ignoreWhitespace?: boolean;
  };
  backendRequest?: {
    source: 'explicit' | 'sameAsRequest';
    path?: string;
    host?: string;
    method?: string;
    headers?: Record<string, string>;
    absentHeaders?: string[];
    sni?: string;
  };
  redirect?: { scheme: string | null; host: string | null; port: string | null; path: string | null };
  mirroredTo?: unknown[];
}

interface EchoJson {
  path?: string;
  host?: string;
  method?: string;
  headers?: Record<string, string[]>;
  namespace?: string;
  pod?: string;
  tls?: { serverName?: string };
}

const strip = (value: string, ignoreWhitespace: boolean | undefined) => (ignoreWhitespace ? value.replace(/\s+/g, '') : value);

function echoHeader(echo: EchoJson, name: string): string | undefined {
  const entry = Object.entries(echo.headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return entry ? entry[1].join(',') : undefined;
}

function statusMatches(actual: number, wanted: readonly number[]): boolean {
  if (wanted.includes(actual)) return true;
  const timeout = [408, 504];
  return timeout.includes(actual) && wanted.some((w) => timeout.includes(w));
}

export function checkResponse(exp: HttpExpectation, res: ExchangeResult): string | undefined {
  const want = exp.response ?? { statusCodes: [200] };
  if (!statusMatches(res.status, want.statusCodes)) return `status ${res.status}, want ${want.statusCodes.join('/')}`;
  if (want.protocol && res.protocol !== want.protocol) return `protocol ${res.protocol}, want ${want.protocol}`;
  if (res.status === 200 || res.status === 204) {
    const why = checkEcho(exp, res);
    if (why) return why;
    const headerWhy = checkResponseHeaders(want, res);
    if (headerWhy) return headerWhy;
  }
  if (res.status >= 300 && res.status < 400 && exp.redirect) return checkRedirect(exp, res);
  return undefined;
}

function checkEcho(exp: HttpExpectation, res: ExchangeResult): string | undefined {
  // Gateway-answered responses (CORS preflight) carry no echo JSON.
  if (!exp.backend && !exp.backendRequest) return undefined;
  if (!exp.backend?.namespace && exp.backendRequest?.path === '') return undefined;
  let echo: EchoJson;
  try {
    echo = JSON.parse(res.body) as EchoJson;
  } catch {
    return `response body is not echo JSON: ${res.body.slice(0, 80)}`;
  }
  const br = exp.backendRequest;
  if (br) {
    const wantPath = br.path ?? exp.request.path;
    if (echo.path !== wantPath) return `backend saw path ${String(echo.path)}, want ${wantPath}`;
    const wantMethod = br.method ?? exp.request.method ?? 'GET';
    if (echo.method !== wantMethod) return `backend saw method ${String(echo.method)}, want ${wantMethod}`;
    if (br.host && echo.host !== br.host) return `backend saw host ${String(echo.host)}, want ${br.host}`;
    const headers = br.headers ?? (br.source === 'sameAsRequest' ? exp.request.headers : undefined) ?? {};
    for (const [name, value] of Object.entries(headers)) {
      const got = echoHeader(echo, name);
      if (got !== value) return `backend saw header ${name}: ${String(got)}, want ${value}`;
    }
    for (const name of br.absentHeaders ?? []) {
      if (echoHeader(echo, name) !== undefined) return `backend saw header ${name}, want it absent`;
    }
    if (br.sni && echo.tls?.serverName !== br.sni) return `backend saw SNI ${String(echo.tls?.serverName)}, want ${br.sni}`;
  }
  if (exp.backend) {
    if (exp.backend.namespace && echo.namespace !== exp.backend.namespace) return `answered from namespace ${String(echo.namespace)}, want ${exp.backend.namespace}`;
    if (exp.backend.name && !(echo.pod ?? '').startsWith(exp.backend.name)) return `answered by pod ${String(echo.pod)}, want ${exp.backend.name}-*`;
  }
  return undefined;
}

function checkResponseHeaders(want: NonNullable<HttpExpectation['response']>, res: ExchangeResult): string | undefined {
  const get = (name: string) => res.headers.get(name.toLowerCase())?.join(',');
  for (const [name, value] of Object.entries(want.headers ?? {})) {
    const got = get(name);
    if (got === undefined || strip(got, want.ignoreWhitespace) !== strip(value, want.ignoreWhitespace)) return `response header ${name}: ${String(got)}, want ${value}`;
  }
  for (const [name, values] of Object.entries(want.validHeaderValues ?? {})) {
    const got = get(name);
    if (got === undefined || !values.some((v) => strip(v, want.ignoreWhitespace) === strip(got, want.ignoreWhitespace))) return `response header ${name}: ${String(got)}, want one of ${values.join(' | ')}`;
  }
  for (const name of want.absentHeaders ?? []) {
    if (get(name) !== undefined) return `response header ${name} present, want absent`;
  }
  return undefined;
}

function checkRedirect(exp: HttpExpectation, res: ExchangeResult): string | undefined {
  const redirect = exp.redirect!;
  const location = res.headers.get('location')?.[0];
  if (!location) return 'redirect without Location';
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return `Location ${location} is not an absolute URL`;
  }
  const scheme = url.protocol.replace(/:$/, '');
  const wantScheme = redirect.scheme ?? exp.target.scheme;
  if (scheme !== wantScheme) return `redirect scheme ${scheme}, want ${wantScheme}`;
  if (redirect.host !== null && url.hostname !== redirect.host) return `redirect host ${url.hostname}, want ${redirect.host}`;
  const wantPath = redirect.path ?? exp.request.path.split('?')[0]!;
  if (url.pathname !== wantPath) return `redirect path ${url.pathname}, want ${wantPath}`;
  // URL drops the scheme's default port, so "absent or default" both read as "".
  const wantPort = redirect.port === null ? '' : (scheme === 'http' && redirect.port === '80') || (scheme === 'https' && redirect.port === '443') ? '' : redirect.port;
  if (url.port !== wantPort) return `redirect port ${url.port || '(default)'}, want ${wantPort || '(default)'}`;
  return undefined;
}
