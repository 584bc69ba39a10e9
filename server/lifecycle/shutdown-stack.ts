/**
 * Closes what start-up opened, in reverse order, exactly once: on shutdown, and also when
 * start-up fails halfway (so a port already in use never leaves the store locked).
 */
export class ShutdownStack {
  private readonly steps: { name: string; close: () => void | Promise<void> }[] = [];
  private closing: Promise<void> | undefined;

  /** Registers how to close something just opened; returns it for inline use. */
  defer<T>(name: string, value: T, close: (value: T) => void | Promise<void>): T {
    this.steps.push({ name, close: () => close(value) });
    return value;
  }

  /** Runs every close step, newest first; a failing step does not stop the others. */
  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      const failures: string[] = [];
      for (const step of [...this.steps].reverse()) {
        try {
          await step.close();
        } catch (err) {
          failures.push(`${step.name}: ${(err as Error).message}`);
        }
      }
      if (failures.length > 0) throw new Error(`shutdown incomplete: ${failures.join('; ')}`);
    })();
    return this.closing;
  }
}
