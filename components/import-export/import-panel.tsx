'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent } from 'react';
import { IMPORT_FIELD_MANAGER, type ImportResult } from '@/lib/api/import-export';
import { K8sApiError } from '@/lib/api/k8s-api-error';
import { k8sPath, resourceRef } from '@/lib/api/k8s-paths';
import { queryKeys } from '@/lib/api/query-keys';
import { parseApiVersion } from '@/lib/k8s/kinds';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field-styles';
import { Select } from '@/components/ui/select';
import { useNamespaceNames } from './use-namespace-names';
import { planImport, type ImportStep } from './plan-import';
import { ImportResults } from './import-results';

/**
 * Paste or upload multi-document YAML; every object is validated here with the API's own rules,
 * then applied one by one through /k8s as the signed-in user (server-side apply, field manager
 * `portico-import`, taking over conflicting fields as `kubectl apply --server-side
 * --force-conflicts` does), with a progress bar and one result per document.
 */
export function ImportPanel({ preferredNamespaces }: { preferredNamespaces: string[] }) {
  const namespaces = useNamespaceNames(preferredNamespaces);
  const textId = useId();
  const fileId = useId();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [pickedNamespace, setNamespace] = useState('');
  const namespace = pickedNamespace || namespaces[0] || 'default';
  const [results, setResults] = useState<ImportResult[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [fileError, setFileError] = useState('');

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileError('');
    if (!file) return;
    if (file.size > 1024 * 1024) {
      setFileError(`${file.name} is larger than 1 MiB; split it into smaller files`);
      return;
    }
    setText(await file.text());
  };

  const run = async () => {
    const plan = planImport(text, namespace);
    const total = plan.total;
    let done = plan.rejected.length;
    setResults([...plan.rejected]);
    setProgress({ done, total });
    setRunning(true);
    const collected = [...plan.rejected];
    for (const step of plan.steps) {
      const result = await applyStep(step);
      collected.push(result);
      done++;
      setResults([...collected].sort((a, b) => a.index - b.index));
      setProgress({ done, total });
    }
    setRunning(false);
    await queryClient.invalidateQueries({ queryKey: queryKeys.k8s.all() });
  };

  const failed = results.filter((r) => r.outcome === 'invalid' || r.outcome === 'failed').length;
  return (
    <section aria-labelledby="import-heading" className="space-y-4">
      <h2 id="import-heading" className="text-xl font-semibold">
        Import YAML
      </h2>
      <div className="grid gap-3 md:grid-cols-2">
        <Select
          label="Namespace for objects that name none"
          value={namespace}
          onChange={setNamespace}
          options={(namespaces.length ? namespaces : ['default']).map((n) => ({ value: n, label: n }))}
        />
        <div className="space-y-1">
          <label htmlFor={fileId} className="block text-sm font-medium">
            Upload a YAML file
          </label>
          <input id={fileId} type="file" accept=".yaml,.yml,.json,text/yaml,application/json" onChange={onFile} className="block text-sm" />
          {fileError && (
            <p className="text-sm text-red-700 dark:text-red-400">
              <span className="font-semibold">Error: </span>
              {fileError}
            </p>
          )}
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor={textId} className="block text-sm font-medium">
          YAML to import
        </label>
        <textarea
          id={textId}
          rows={14}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          aria-describedby={`${textId}-help`}
          className={`${inputClass(false)} font-mono`}
        />
        <p id={`${textId}-help`} className="text-xs text-slate-600 dark:text-slate-400">
          One or more objects separated by lines of ---. Each is checked before anything is sent, then applied as you.
        </p>
      </div>
      <Button variant="primary" onClick={() => void run()} pending={running} pendingLabel="Importing…" disabled={text.trim() === ''}>
        Import
      </Button>
      {progress && (
        <div className="space-y-1">
          <label className="block text-sm font-medium" htmlFor={`${textId}-progress`}>
            Import progress: {progress.done} of {progress.total} object(s)
          </label>
          <progress id={`${textId}-progress`} max={Math.max(progress.total, 1)} value={progress.done} className="w-full" />
        </div>
      )}
      {!running && progress && (
        <Banner tone={failed > 0 ? 'warning' : 'success'} title={failed > 0 ? `${failed} of ${progress.total} object(s) were not applied` : `All ${progress.total} object(s) applied`} />
      )}
      {results.length > 0 && <ImportResults results={results} />}
    </section>
  );
}

async function applyStep(step: ImportStep): Promise<ImportResult> {
  const { group: _g, version } = parseApiVersion(step.object.apiVersion);
  const ref = resourceRef(step.type, version);
  const path = k8sPath(ref, {
    namespace: step.type.namespaced ? step.object.metadata.namespace : undefined,
    name: step.object.metadata.name,
    query: { fieldManager: IMPORT_FIELD_MANAGER, force: true },
  });
  try {
    const res = await fetch(path, {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/apply-patch+yaml' },
      // JSON is YAML: the apply body is the object as validated.
      body: JSON.stringify(step.object),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const err = K8sApiError.fromStatus(res.status, body, `the API answered ${res.status}`);
      return { index: step.index, label: step.label, outcome: 'failed', message: err.message, causes: err.causes.map((c) => ({ field: c.field, message: c.message })) };
    }
    return { index: step.index, label: step.label, outcome: res.status === 201 ? 'created' : 'configured', causes: [] };
  } catch (err) {
    return { index: step.index, label: step.label, outcome: 'failed', message: `could not reach the API: ${err instanceof Error ? err.message : String(err)}`, causes: [] };
  }
}
