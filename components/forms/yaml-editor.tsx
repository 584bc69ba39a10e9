'use client';

import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { completionsFor, yamlContextAt } from '@/components/forms/yaml-completion';

export interface YamlProblem {
  from: number;
  to: number;
  message: string;
}

export interface YamlEditorProps {
  /** Accessible name of the editing area. */
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** Problems to underline, computed from the text by the parent (same validation as the API). */
  lint: (text: string) => YamlProblem[];
  describedBy?: string;
}

function complete(ctx: CompletionContext): CompletionResult | null {
  const word = ctx.matchBefore(/[\w/.-]*/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  const c = completionsFor(yamlContextAt(ctx.state.doc.toString(), word.from));
  if (c.options.length === 0) return null;
  return {
    from: word.from,
    options: c.options.map((o) => ({ label: o, type: c.kind === 'key' ? 'property' : 'enum', apply: c.kind === 'key' ? `${o}: ` : o })),
  };
}

/**
 * CodeMirror 6 with YAML highlighting, schema-aware key completion and lint from the same
 * validation the API runs. The editor owns its text while focused; the parent gets every
 * change and may replace the text (a reload or merge) through `value`.
 */
export function YamlEditor({ label, value, onChange, lint, describedBy }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const lintRef = useRef(lint);
  onChangeRef.current = onChange;
  lintRef.current = lint;

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          linter((ev) => lintRef.current(ev.state.doc.toString()).map((p): Diagnostic => ({ from: p.from, to: Math.min(p.to, ev.state.doc.length), severity: 'error', message: p.message })), { delay: 250 }),
          autocompletion({ override: [complete] }),
          keymap.of([]),
          EditorView.contentAttributes.of({ 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          EditorView.theme({ '&': { fontSize: '13px' }, '.cm-content': { fontFamily: 'ui-monospace, monospace' } }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // Created once; later `value` changes are applied below without recreating the editor.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== value) v.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} className="overflow-hidden rounded-md border border-slate-300 bg-white text-slate-900 dark:border-slate-600" />;
}
