import { type PathOnlyMatch } from '@/lib/routing/http-match';
import { type RequestPredicate, type RoutingRequest } from '@/lib/routing/request';

/**
 * A virtual host's in-line path checks (pathOnlyMatch of each entry, in precedence order)
 * packed into one string, so that a request scans its host's entries by reading one object:
 * with 10,000 routes every entry object and path string is a likely cache miss (a few hundred
 * ns each here), and a request often tries several entries before one matches.
 *
 * Per entry: one char for its kind, one for the length of its value, then the value (an Exact
 * path or an effective prefix; paths are at most 1024 chars, the CRD's limit, far below a
 * char's 65,535).
 */
const PREDICATE = 0;
const ANY = 1;
const EXACT = 2;
const PREFIX = 3;

const KIND_CODES: Readonly<Record<PathOnlyMatch['kind'], number>> = { predicate: PREDICATE, any: ANY, exact: EXACT, prefix: PREFIX };

export function packPaths(matches: readonly PathOnlyMatch[]): string {
  const parts: string[] = [];
  for (const { kind, value } of matches) {
    const text = kind === 'exact' || kind === 'prefix' ? value : '';
    if (text.length > 0xffff) throw new RangeError(`path value of ${text.length} chars cannot be packed`);
    parts.push(String.fromCharCode(KIND_CODES[kind], text.length), text);
  }
  // join makes one flat string: a scan reads its chars in place.
  return parts.join('');
}

/**
 * The index of the first entry that matches `req`: the packed check decides for path-only
 * matches, the entry's predicate for the others (`entries` are the packed entries, in order).
 * -1 when none matches.
 */
export function firstPackedMatch(packed: string, entries: readonly { readonly test: RequestPredicate }[], req: RoutingRequest): number {
  const path = req.path;
  const pathLength = path.length;
  for (let i = 0, pos = 0; pos < packed.length; i++) {
    const kind = packed.charCodeAt(pos);
    const length = packed.charCodeAt(pos + 1);
    const start = pos + 2;
    pos = start + length;
    switch (kind) {
      case ANY:
        return i;
      case EXACT:
        if (pathLength === length && sameChars(packed, start, path, length)) return i;
        break;
      case PREFIX:
        // Element-wise (hasPathPrefix): the prefix, then the end of the path or a `/`.
        if (pathLength >= length && sameChars(packed, start, path, length) && (pathLength === length || path.charCodeAt(length) === 0x2f)) return i;
        break;
      default:
        if ((entries[i] as { test: RequestPredicate }).test(req)) return i;
    }
  }
  return -1;
}

/** Whether packed[start, start + length) equals path[0, length). */
function sameChars(packed: string, start: number, path: string, length: number): boolean {
  for (let j = 0; j < length; j++) if (packed.charCodeAt(start + j) !== path.charCodeAt(j)) return false;
  return true;
}
