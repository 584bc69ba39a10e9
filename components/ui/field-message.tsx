/** Help text and error text under a control; the control points at them with aria-describedby. */
export function FieldMessage({ id, error, description }: { id: string; error?: string | string[]; description?: string }) {
  const errors = error === undefined ? [] : Array.isArray(error) ? error : [error];
  return (
    <>
      {description && (
        <p id={`${id}-description`} className="text-xs text-slate-600 dark:text-slate-400">
          {description}
        </p>
      )}
      {errors.length > 0 && (
        <div id={`${id}-error`} className="space-y-0.5 text-sm text-red-700 dark:text-red-400">
          {errors.map((e, i) => (
            <p key={i}>
              <span className="font-semibold">Error: </span>
              {e}
            </p>
          ))}
        </div>
      )}
    </>
  );
}

export function describedBy(id: string, error: unknown, description: unknown): string | undefined {
  const errs = Array.isArray(error) ? error.length > 0 : Boolean(error);
  const ids = [description ? `${id}-description` : '', errs ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
