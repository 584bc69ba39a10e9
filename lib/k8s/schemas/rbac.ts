import { z } from 'zod';
import { reportProblems } from '@/lib/k8s/schemas/checked-string';
import { pathSegmentName } from '@/lib/k8s/schemas/name-rules';
import { labelSelectorSchema } from '@/lib/gateway-api/shared/label-selector';
import { reject, type Ctx } from '@/lib/validation/k8s-issue';

/** RBAC (rbac.authorization.k8s.io/v1): rules of Role/ClusterRole, roleRef and subjects of bindings. */

export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

export const policyRuleSchema = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});
export type PolicyRule = z.output<typeof policyRuleSchema>;

/** ValidatePolicyRule: resource rules and non-resource rules, never both; Roles never the latter. */
function checkRules(rules: readonly PolicyRule[], ctx: Ctx, namespaced: boolean): void {
  rules.forEach((r, i) => {
    const at = (...p: string[]) => ['rules', i, ...p];
    if (r.verbs.length === 0) reject(ctx, at('verbs'), 'FieldValueRequired', 'Required value: verbs must contain at least one value');
    const nonResource = (r.nonResourceURLs?.length ?? 0) > 0;
    if (nonResource) {
      if (namespaced) reject(ctx, at('nonResourceURLs'), 'FieldValueInvalid', 'Invalid value: []string{...}: namespaced rules cannot apply to non-resource URLs');
      if ((r.apiGroups?.length ?? 0) > 0 || (r.resources?.length ?? 0) > 0 || (r.resourceNames?.length ?? 0) > 0) {
        reject(ctx, at('nonResourceURLs'), 'FieldValueInvalid', 'Invalid value: []string{...}: rules cannot apply to both regular resources and non-resource URLs');
      }
      return;
    }
    if ((r.apiGroups?.length ?? 0) === 0) reject(ctx, at('apiGroups'), 'FieldValueRequired', 'Required value: resource rules must supply at least one api group');
    if ((r.resources?.length ?? 0) === 0) reject(ctx, at('resources'), 'FieldValueRequired', 'Required value: resource rules must supply at least one resource');
  });
}

export const roleBodySchema = z
  .object({ rules: z.array(policyRuleSchema).default(() => []) })
  .superRefine((role, ctx) => checkRules(role.rules, ctx, true));

export const clusterRoleBodySchema = z
  .object({
    rules: z.array(policyRuleSchema).default(() => []),
    aggregationRule: z.object({ clusterRoleSelectors: z.array(labelSelectorSchema).optional() }).optional(),
  })
  .superRefine((role, ctx) => checkRules(role.rules, ctx, false));

export const roleRefSchema = z.object({
  apiGroup: z.string(),
  kind: z.string(),
  name: z.string().superRefine((v, ctx) => {
    if (v === '') reject(ctx, [], 'FieldValueRequired', 'Required value');
    else reportProblems(ctx, [], v, pathSegmentName(v));
  }),
});
export type RoleRef = z.output<typeof roleRefSchema>;

export const subjectSchema = z.object({
  kind: z.string(),
  apiGroup: z.string().optional(),
  name: z.string().min(1),
  namespace: z.string().optional(),
});
export type Subject = z.output<typeof subjectSchema>;

function bindingSchema(clusterScoped: boolean) {
  const kinds = clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  return z
    .object({ roleRef: roleRefSchema, subjects: z.array(subjectSchema).optional() })
    .superRefine((b, ctx) => {
      if (b.roleRef.apiGroup !== RBAC_API_GROUP) {
        reject(ctx, ['roleRef', 'apiGroup'], 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(b.roleRef.apiGroup)}: supported values: "${RBAC_API_GROUP}"`);
      }
      if (!kinds.includes(b.roleRef.kind)) {
        reject(ctx, ['roleRef', 'kind'], 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(b.roleRef.kind)}: supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`);
      }
      b.subjects?.forEach((s, i) => {
        const at = (f: string) => ['subjects', i, f];
        if (s.kind === 'ServiceAccount') {
          if (s.apiGroup) reject(ctx, at('apiGroup'), 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(s.apiGroup)}: supported values: ""`);
          if (clusterScoped && !s.namespace) reject(ctx, at('namespace'), 'FieldValueRequired', 'Required value');
        } else if (s.kind === 'User' || s.kind === 'Group') {
          if (s.apiGroup !== RBAC_API_GROUP) {
            reject(ctx, at('apiGroup'), 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(s.apiGroup ?? '')}: supported values: "${RBAC_API_GROUP}"`);
          }
        } else {
          reject(ctx, at('kind'), 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(s.kind)}: supported values: "ServiceAccount", "User", "Group"`);
        }
      });
    });
}

export const roleBindingBodySchema = bindingSchema(false);
export const clusterRoleBindingBodySchema = bindingSchema(true);
