/**
 * Kubernetes `Status` failures: the one error shape the API returns (A-36..A-39), plus the
 * exception that carries one through server code to the HTTP boundary.
 */

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'ServerTimeout'
  | 'Timeout';

export type CauseType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueUnknown'
  | 'FieldManagerConflict';

export interface StatusCause {
  reason: CauseType;
  message: string;
  /** JSONPath-like without a leading dot: `spec.rules[0].matches[1].path.value`. */
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  ServerTimeout: 504,
  Timeout: 504,
};

export function codeForReason(reason: StatusReason): number {
  return CODES[reason];
}

/** An API failure with its Kubernetes Status; thrown by server code, rendered at the HTTP edge. */
export class ApiError extends Error {
  readonly status: Status;
  constructor(reason: StatusReason, message: string, details?: StatusDetails, code = CODES[reason]) {
    super(message);
    this.name = 'ApiError';
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    };
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason {
    return this.status.reason as StatusReason;
  }
}

/** Resource as Kubernetes names it in messages: `httproutes.gateway.networking.k8s.io`, `namespaces`. */
export function qualifiedResource(group: string, plural: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function notFound(group: string, plural: string, name: string): ApiError {
  return new ApiError('NotFound', `${qualifiedResource(group, plural)} "${name}" not found`, {
    name,
    group,
    kind: plural,
  });
}

export function alreadyExists(group: string, plural: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${qualifiedResource(group, plural)} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });
}

export function conflict(group: string, plural: string, name: string, why: string): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(group, plural)} "${name}": ${why}`,
    { name, group, kind: plural },
  );
}

/** 422 with one cause per problem; the message lists them the way kube-apiserver does. */
export function invalid(group: string, kind: string, name: string, causes: StatusCause[]): ApiError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
  const list = causes.length > 1 ? `[${summary}]` : summary;
  return new ApiError('Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${list}`, {
    name,
    group,
    kind,
    causes,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

export function forbidden(message: string): ApiError {
  return new ApiError('Forbidden', message);
}

export function unauthorized(message = 'Unauthorized'): ApiError {
  return new ApiError('Unauthorized', message);
}

export function expired(message: string): ApiError {
  return new ApiError('Expired', message);
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
