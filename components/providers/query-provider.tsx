'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { K8sApiError } from '@/lib/api/k8s-api-error';

/** Client errors (403, 404, 422...) will not change on retry; network and 5xx may. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof K8sApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 3;
}

/** One QueryClient per browser session (per request on the server), mounted by the console layout. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: shouldRetry, refetchOnWindowFocus: false },
          mutations: { retry: false },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
