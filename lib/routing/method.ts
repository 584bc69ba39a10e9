import { type RequestPredicate } from '@/lib/routing/request';

/** Method matching (SEMANTICS 4.5): compared exactly; the request method is upper case. */
export function compileMethodMatch(method: string | undefined): RequestPredicate | null {
  if (method === undefined) return null;
  return (req) => req.method === method;
}
