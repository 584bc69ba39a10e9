import { type OutgoingHttpHeaders, validateHeaderName, validateHeaderValue } from 'node:http';
import { type IrFilter } from '@/lib/ir/filters';

type HeaderModifier = Extract<IrFilter, { type: 'RequestHeaderModifier' | 'ResponseHeaderModifier' }>;

/** Applies one header modifier to a header object whose keys are lower-case. */
export type HeaderEdit = (headers: OutgoingHttpHeaders) => void;

/**
 * A config value node:http would refuse (CR, LF, NUL, non-token name). Found once at snapshot
 * load so the request path never meets it: the rule answers 500 instead (API-AND-VALIDATION c.2b).
 */
export class InvalidHeaderConfigError extends Error {
  readonly code = 'PROXY_INVALID_HEADER_CONFIG';
  override name = 'InvalidHeaderConfigError';
}

/**
 * Compiles a Request/ResponseHeaderModifier (SEMANTICS 5.3): set replaces every value, add
 * appends with a comma (`original,add`), remove deletes; names case-insensitive.
 */
export function compileHeaderEdit(filter: HeaderModifier): HeaderEdit {
  const set = filter.set.map((h) => checked(h.name, h.value));
  const add = filter.add.map((h) => checked(h.name, h.value));
  const remove = filter.remove.map((name) => checked(name, '')[0]);
  return (headers) => {
    for (const [name, value] of set) headers[name] = value;
    for (const [name, value] of add) {
      const prior = headers[name];
      headers[name] = prior === undefined ? value : `${Array.isArray(prior) ? prior.join(',') : String(prior)},${value}`;
    }
    for (const name of remove) delete headers[name];
  };
}

/** A URLRewrite hostname becomes the upstream Host: checked like a header value at snapshot load. */
export function checkRewriteHostname(hostname: string | undefined): void {
  if (hostname !== undefined) checked('host', hostname);
}

function checked(name: string, value: string): [string, string] {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch (err) {
    throw new InvalidHeaderConfigError(`header ${JSON.stringify(name)}: ${(err as Error).message}`, { cause: err });
  }
  return [name.toLowerCase(), value];
}
