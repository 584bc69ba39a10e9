import { z } from 'zod';

/**
 * zod schemas for the four RBAC kinds, as far as evaluation needs them. The index parses each
 * object once when it arrives (never per request); objects that do not parse grant nothing.
 */

export const policyRuleSchema = z.object({
  verbs: z.array(z.string()).min(1),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});

export const subjectSchema = z.object({
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});

export const roleRefSchema = z.object({
  apiGroup: z.string(),
  kind: z.enum(['Role', 'ClusterRole']),
  name: z.string().min(1),
});

const metadataSchema = z.object({ name: z.string().min(1), namespace: z.string().optional() });

export const roleSchema = z.object({
  kind: z.enum(['Role', 'ClusterRole']),
  metadata: metadataSchema,
  rules: z.array(policyRuleSchema).nullish(),
});

export const bindingSchema = z.object({
  kind: z.enum(['RoleBinding', 'ClusterRoleBinding']),
  metadata: metadataSchema,
  subjects: z.array(subjectSchema).nullish(),
  roleRef: roleRefSchema,
});

export type ParsedRole = z.infer<typeof roleSchema>;
export type ParsedBinding = z.infer<typeof bindingSchema>;
