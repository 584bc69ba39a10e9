'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { stringify } from 'yaml';
import type { K8sObject } from '@/lib/k8s/object';
import { findResourceType } from '@/lib/k8s/kinds';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import { K8sApiError, type K8sFieldCause } from '@/lib/api/k8s-api-error';
import { queryKeys } from '@/lib/api/query-keys';
import { validateResource } from '@/lib/validation/validate-resource';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Tabs } from '@/components/ui/tabs';
import { useK8sObject } from '@/components/hooks/use-k8s-object';
import type { RouteKind, RouteObject } from '@/components/apps/route-types';
import type { EditorApi } from '@/components/forms/editor-api';
import { messagesAt } from '@/components/forms/field-errors';
import { append, pathToField, removeAt, setIn } from '@/components/forms/object-path';
import { ProblemList } from '@/components/forms/problem-list';
import { newRouteDraft, routeHref, routeRef, toEditable } from '@/components/forms/route-draft';
import { RouteForm } from '@/components/forms/route-form';
import { ServerErrorBanner } from '@/components/forms/server-error-banner';
import { threeWayMerge } from '@/components/forms/three-way-merge';
import { useRouteEditorData } from '@/components/forms/use-route-editor-data';
import { YamlEditor, type YamlProblem } from '@/components/forms/yaml-editor';
import { locateField, parseYaml } from '@/components/forms/yaml-locate';

export interface RouteEditorProps {
  mode: 'create' | 'edit';
  kind: RouteKind;
  namespace: string;
  name?: string;
  /** The user's application namespaces (from /api/me). */
  namespaces: string[];
}

function asApiError(err: unknown): K8sApiError {
  return err instanceof K8sApiError ? err : new K8sApiError(0, '', err instanceof Error ? err.message : String(err));
}

/**
 * Create or edit an HTTPRoute/GRPCRoute in a form or as YAML; both edit one draft object, so
 * switching keeps everything. Problems come from the API's own validation as you type; the
 * API's refusals (422 causes, 409 conflicts, 403) stay on screen until the next save, and a
 * conflict can be merged onto the latest version without losing either side's change.
 */
