'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { postPorticoApi, type PorticoApiError } from '@/lib/api/access-requests';
import type { ObjectLike } from '@/lib/api/k8s-types';
import {
  MATCH_PREVIEW_PATH,
  TEST_REQUEST_PATH,
  type MatchPreviewResponse,
  type SimulatedRequestInput,
  type TestRequestInput,
  type TestRequestResponse,
} from '@/lib/api/match-preview';
import { REFS } from '@/lib/api/resource-refs';
import { useK8sObject } from '@/components/hooks/use-k8s-object';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { FieldMessage, describedBy } from '@/components/ui/field-message';
import { inputClass } from '@/components/ui/field-styles';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { parseHeaderLines } from './parse-header-lines';
import { PredictionView } from './prediction-view';
import { RealResponseView } from './real-response-view';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => ({ value: m, label: m }));

interface GatewayListener {
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
}

export interface TestRequestPanelProps {
  gateway: { namespace: string; name: string };
  defaultHost?: string;
  defaultPath?: string;
  /** A heading level-3 title; the panel has its own labelled region. */
  title?: string;
}

/**
 * "Which route serves this request?" for one Gateway: enter a request, see the prediction
 * (computed on the server by the proxy's own routing code), then send it for real through the
 * proxy and compare. Reusable: the route pages embed it with their host and path.
 */
export function TestRequestPanel({ gateway, defaultHost = '', defaultPath = '/', title = 'Test a request' }: TestRequestPanelProps) {
  const headingId = useId();
  const headersId = useId();
  const bodyId = useId();
  const gw = useK8sObject<ObjectLike & { spec?: { listeners?: GatewayListener[] } }>(REFS.gateways, gateway.namespace, gateway.name);
  const listeners = (gw.data?.spec?.listeners ?? []).filter((l) => l.protocol === 'HTTP' || l.protocol === 'HTTPS');
  const [port, setPort] = useState('');
  const [method, setMethod] = useState('GET');
  const [host, setHost] = useState(defaultHost);
  const [path, setPath] = useState(defaultPath);
  const [query, setQuery] = useState('');
  const [headerText, setHeaderText] = useState('');
  const [body, setBody] = useState('');
  const parsedHeaders = parseHeaderLines(headerText);
  const chosen = listeners.find((l) => String(l.port) === port) ?? listeners[0];

  const request = (): SimulatedRequestInput => ({
    gateway,
    ...(chosen ? { listenerPort: chosen.port } : {}),
    scheme: chosen?.protocol === 'HTTPS' ? 'https' : 'http',
    method,
    host,
    path,
    query,
    headers: parsedHeaders.headers,
  });

  const predict = useMutation<MatchPreviewResponse, PorticoApiError, SimulatedRequestInput>({
    mutationFn: (req) => postPorticoApi<MatchPreviewResponse>(MATCH_PREVIEW_PATH, req),
  });
  const send = useMutation<TestRequestResponse, PorticoApiError, TestRequestInput>({
    mutationFn: (req) => postPorticoApi<TestRequestResponse>(TEST_REQUEST_PATH, req),
  });

  const onPredict = (e: FormEvent) => {
    e.preventDefault();
    if (parsedHeaders.errors.length > 0) return;
    send.reset();
    predict.mutate(request());
  };
  const onSend = () => {
    if (parsedHeaders.errors.length > 0) return;
    const req = request();
    // The prediction is refreshed with the same input, so the two are always about one request.
    predict.mutate(req);
    send.mutate({ ...req, ...(body !== '' ? { body } : {}) });
  };

  return (
    <section aria-labelledby={headingId} className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 id={headingId} className="text-xl font-semibold">
        {title} on Gateway {gateway.namespace}/{gateway.name}
      </h2>
      <form onSubmit={onPredict} className="grid gap-3 md:grid-cols-2" aria-label="Request to simulate">
        <Select
          label="Listener"
          value={chosen ? String(chosen.port) : ''}
          onChange={setPort}
          options={listeners.map((l) => ({ value: String(l.port), label: `${l.name} (${l.protocol} ${l.port}${l.hostname ? `, ${l.hostname}` : ''})` }))}
          placeholder={listeners.length === 0 ? (gw.isPending ? 'Loading listeners…' : 'No HTTP listeners') : undefined}
        />
        <Select label="Method" value={method} onChange={setMethod} options={METHODS} />
        <TextField label="Host" value={host} onChange={setHost} required placeholder="shop.example.com" autoComplete="off" />
        <TextField label="Path" value={path} onChange={setPath} placeholder="/" autoComplete="off" />
        <TextField label="Query string" value={query} onChange={setQuery} placeholder="page=2&sort=asc" autoComplete="off" />
        <div className="space-y-1">
          <label htmlFor={headersId} className="block text-sm font-medium">
            Headers
          </label>
          <textarea
            id={headersId}
            rows={3}
            value={headerText}
            onChange={(e) => setHeaderText(e.target.value)}
            placeholder="x-canary: true"
            aria-invalid={parsedHeaders.errors.length > 0 || undefined}
            aria-describedby={describedBy(headersId, parsedHeaders.errors, 'One header per line, as Name: value.')}
            className={`${inputClass(parsedHeaders.errors.length > 0)} font-mono`}
          />
          <FieldMessage id={headersId} error={parsedHeaders.errors} description="One header per line, as Name: value." />
        </div>
        <div className="space-y-1 md:col-span-2">
          <label htmlFor={bodyId} className="block text-sm font-medium">
            Body (sent for real only)
          </label>
          <textarea id={bodyId} rows={2} value={body} onChange={(e) => setBody(e.target.value)} className={`${inputClass(false)} font-mono`} />
        </div>
        <div className="flex flex-wrap gap-2 md:col-span-2">
          <Button type="submit" variant="primary" pending={predict.isPending && !send.isPending} pendingLabel="Predicting…">
            Predict
          </Button>
          <Button onClick={onSend} pending={send.isPending} pendingLabel="Sending…">
            Send for real
          </Button>
        </div>
      </form>
      {predict.error && <Banner tone="error" title="The prediction failed">{predict.error.message}</Banner>}
      {send.error && <Banner tone="error" title="The request could not be sent">{send.error.message}</Banner>}
      {(predict.data || send.data) && (
        <div className="grid gap-6 lg:grid-cols-2">
          {predict.data && <PredictionView preview={predict.data} />}
          {send.data && <RealResponseView response={send.data} />}
        </div>
      )}
    </section>
  );
}
