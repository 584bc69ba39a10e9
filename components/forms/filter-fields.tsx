'use client';

import { useState } from 'react';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { ListItem, ListSection } from '@/components/forms/list-section';
import { numberOrUndefined, type EditorApi } from '@/components/forms/editor-api';
import { asArray, getIn, type Path } from '@/components/forms/object-path';

const HTTP_TYPES = [
  { value: 'RequestHeaderModifier', label: 'Modify request headers' },
  { value: 'ResponseHeaderModifier', label: 'Modify response headers' },
  { value: 'RequestRedirect', label: 'Redirect' },
  { value: 'URLRewrite', label: 'Rewrite URL' },
];
const GRPC_TYPES = HTTP_TYPES.slice(0, 2);

/** Where each filter type keeps its settings (the member named after the type). */
const MEMBER: Record<string, string> = {
  RequestHeaderModifier: 'requestHeaderModifier',
  ResponseHeaderModifier: 'responseHeaderModifier',
  RequestRedirect: 'requestRedirect',
  URLRewrite: 'urlRewrite',
  RequestMirror: 'requestMirror',
};

function emptyFilter(type: string): Record<string, unknown> {
  if (type === 'RequestHeaderModifier' || type === 'ResponseHeaderModifier') return { type, [MEMBER[type]!]: { set: [{ name: '', value: '' }] } };
  if (type === 'RequestRedirect') return { type, requestRedirect: { statusCode: 302 } };
  if (type === 'URLRewrite') return { type, urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } };
  return { type };
}

/**
 * A rule's filters: header modifiers, redirect and URL rewrite in the form; other filter types
 * (mirror, CORS, extension refs) are kept as they are and edited in YAML.
 */
export function FilterFields({ api, rulePath, label, grpc }: { api: EditorApi; rulePath: Path; label: string; grpc?: boolean }) {
  const path = [...rulePath, 'filters'];
  const filters = asArray<Record<string, unknown>>(getIn(api.draft, path));
  const types = grpc ? GRPC_TYPES : HTTP_TYPES;
  return (
    <ListSection id={`${label}-filters`} level="item" legend={`${label}: filters`} addLabel={`Add filter to ${label.toLowerCase()}`} onAdd={() => api.add(path, emptyFilter(types[0]!.value))} errors={api.errors(path)}>
      {filters.map((f, i) => {
        const fp = [...path, i];
        const type = String(f.type ?? '');
        const known = types.some((t) => t.value === type);
        return (
          <ListItem key={i} id={`${label}-filter-${i}`} legend={`Filter ${i + 1}`} onRemove={() => api.remove(path, i)} errors={api.errors(fp, true)}>
            <Select label="Filter type" value={type} options={known ? types : [{ value: type, label: `${type} (edit in YAML)` }, ...types]} onChange={(v) => api.set(fp, emptyFilter(v))} />
            {(type === 'RequestHeaderModifier' || type === 'ResponseHeaderModifier') && <HeaderModifier api={api} path={[...fp, MEMBER[type]!]} />}
            {type === 'RequestRedirect' && (
              <div className="grid gap-3 sm:grid-cols-2">
                <Select label="Scheme" value={String(getIn(f, ['requestRedirect', 'scheme']) ?? '')} placeholder="Keep the request's" options={[{ value: 'http', label: 'http' }, { value: 'https', label: 'https' }]} onChange={(v) => api.set([...fp, 'requestRedirect', 'scheme'], v || undefined)} />
                <TextField label="Redirect hostname" value={String(getIn(f, ['requestRedirect', 'hostname']) ?? '')} onChange={(v) => api.set([...fp, 'requestRedirect', 'hostname'], v || undefined)} />
                <TextField label="Redirect to path" value={String(getIn(f, ['requestRedirect', 'path', 'replaceFullPath']) ?? '')} onChange={(v) => api.set([...fp, 'requestRedirect', 'path'], v ? { type: 'ReplaceFullPath', replaceFullPath: v } : undefined)} />
                <Select label="Status code" value={String(getIn(f, ['requestRedirect', 'statusCode']) ?? '302')} options={[{ value: '301', label: '301 Moved Permanently' }, { value: '302', label: '302 Found' }]} onChange={(v) => api.set([...fp, 'requestRedirect', 'statusCode'], numberOrUndefined(v))} />
              </div>
            )}
            {type === 'URLRewrite' && (
              <div className="grid gap-3 sm:grid-cols-2">
                <TextField label="Rewrite hostname" value={String(getIn(f, ['urlRewrite', 'hostname']) ?? '')} onChange={(v) => api.set([...fp, 'urlRewrite', 'hostname'], v || undefined)} />
                <TextField
                  label="Replace matched prefix with"
                  value={String(getIn(f, ['urlRewrite', 'path', 'replacePrefixMatch']) ?? '')}
                  onChange={(v) => api.set([...fp, 'urlRewrite', 'path'], v ? { type: 'ReplacePrefixMatch', replacePrefixMatch: v } : undefined)}
                />
              </div>
            )}
          </ListItem>
        );
      })}
    </ListSection>
  );
}

function HeaderModifier({ api, path }: { api: EditorApi; path: Path }) {
  const set = asArray<{ name?: string; value?: string }>(getIn(api.draft, [...path, 'set']));
  // Own text state: deriving it from the list would swallow a trailing comma while typing.
  const [text, setText] = useState(() => asArray<string>(getIn(api.draft, [...path, 'remove'])).join(', '));
  return (
    <div className="space-y-2">
      {set.map((h, j) => (
        <div key={j} className="grid gap-3 sm:grid-cols-2">
          <TextField label={`Set header ${j + 1} name`} value={h.name ?? ''} onChange={(v) => api.set([...path, 'set', j, 'name'], v)} error={api.errors([...path, 'set', j], true)} />
          <TextField label={`Set header ${j + 1} value`} value={h.value ?? ''} onChange={(v) => api.set([...path, 'set', j, 'value'], v)} />
        </div>
      ))}
      <TextField
        label="Remove headers"
        description="Header names separated by commas"
        value={text}
        onChange={(v) => {
          setText(v);
          const names = v.split(',').map((s) => s.trim()).filter(Boolean);
          api.set([...path, 'remove'], names.length ? names : undefined);
        }}
        error={api.errors([...path, 'remove'], true)}
      />
    </div>
  );
}
