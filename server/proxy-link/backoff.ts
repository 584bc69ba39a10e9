export interface BackoffPolicy {
  /** Delay after the first failure. */
  initialMs: number;
  /** Cap: a long outage is retried at this interval. */
  maxMs: number;
}

/** Exponential backoff: initialMs, 2x, 4x... capped at maxMs. `attempt` counts failures from 1. */
export function computeBackoffMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  return Math.min(policy.initialMs * 2 ** exponent, policy.maxMs);
}
