import { bindingSchema, roleSchema } from '@/lib/k8s/rbac/schemas';
import { subjectIndexKey, userIndexKeys } from '@/lib/k8s/rbac/subject-matches';
import type { IndexedBinding, PolicyRule, RbacUser, RoleRef } from '@/lib/k8s/rbac/types';

/** Identifies an RBAC object for removal: its kind and where it lives. */
export interface RbacObjectRef {
  kind: string;
  metadata: { name?: string; namespace?: string };
}

/**
 * An in-memory index of RBAC objects, shaped for per-request decisions: roles by name, bindings
 * by the subjects they name, so finding a user's bindings costs a few map lookups, not a scan.
 * Pure data structure (no I/O); the server keeps one current from the store's watch.
 *
 * Aggregated ClusterRoles are not expanded: a ClusterRole with an aggregationRule grants the
 * rules stored in it, exactly as if the aggregation controller had never run. Portico does not
 * run that controller, so write aggregated rules out explicitly.
 */
export class RbacIndex {
  private readonly roles = new Map<string, PolicyRule[]>();
  private readonly clusterRoles = new Map<string, PolicyRule[]>();
  private readonly bindings = new Map<string, IndexedBinding>();
  /** `${bindingNamespace}|${subjectKey}` -> binding ids; bindingNamespace is '' for ClusterRoleBindings. */
  private readonly bySubject = new Map<string, Set<string>>();

  /** Adds or replaces an object. Returns false (and drops any previous version) when it is not a valid RBAC object. */
  put(object: unknown): boolean {
    const kind = (object as { kind?: unknown } | null)?.kind;
    if (kind === 'Role' || kind === 'ClusterRole') {
      const parsed = roleSchema.safeParse(object);
      if (!parsed.success) return this.removeAndReject(object);
      const rules = parsed.data.rules ?? [];
      if (parsed.data.kind === 'ClusterRole') this.clusterRoles.set(parsed.data.metadata.name, rules);
      else this.roles.set(`${parsed.data.metadata.namespace ?? ''}/${parsed.data.metadata.name}`, rules);
      return true;
    }
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const parsed = bindingSchema.safeParse(object);
      if (!parsed.success) return this.removeAndReject(object);
      const namespace = parsed.data.kind === 'ClusterRoleBinding' ? '' : (parsed.data.metadata.namespace ?? '');
      // A ClusterRoleBinding can only grant a ClusterRole (kube validation); ignore anything else.
      if (parsed.data.kind === 'ClusterRoleBinding' && parsed.data.roleRef.kind !== 'ClusterRole') {
        return this.removeAndReject(object);
      }
      const binding: IndexedBinding = {
        kind: parsed.data.kind,
        namespace,
        name: parsed.data.metadata.name,
        subjects: parsed.data.subjects ?? [],
        roleRef: parsed.data.roleRef,
      };
      this.removeBinding(bindingId(binding.kind, namespace, binding.name));
      this.addBinding(binding);
      return true;
    }
    return false;
  }

  remove(object: RbacObjectRef): void {
    const name = object.metadata.name ?? '';
    const namespace = object.metadata.namespace ?? '';
    switch (object.kind) {
      case 'Role':
        this.roles.delete(`${namespace}/${name}`);
        break;
      case 'ClusterRole':
        this.clusterRoles.delete(name);
        break;
      case 'RoleBinding':
        this.removeBinding(bindingId('RoleBinding', namespace, name));
        break;
      case 'ClusterRoleBinding':
        this.removeBinding(bindingId('ClusterRoleBinding', '', name));
        break;
    }
  }

  clear(): void {
    this.roles.clear();
    this.clusterRoles.clear();
    this.bindings.clear();
    this.bySubject.clear();
  }

  /**
   * The bindings that name this user and apply in `namespace`: every ClusterRoleBinding first,
   * then the RoleBindings of that namespace (kube's visiting order). Each binding once.
   */
  bindingsFor(user: RbacUser, namespace: string): IndexedBinding[] {
    const keys = userIndexKeys(user);
    const ids = new Set<string>();
    const scopes = namespace === '' ? [''] : ['', namespace];
    const result: IndexedBinding[] = [];
    for (const scope of scopes) {
      for (const key of keys) {
        for (const id of this.bySubject.get(`${scope}|${key}`) ?? []) {
          if (ids.has(id)) continue;
          ids.add(id);
          const binding = this.bindings.get(id);
          if (binding) result.push(binding);
        }
      }
    }
    return result;
  }

  /** The rules a role reference grants, or undefined when the role does not exist. */
  rulesOf(roleRef: RoleRef, bindingNamespace: string): PolicyRule[] | undefined {
    if (roleRef.kind === 'ClusterRole') return this.clusterRoles.get(roleRef.name);
    if (roleRef.kind === 'Role' && bindingNamespace !== '') return this.roles.get(`${bindingNamespace}/${roleRef.name}`);
    return undefined;
  }

  /** Counts for diagnostics and tests. */
  size(): { roles: number; clusterRoles: number; bindings: number } {
    return { roles: this.roles.size, clusterRoles: this.clusterRoles.size, bindings: this.bindings.size };
  }

  private removeAndReject(object: unknown): false {
    const ref = object as RbacObjectRef;
    if (ref && typeof ref === 'object' && ref.metadata && typeof ref.metadata === 'object') this.remove(ref);
    return false;
  }

  private addBinding(binding: IndexedBinding): void {
    const id = bindingId(binding.kind, binding.namespace, binding.name);
    this.bindings.set(id, binding);
    for (const subject of binding.subjects) {
      const key = subjectIndexKey(subject, binding.namespace);
      if (key === undefined) continue;
      const slot = `${binding.namespace}|${key}`;
      let ids = this.bySubject.get(slot);
      if (!ids) this.bySubject.set(slot, (ids = new Set()));
      ids.add(id);
    }
  }

  private removeBinding(id: string): void {
    const binding = this.bindings.get(id);
    if (!binding) return;
    this.bindings.delete(id);
    for (const subject of binding.subjects) {
      const key = subjectIndexKey(subject, binding.namespace);
      if (key === undefined) continue;
      const slot = `${binding.namespace}|${key}`;
      const ids = this.bySubject.get(slot);
      ids?.delete(id);
      if (ids && ids.size === 0) this.bySubject.delete(slot);
    }
  }
}

function bindingId(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}
