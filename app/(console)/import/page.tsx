import type { Metadata } from 'next';
import { ExportPanel } from '@/components/import-export/export-panel';
import { ImportPanel } from '@/components/import-export/import-panel';
import { KubeconfigDownload } from '@/components/import-export/kubeconfig-download';
import { loadMe } from '../_data/load-me';

export const metadata: Metadata = { title: 'Import and export · Portico' };

/**
 * Import YAML (validated here, applied as the signed-in user), export clean YAML for GitOps,
 * and a kubeconfig for kubectl. Every signed-in user may open it: the API applies RBAC per object.
 */
export default async function ImportExportPage() {
  const me = await loadMe();
  const preferred = me?.applicationNamespaces ?? [];
  return (
    <section aria-labelledby="import-export-heading" className="space-y-8">
      <div>
        <h1 id="import-export-heading" className="text-2xl font-semibold">
          Import and export
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Bring resources in from YAML, take them out for Git, or get a kubeconfig for kubectl.</p>
      </div>
      <ImportPanel preferredNamespaces={preferred} />
      <ExportPanel preferredNamespaces={preferred} />
      <KubeconfigDownload />
    </section>
  );
}
