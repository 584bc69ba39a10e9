/**
 * A failed /k8s call as the console sees it: the HTTP status plus what the Kubernetes `Status`
 * said (reason, message, field causes), so forms can put each cause next to its field and
 * banners can show the API's message verbatim.
 */

export interface K8sFieldCause {
  /** `spec.rules[0].matches[0].path.value`, or '' for the object as a whole. */
  field: string;
  message: string;
  reason?: string;
}

export class K8sApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly causes: K8sFieldCause[];

  constructor(status: number, reason: string, message: string, causes: K8sFieldCause[] = []) {
    super(message);
    this.name = 'K8sApiError';
    this.status = status;
    this.reason = reason;
    this.causes = causes;
  }

  /** Builds the error from a response status and its parsed body (a Status, or anything else). */
  static fromStatus(httpStatus: number, body: unknown, fallbackMessage?: string): K8sApiError {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const isStatus = b.kind === 'Status';
    const details = (isStatus && typeof b.details === 'object' && b.details !== null ? b.details : {}) as Record<string, unknown>;
    const causes: K8sFieldCause[] = Array.isArray(details.causes)
      ? details.causes.map((c: Record<string, unknown>) => ({
          field: typeof c.field === 'string' ? c.field : '',
          message: typeof c.message === 'string' ? c.message : '',
          ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
        }))
      : [];
    const message =
      isStatus && typeof b.message === 'string' && b.message
        ? b.message
        : (fallbackMessage ?? `The API answered ${httpStatus}`);
    const reason = isStatus && typeof b.reason === 'string' ? b.reason : '';
    const code = isStatus && typeof b.code === 'number' ? b.code : httpStatus;
    return new K8sApiError(code, reason, message, causes);
  }

  get isConflict(): boolean {
    return this.status === 409 && this.reason === 'Conflict';
  }
  get isForbidden(): boolean {
    return this.status === 403;
  }
  get isInvalid(): boolean {
    return this.status === 422;
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
  get isExpired(): boolean {
    return this.status === 410;
  }

  /** Causes whose field is `field` or below it (`spec.rules[0]` covers `spec.rules[0].matches`). */
  causesAt(field: string): K8sFieldCause[] {
    return this.causes.filter((c) => c.field === field || c.field.startsWith(`${field}.`) || c.field.startsWith(`${field}[`));
  }
}

export function isK8sApiError(err: unknown): err is K8sApiError {
  return err instanceof K8sApiError;
}
