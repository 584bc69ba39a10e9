/**
 * Upstream's traffic-split check (weight.go): `totalRequests` samples, 10 in flight, each with or
 * without a random jitter value; every answer is attributed to a backend by its pod name (minus
 * the last two `-`-separated parts). It holds when every backend seen has an expected weight,
 * as many backends got traffic as have a weight above 0, and every share is within `tolerance`
 * of its weight. The whole check is retried up to `maxAttempts` times.
 */
export interface WeightedDistributionStep {
  expectedWeights: Record<string, number>;
  totalRequests: number;
  tolerance: number;
  maxAttempts: number;
}

/** One request; resolves to the answering pod's name. `jitter` is a random value to send (or undefined). */
export type Sampler = (jitter: string | undefined) => Promise<string>;

const IN_FLIGHT = 10;

export async function checkWeightedDistribution(step: WeightedDistributionStep, sample: Sampler): Promise<string | undefined> {
  let why = 'not sampled';
  for (let attempt = 1; attempt <= step.maxAttempts; attempt++) {
    try {
      why = judgeDistribution(step, await collect(step.totalRequests, sample)) ?? '';
      if (why === '') return undefined;
    } catch (err) {
      why = `a sample failed: ${(err as Error).message}`;
    }
  }
  return `after ${step.maxAttempts} attempts: ${why}`;
}

async function collect(total: number, sample: Sampler): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const jitter = Math.random() < 0.5 ? undefined : String(Math.floor(Math.random() * 1_000_000));
      const backend = backendOfPod(await sample(jitter));
      counts.set(backend, (counts.get(backend) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return counts;
}

/** `infra-backend-v1-7d9f-abcde` -> `infra-backend-v1`. */
export function backendOfPod(pod: string): string {
  return pod.split('-').slice(0, -2).join('-');
}

/** Why the observed counts do not match the weights, or undefined when they do. */
export function judgeDistribution(step: Pick<WeightedDistributionStep, 'expectedWeights' | 'tolerance'>, counts: ReadonlyMap<string, number>): string | undefined {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  for (const backend of counts.keys()) {
    if (!(backend in step.expectedWeights)) return `traffic reached unexpected backend ${backend}`;
  }
  const weighted = Object.entries(step.expectedWeights).filter(([, w]) => w > 0).length;
  if (counts.size !== weighted) return `${counts.size} backends got traffic, ${weighted} have a weight above 0`;
  for (const [backend, weight] of Object.entries(step.expectedWeights)) {
    const share = (counts.get(backend) ?? 0) / total;
    if (Math.abs(share - weight) > step.tolerance) return `${backend} got ${(share * 100).toFixed(1)}% of ${total}, want ${(weight * 100).toFixed(0)}% +/- ${(step.tolerance * 100).toFixed(0)}`;
  }
  return undefined;
}
