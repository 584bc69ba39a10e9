import type { RbacUser, Subject } from '@/lib/k8s/rbac/types';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The username a ServiceAccount authenticates as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/**
 * Whether a binding subject names this user (kube: appliesToUser). A ServiceAccount subject
 * without a namespace means the binding's own namespace; in a ClusterRoleBinding
 * (`bindingNamespace` empty) such a subject matches nobody.
 */
export function subjectMatches(subject: Subject, user: RbacUser, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      if (namespace === '') return false;
      return user.username === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** Index keys under which a subject is filed, so a user's bindings are found without a scan. */
export function subjectIndexKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name}`;
    case 'Group':
      return `g:${subject.name}`;
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace === '' ? undefined : `u:${serviceAccountUsername(namespace, subject.name)}`;
    }
    default:
      return undefined;
  }
}

/** The index keys a user can be found under: their name and each of their groups. */
export function userIndexKeys(user: RbacUser): string[] {
  return [`u:${user.username}`, ...user.groups.map((g) => `g:${g}`)];
}
