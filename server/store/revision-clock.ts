import type { Revision } from '@/server/store/types';

interface Sample {
  at: number;
  revision: Revision;
}

/** Samples closer together than this are merged: the clock needs seconds, not every commit. */
const SAMPLE_SPACING_MS = 1_000;

/**
 * Remembers roughly when revisions were committed, so compaction can keep a time window of
 * history (watchers that fall a few minutes behind during a write burst can still resume).
 * Revisions committed before the store opened count as committed at open, which only ever keeps
 * history longer.
 */
export class RevisionClock {
  private readonly samples: Sample[] = [];

  constructor(
    private readonly now: () => number,
    openedAtRevision: Revision,
  ) {
    this.samples.push({ at: now(), revision: openedAtRevision });
  }

  record(revision: Revision): void {
    const at = this.now();
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && at - last.at < SAMPLE_SPACING_MS) last.revision = revision;
    else this.samples.push({ at, revision });
  }

  /**
   * The newest revision known to be committed at least `ageMs` ago (0 if none), dropping the
   * samples that can no longer answer a query.
   */
  revisionOlderThan(ageMs: number): Revision {
    const cutoff = this.now() - ageMs;
    let index = -1;
    for (let i = 0; i < this.samples.length && (this.samples[i] as Sample).at <= cutoff; i++) index = i;
    if (index < 0) return 0;
    const revision = (this.samples[index] as Sample).revision;
    // Samples before the answer are older still: later queries (with a later cutoff) never need them.
    this.samples.splice(0, index);
    return revision;
  }
}
