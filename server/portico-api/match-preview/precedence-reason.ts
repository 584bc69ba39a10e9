import type { IrRoute } from '@/lib/ir/route';
import { grpcMatchSortKey, httpMatchSortKey, type PrecedenceSource } from '@/lib/routing/precedence';

/**
 * Why one matching route entry ranks before another on a virtual host, in plain words: the
 * first term of the precedence sort keys (lib/routing/precedence, SEMANTICS 4.6 / 8.1) where the
 * two differ. The keys are the very ones the translator sorted by, rebuilt from the routes'
 * hostnames and creation timestamps.
 */
export interface PrecedenceFacts {
  /** The route's spec.hostnames. */
  hostnames: readonly string[];
  creationTimestamp?: string | undefined;
}

function sourceOf(route: IrRoute, facts: PrecedenceFacts): PrecedenceSource {
  return {
    namespace: route.source.namespace,
    name: route.source.name,
    creationTimestamp: facts.creationTimestamp,
    hostnames: facts.hostnames,
    ruleIndex: route.source.ruleIndex,
    matchIndex: route.source.matchIndex,
  };
}

const HTTP_TERMS = [
  'a longer exact hostname that matches the request',
  'a longer hostname that matches the request',
  'a more specific path match type (Exact before PathPrefix before RegularExpression)',
  'a longer path value',
  'a method match',
  'more header matches',
  'more query parameter matches',
  'an older creation timestamp',
  'a namespace/name that sorts first alphabetically',
  'an earlier rule in the same route',
  'an earlier match in the same rule',
] as const;

const GRPC_TERMS = [
  'a longer exact hostname that matches the request',
  'a longer hostname that matches the request',
  'a longer gRPC service match',
  'a longer gRPC method match',
  'more header matches',
  'an older creation timestamp',
  'a namespace/name that sorts first alphabetically',
  'an earlier rule in the same route',
  'an earlier match in the same rule',
] as const;

/**
 * The deciding precedence term, e.g. "a longer path value", when `winner` ranks before `loser`
 * on `virtualHost`; undefined when the kinds differ (HTTP and gRPC entries are never compared)
 * or the keys are equal.
 */
export function precedenceReason(winner: IrRoute, winnerFacts: PrecedenceFacts, loser: IrRoute, loserFacts: PrecedenceFacts, virtualHost: string): string | undefined {
  if (winner.kind === 'HTTPRoute' && loser.kind === 'HTTPRoute') {
    const a = httpMatchSortKey(sourceOf(winner, winnerFacts), winner.match, virtualHost);
    const b = httpMatchSortKey(sourceOf(loser, loserFacts), loser.match, virtualHost);
    const i = a.findIndex((term, index) => term !== b[index]);
    return i === -1 ? undefined : HTTP_TERMS[i];
  }
  if (winner.kind === 'GRPCRoute' && loser.kind === 'GRPCRoute') {
    const a = grpcMatchSortKey(sourceOf(winner, winnerFacts), winner.match, virtualHost);
    const b = grpcMatchSortKey(sourceOf(loser, loserFacts), loser.match, virtualHost);
    const i = a.findIndex((term, index) => term !== b[index]);
    return i === -1 ? undefined : GRPC_TERMS[i];
  }
  return undefined;
}
