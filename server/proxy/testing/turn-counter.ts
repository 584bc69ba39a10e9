/**
 * Counts turns of the event loop (a setImmediate that schedules itself) until stopped: how the
 * tests tell work that yields between slices from work that holds the loop for its whole length.
 */
export function countTurns(): { readonly turns: () => number; readonly stop: () => number } {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    turns: () => turns,
    stop: () => {
      running = false;
      return turns;
    },
  };
}
