'use client';

import { useStore } from '@xyflow/react';

/** Below this zoom text is unreadable anyway: nodes and edges draw a plain shape (much less DOM while panning). */
export const DETAIL_ZOOM = 0.4;

/** True while zoomed out below DETAIL_ZOOM; re-renders only when that flips, never on pan. */
export function useZoomedOut(): boolean {
  return useStore((s) => s.transform[2] < DETAIL_ZOOM);
}
