'use client';

import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import type { K8sApiError } from '@/lib/api/k8s-api-error';

/**
 * The API's answer to a failed save, verbatim, with what the user can do: a conflict can be
 * merged onto the latest version or replaced by it; a 422 lists every cause (they are also
 * shown next to their fields); a 403 says the API refused.
 */
export function ServerErrorBanner({
  error,
  onMerge,
  onReload,
  pending,
}: {
  error: K8sApiError;
  onMerge?: () => void;
  onReload?: () => void;
  pending?: boolean;
}) {
  if (error.isConflict) {
    return (
      <Banner
        tone="error"
        title="Someone else changed this route since you opened it"
        actions={
          <>
            {onMerge && (
              <Button variant="primary" onClick={onMerge} pending={pending}>
                Merge my changes onto the latest version
              </Button>
            )}
            {onReload && (
              <Button onClick={onReload} disabled={pending}>
                Discard my changes and load the latest
              </Button>
            )}
          </>
        }
      >
        <p>{error.message}</p>
        <p>Nothing was saved. Merging keeps their changes and yours; where both changed the same field, yours is kept and listed for review.</p>
      </Banner>
    );
  }
  if (error.isForbidden) {
    return (
      <Banner tone="error" title="Not permitted">
        <p>{error.message}</p>
      </Banner>
    );
  }
  return (
    <Banner tone="error" title={error.isInvalid ? 'The API refused the route' : `Save failed (${error.status || 'network'})`}>
      <p>{error.message}</p>
      {error.causes.length > 0 && (
        <ul className="list-disc pl-5">
          {error.causes.map((c, i) => (
            <li key={i}>
              {c.field ? <code>{c.field}</code> : 'object'}: {c.message}
            </li>
          ))}
        </ul>
      )}
    </Banner>
  );
}
