'use client';

import { createContext, useContext } from 'react';

/** What nodes can ask the view to do; a context, so node data stays plain and comparable. */
export interface TopologyActions {
  toggleCollapsed(id: string): void;
  isCollapsed(id: string): boolean;
}

export const TopologyActionsContext = createContext<TopologyActions>({ toggleCollapsed: () => {}, isCollapsed: () => false });

export function useTopologyActions(): TopologyActions {
  return useContext(TopologyActionsContext);
}
