/**
 * The failed attempts of an eventually-consistent step, for its FAIL line: the last reason and,
 * when they differ, the first one and how many there were. The first is often the clue (a
 * listener not bound yet) when the last is only the consequence, or the other way round.
 */
export class FailureLog {
  private first: string | undefined;
  private last: string | undefined;
  private count = 0;

  constructor(private readonly none: string) {}

  add(why: string): void {
    this.first ??= why;
    this.last = why;
    this.count++;
  }

  describe(): string {
    if (this.last === undefined) return this.none;
    if (this.count === 1 || this.first === this.last) return this.count === 1 ? this.last : `${this.last} (all ${this.count} attempts)`;
    return `${this.last} (last of ${this.count} failed attempts; the first: ${this.first})`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An eventually-consistent step: `attempt` until it holds `required` times in a row, 500 ms
 * after each failure, within `timeoutMs`. An attempt resolves to why it did not hold (undefined:
 * it held); a throw is a failure too, described as `${thrown}: message`. Undefined when the step
 * held, else the failures (FailureLog), `nothingTried` when no attempt ran.
 */
export async function eventually(
  options: { timeoutMs: number; required: number; nothingTried: string; thrown: string },
  attempt: () => Promise<string | undefined>,
): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  const failures = new FailureLog(options.nothingTried);
  let streak = 0;
  while (Date.now() < deadline) {
    let why: string | undefined;
    try {
      why = await attempt();
    } catch (err) {
      why = `${options.thrown}: ${(err as Error).message}`;
    }
    if (why === undefined) {
      if (++streak >= options.required) return undefined;
      continue;
    }
    failures.add(why);
    streak = 0;
    await sleep(500);
  }
  return failures.describe();
}
