import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { ApiError } from '@/lib/k8s/status-error';
import type { AdmissionContext } from './admission';
import type { ManagerKey } from './managed-fields';
import type { UserInfo } from '@/server/auth/types';

/** Everything a write needs besides the store transaction: the request's options and clock. */
export interface WriteContext extends AdmissionContext {
  type: ResourceType;
  /** The apiVersion the client speaks ("gateway.networking.k8s.io/v1beta1"). */
  apiVersion: string;
  dryRun: boolean;
  fieldManager: string;
  /** Server-side apply: take conflicting fields instead of failing. */
  force: boolean;
  now: string;
}

/**
 * A write that changed an object, as the API server reports it to an observer after it is
 * committed (the audit history): who, which verb, and the object before and after. Dry runs and
 * writes that changed nothing are not reported.
 */
export interface CommittedWrite {
  user: UserInfo;
  verb: 'create' | 'update' | 'patch' | 'delete';
  type: ResourceType;
  /** e.g. `status`; absent for writes of the object itself. */
  subresource?: string;
  /** Absent for a create. */
  previous?: K8sObject;
  /** The object after the write; absent when it is gone. */
  object?: K8sObject;
}

/** When set, the ownership change comes from server-side apply instead of a plain update. */
export interface ApplyOwnership {
  key: ManagerKey;
  applied: Set<string>;
  taken: Set<string>;
}

/** RFC 3339 with second precision, the way Kubernetes serialises metav1.Time. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A shallow copy with another apiVersion (schemas are identical across served versions). */
export function withApiVersion(obj: K8sObject, apiVersion: string): K8sObject {
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

/** Checks a request body is an object of the addressed kind and returns a fresh, namespaced copy. */
export function checkBody(type: ResourceType, body: unknown, namespace: string | undefined, urlName: string | undefined): K8sObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('BadRequest', `the request body must be a ${type.kind} object`);
  }
  const obj = body as Partial<K8sObject>;
  if (obj.kind !== undefined && obj.kind !== type.kind) {
    throw new ApiError('BadRequest', `the kind of the provided object (${String(obj.kind)}) does not match the resource (${type.kind})`);
  }
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (apiVersion !== '' && (group !== type.group || !type.versions.some((v) => v.name === version))) {
    throw new ApiError(
      'BadRequest',
      `the API version in the data (${apiVersion}) does not match the expected API version (${type.group ? type.group + '/' : ''}${type.versions[0]?.name ?? ''})`,
    );
  }
  const metadata = typeof obj.metadata === 'object' && obj.metadata !== null && !Array.isArray(obj.metadata) ? { ...obj.metadata } : {};
  if (type.namespaced) {
    if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
      throw new ApiError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    metadata.namespace = namespace;
  } else {
    delete metadata.namespace;
  }
  if (urlName !== undefined && metadata.name !== undefined && metadata.name !== urlName) {
    throw new ApiError('BadRequest', `the name of the object (${metadata.name}) does not match the name on the URL (${urlName})`);
  }
  if (urlName !== undefined) metadata.name = urlName;
  return { ...obj, kind: type.kind, apiVersion: apiVersion || (type.group ? `${type.group}/` : '') + (type.versions[0]?.name ?? ''), metadata } as K8sObject;
}