export function RouteEditor({ mode, kind, namespace, name = '', namespaces }: RouteEditorProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const ref = routeRef(kind);
  const type = findResourceType(ref.group, ref.plural)!;
  const live = useK8sObject<RouteObject>(ref, namespace, name, { enabled: mode === 'edit' });
  const [base, setBase] = useState<K8sObject | null>(() => (mode === 'create' ? newRouteDraft(kind, namespace) : null));
  const [draft, setDraft] = useState<K8sObject | null>(base);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [yamlText, setYamlText] = useState('');
  const [yamlSyntax, setYamlSyntax] = useState<{ message: string; from: number; to: number }[]>([]);
  const [serverError, setServerError] = useState<K8sApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);

  useEffect(() => {
    if (mode === 'edit' && !base && live.data) {
      const editable = toEditable(live.data);
      setBase(editable);
      setDraft(editable);
    }
  }, [mode, base, live.data]);

  const routeNamespace = draft?.metadata.namespace ?? namespace;
  const data = useRouteEditorData(kind, routeNamespace, namespaces);

  /** Checks the API makes that are not in the schema: which kind and object this editor writes. */
  const identityCauses = useCallback(
    (obj: K8sObject | null): K8sFieldCause[] => {
      if (!obj) return [];
      const out: K8sFieldCause[] = [];
      if (obj.kind !== kind) out.push({ field: 'kind', message: `Unsupported value: "${String(obj.kind)}": this editor saves ${kind}s` });
      if (mode === 'edit' && obj.metadata?.name !== name) out.push({ field: 'metadata.name', message: `Invalid value: the name of an existing route cannot change (it is "${name}")` });
      if (mode === 'edit' && obj.metadata?.namespace !== namespace) out.push({ field: 'metadata.namespace', message: `Invalid value: the namespace of an existing route cannot change (it is "${namespace}")` });
      return out;
    },
    [kind, mode, name, namespace],
  );

  const clientCauses = useMemo<K8sFieldCause[]>(
    () => (draft ? [...identityCauses(draft), ...validateResource(type, draft, 'object').causes] : []),
    [draft, type, identityCauses],
  );
  const serverCauses = serverError?.isInvalid ? serverError.causes : [];
  const problems = { client: clientCauses, server: serverCauses };

  const save = useMutation<K8sObject, K8sApiError, K8sObject>({
    mutationFn: (obj) => (mode === 'create' ? k8sFetch.create(ref, obj.metadata.namespace, obj) : k8sFetch.update(ref, obj)),
    onMutate: () => {
      setServerError(null);
      setNotice(null);
    },
    onSuccess: (saved) => {
      const ns = saved.metadata.namespace ?? namespace;
      const savedName = saved.metadata.name ?? name;
      queryClient.setQueryData(queryKeys.k8s.object(ref, ns, savedName), saved);
      router.push(`${routeHref(kind, ns, savedName)}?saved=${mode === 'create' ? 'created' : 'updated'}`);
    },
    onError: (err) => setServerError(asApiError(err)),
  });

  const lint = useCallback(
    (text: string): YamlProblem[] => {
      const parsed = parseYaml(text);
      if (parsed.errors.length) return parsed.errors;
      const obj = parsed.value as K8sObject;
      const causes = [...identityCauses(obj), ...validateResource(type, obj, 'object').causes, ...serverCauses];
      return causes.map((c) => ({ ...locateField(parsed.doc, c.field), message: c.field ? `${c.field}: ${c.message}` : c.message }));
    },
    [type, identityCauses, serverCauses],
  );

  if (mode === 'edit' && live.isPending) return <p role="status">Loading the route…</p>;
  if (mode === 'edit' && live.error) return <ServerErrorBanner error={live.error} />;
  if (mode === 'edit' && live.data === null && !base) return <Banner tone="error" title="Route not found">{`${kind} ${namespace}/${name} does not exist (or was deleted).`}</Banner>;
  if (!draft || !base) return null;

  const api: EditorApi = {
    draft,
    set: (path, value) => setDraft((d) => (d ? setIn(d, path, value) : d)),
    add: (path, item) => setDraft((d) => (d ? append(d, path, item) : d)),
    remove: (path, i) => setDraft((d) => (d ? removeAt(d, path, i) : d)),
    errors: (path, prefix) => messagesAt(problems, pathToField(path), prefix),
  };

  const selectTab = (next: string) => {
    if (next === tab) return;
    if (next === 'yaml') {
      setYamlText(stringify(draft));
      setYamlSyntax([]);
    } else if (yamlSyntax.length > 0) {
      setNotice('Fix the YAML syntax errors before switching to the form: the form needs a readable object.');
      return;
    }
    setNotice(null);
    setTab(next as 'form' | 'yaml');
  };

  const onYamlChange = (text: string) => {
    setYamlText(text);
    const parsed = parseYaml(text);
    if (parsed.errors.length) return setYamlSyntax(parsed.errors);
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      return setYamlSyntax([{ message: 'the document must be a mapping (an object)', from: 0, to: 1 }]);
    }
    setYamlSyntax([]);
    const obj = parsed.value as K8sObject;
    setDraft({ ...obj, metadata: obj.metadata ?? {} });
  };

  const replaceDraft = (next: K8sObject) => {
    setDraft(next);
    if (tab === 'yaml') {
      setYamlText(stringify(next));
      setYamlSyntax([]);
    }
  };

  const mergeLatest = async () => {
    setMerging(true);
    try {
      const theirs = toEditable(await k8sFetch.get<RouteObject>(ref, namespace, name));
      const result = threeWayMerge(base, draft, theirs);
      setBase(theirs);
      replaceDraft(result.value as K8sObject);
      setServerError(null);
      setNotice(
        result.conflicts.length
          ? `Merged onto the latest version. You and someone else both changed ${result.conflicts.join(', ')}: your values are kept there. Review, then save.`
          : 'Merged your changes onto the latest version; nothing overlapped. Review, then save.',
      );
    } catch (err) {
      setServerError(asApiError(err));
    } finally {
      setMerging(false);
    }
  };

  const reloadLatest = async () => {
    try {
      const theirs = toEditable(await k8sFetch.get<RouteObject>(ref, namespace, name));
      setBase(theirs);
      replaceDraft(theirs);
      setServerError(null);
      setNotice('Loaded the latest version; your unsaved changes were discarded.');
    } catch (err) {
      setServerError(asApiError(err));
    }
  };

  const changedElsewhere =
    mode === 'edit' && live.data && live.data.metadata.resourceVersion !== base.metadata.resourceVersion && !serverError?.isConflict;
  const blocked = clientCauses.length > 0 || yamlSyntax.length > 0;
  const title = mode === 'create' ? `New ${kind}` : `Edit ${kind} ${namespace}/${name}`;

  return (
    <section aria-labelledby="route-editor-heading" className="space-y-4">
      <h1 id="route-editor-heading" className="text-2xl font-semibold">
        {title}
      </h1>
      {mode === 'create' && (
        <p className="text-sm">
          <Link className="text-sky-800 underline dark:text-sky-300" href={`/apps/routes/new?kind=${kind === 'HTTPRoute' ? 'grpcroutes' : 'httproutes'}`}>
            Create a {kind === 'HTTPRoute' ? 'GRPCRoute' : 'HTTPRoute'} instead
          </Link>
        </p>
      )}
      {serverError && <ServerErrorBanner error={serverError} onMerge={mode === 'edit' ? mergeLatest : undefined} onReload={mode === 'edit' ? reloadLatest : undefined} pending={merging} />}
      {notice && <Banner tone="info">{notice}</Banner>}
      {changedElsewhere && (
        <Banner tone="warning" title="This route changed since you opened it" actions={<Button onClick={mergeLatest} pending={merging}>Merge my changes onto the latest version</Button>}>
          <p>Saving now would be refused with a conflict. Merge first to keep both changes.</p>
        </Banner>
      )}
      {data.loadError && <Banner tone="warning" title="Some choices could not be loaded">{data.loadError.message}</Banner>}
      <Tabs
        label="Editor view"
        selected={tab}
        onSelect={selectTab}
        tabs={[
          {
            id: 'form',
            label: 'Form',
            content: <RouteForm api={api} kind={kind} creating={mode === 'create'} namespaces={namespaces} parentChoices={data.parentChoices} services={data.services} />,
          },
          {
            id: 'yaml',
            label: 'YAML',
            content: <YamlEditor label="Route YAML" value={yamlText} onChange={onYamlChange} lint={lint} describedBy="route-problems" />,
          },
        ]}
      />
      <ProblemList id="route-problems" causes={[...clientCauses, ...serverCauses.map((c) => ({ ...c, message: `${c.message} (from the API)` }))]} syntax={yamlSyntax.map((s) => s.message)} />
      <div className="flex items-center gap-3">
        <Button variant="primary" onClick={() => save.mutate(draft)} pending={save.isPending} pendingLabel="Saving…" disabled={blocked} aria-describedby="route-problems">
          {mode === 'create' ? 'Create route' : 'Save changes'}
        </Button>
        <Link href={mode === 'create' ? '/apps' : routeHref(kind, namespace, name)} className="text-sm text-sky-800 underline dark:text-sky-300">
          Cancel
        </Link>
        {blocked && <span className="text-sm text-slate-600 dark:text-slate-400">Fix the problems listed above to save.</span>}
      </div>
    </section>
  );
}
