import { describe, expect, it } from 'vitest';
import { RevisionClock } from '@/server/store/revision-clock';

describe('RevisionClock', () => {
  const clockWith = (commits: Array<[at: number, revision: number]>, openedAt = 0, openedRevision = 0) => {
    let now = openedAt;
    const clock = new RevisionClock(() => now, openedRevision);
    for (const [at, revision] of commits) {
      now = at;
      clock.record(revision);
    }
    return { clock, setNow: (value: number) => (now = value) };
  };

  it.each([
    { name: 'nothing old enough yet', commits: [[500, 3]], now: 30_000, age: 60_000, expected: 0 },
    { name: 'revisions present at open count as committed at open', commits: [], now: 60_000, age: 60_000, expected: 7 },
    { name: 'newest sample at or before the cutoff', commits: [[10_000, 10], [20_000, 20], [30_000, 30]], now: 85_000, age: 60_000, expected: 20 },
    { name: 'commits within a second merge into one sample', commits: [[10_000, 10], [10_400, 11], [10_900, 12], [12_000, 13]], now: 70_500, age: 60_000, expected: 12 },
  ] as Array<{ name: string; commits: Array<[number, number]>; now: number; age: number; expected: number }>)(
    '$name',
    ({ commits, now, age, expected }) => {
      const { clock, setNow } = clockWith(commits, 0, commits.length === 0 ? 7 : 0);
      setNow(now);
      expect(clock.revisionOlderThan(age)).toBe(expected);
    },
  );

  it('keeps answering as time passes after dropping samples it no longer needs', () => {
    const { clock, setNow } = clockWith([[10_000, 10], [20_000, 20], [30_000, 30]]);
    setNow(75_000);
    expect(clock.revisionOlderThan(60_000)).toBe(10);
    setNow(95_000);
    expect(clock.revisionOlderThan(60_000)).toBe(30);
    expect(clock.revisionOlderThan(60_000)).toBe(30);
  });
});
