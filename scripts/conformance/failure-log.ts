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
