import type { RevisionClock } from '@/server/store/revision-clock';
import type { StoreStatements } from '@/server/store/store-statements';
import type { Revision } from '@/server/store/types';

export interface CompactionPolicy {
  /** Keep at least this many newest revisions of history; 0 turns automatic compaction off. */
  keepRevisions: number;
  /** Keep at least the history committed within this many milliseconds... */
  keepMs: number;
  /** ...but never more than this many revisions, so a write burst cannot grow history without bound. */
  maxRevisions: number;
  /** How often to check for work when no commit triggers it. */
  intervalMs: number;
}

export interface CompactorHooks {
  committedRevision(): Revision;
  compactedRevision(): Revision;
  setCompactedRevision(revision: Revision): void;
  /** False while the store cannot run its own transaction (a commit batch is open, or closed). */
  canCompact(): boolean;
  onError(error: unknown): void;
}

/** Revisions compacted per SQLite transaction, so automatic compaction never blocks for long. */
const STEP_REVISIONS = 2_000;

/**
 * Drops history in bounded steps, each its own transaction: explicit compaction runs all steps
 * at once; automatic compaction runs one step per macrotask off the write path, triggered when
 * history exceeds the window by a slack (so it does not run after every commit) and by a timer.
 */
export class HistoryCompactor {
  private timer: NodeJS.Timeout | undefined;
  private stepScheduled = false;
  /** The committed revision when a check last found nothing to compact. */
  private idleAtRevision = Number.NEGATIVE_INFINITY;
  private readonly slack: number;

  constructor(
    private readonly statements: StoreStatements,
    private readonly policy: CompactionPolicy,
    private readonly clock: RevisionClock,
    private readonly hooks: CompactorHooks,
  ) {
    this.slack = Math.max(1, Math.min(STEP_REVISIONS, Math.ceil(policy.keepRevisions / 10)));
    if (policy.keepRevisions > 0) {
      this.timer = setInterval(() => this.scheduleStep(), policy.intervalMs);
      this.timer.unref();
    }
  }

  /** Compacts through `revision` now (bounded by the committed revision). */
  compactTo(revision: Revision): void {
    const target = Math.min(revision, this.hooks.committedRevision());
    while (this.hooks.compactedRevision() < target) this.step(target);
  }

  /** Called after every commit: schedules a step when history has outgrown the window. */
  noteCommit(revision: Revision): void {
    this.clock.record(revision);
    if (this.policy.keepRevisions <= 0) return;
    const outgrown = revision - this.hooks.compactedRevision() >= this.policy.keepRevisions + this.slack;
    // While the time window holds history back, re-check only every `slack` revisions (and on the timer).
    if (outgrown && revision - this.idleAtRevision >= this.slack) this.scheduleStep();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private automaticTarget(): Revision {
    const committed = this.hooks.committedRevision();
    const byCount = committed - this.policy.keepRevisions;
    const byAge = this.policy.keepMs > 0 ? this.clock.revisionOlderThan(this.policy.keepMs) : Number.POSITIVE_INFINITY;
    return Math.max(Math.min(byCount, byAge), committed - this.policy.maxRevisions);
  }

  private scheduleStep(): void {
    if (this.stepScheduled || this.timer === undefined) return;
    this.stepScheduled = true;
    setImmediate(() => {
      this.stepScheduled = false;
      if (this.timer === undefined || !this.hooks.canCompact()) return;
      try {
        const target = this.automaticTarget();
        if (target <= this.hooks.compactedRevision()) {
          this.idleAtRevision = this.hooks.committedRevision();
          return;
        }
        this.step(target);
        if (this.automaticTarget() > this.hooks.compactedRevision()) this.scheduleStep();
      } catch (error) {
        this.hooks.onError(error);
      }
    });
  }

  /** One transaction: compacts (compacted, min(target, compacted + STEP_REVISIONS)]. */
  private step(target: Revision): void {
    const from = this.hooks.compactedRevision();
    const to = Math.min(target, from + STEP_REVISIONS);
    const { begin, commit, rollback, compactWindow, writeMeta } = this.statements;
    begin.run();
    try {
      compactWindow.run(from, to, from, to);
      writeMeta.run(to, 'compacted');
      commit.run();
    } catch (error) {
      try {
        rollback.run();
      } catch {
        // SQLite already rolled the transaction back.
      }
      throw error;
    }
    this.hooks.setCompactedRevision(to);
  }
}
