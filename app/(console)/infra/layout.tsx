import type { ReactNode } from 'react';
import { RequireArea } from '../_shell/require-area';

/** The infrastructure area opens only to users whose RBAC grants it (the API refuses the rest anyway). */
export default function AreaLayout({ children }: { children: ReactNode }) {
  return <RequireArea area="infrastructure">{children}</RequireArea>;
}
