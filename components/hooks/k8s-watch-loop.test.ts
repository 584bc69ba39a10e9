import { afterEach, describe, expect, it, vi } from 'vitest';
import { runK8sWatch, shareWatch } from '@/components/hooks/k8s-watch-loop';
import type { ObjectWatchEvent } from '@/lib/api/k8s-types';
import { REFS } from '@/lib/api/resource-refs';

function streamOf(lines: string[], keepOpen = false): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(ctl) {
      // Split one line across chunks: the reader must join partial lines.
      for (const l of lines) {
        const half = Math.floor(l.length / 2);
        ctl.enqueue(enc.encode(l.slice(0, half)));
        ctl.enqueue(enc.encode(l.slice(half) + '\n'));
      }
      if (!keepOpen) ctl.close();
    },
  });
  return new Response(body, { status: 200 });
}

const ev = (type: string, rv: string, name = 'a') => JSON.stringify({ type, object: { kind: 'ConfigMap', metadata: { name, resourceVersion: rv } } });

afterEach(() => vi.unstubAllGlobals());

describe('runK8sWatch', () => {
  it('delivers events, resumes from the last version, and relists on 410', async () => {
    const urls: string[] = [];
    const responses = [
      () => streamOf([ev('ADDED', '5'), ev('MODIFIED', '6')]),
      () => streamOf([JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } })]),
      () => streamOf([ev('MODIFIED', '21')], true),
    ];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      const next = responses.shift();
      return next ? next() : new Promise(() => {});
    });
    const events: ObjectWatchEvent[] = [];
    let listRv = '4';
    const relisted = vi.fn(async () => {
      listRv = '20';
    });
    const stop = runK8sWatch({ ref: REFS.services, namespace: 'a', getResourceVersion: () => listRv, onEvent: (e) => events.push(e), onExpired: relisted });
    await vi.waitFor(() => expect(events.map((e) => e.object.metadata.resourceVersion)).toEqual(['5', '6', '21']), { timeout: 5000 });
    stop();
    expect(urls[0]).toBe('/k8s/api/v1/namespaces/a/services?watch=1&resourceVersion=4&allowWatchBookmarks=true');
    expect(urls[1]).toContain('resourceVersion=6');
    expect(relisted).toHaveBeenCalledTimes(1);
    expect(urls[2]).toContain('resourceVersion=20');
  });

  it('backs off and retries after a failed connection', async () => {
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('network down');
      return streamOf([ev('ADDED', '9')], true);
    });
    const events: ObjectWatchEvent[] = [];
    const stop = runK8sWatch({ ref: REFS.services, getResourceVersion: () => '1', onEvent: (e) => events.push(e), onExpired: async () => {} });
    await vi.waitFor(() => expect(events).toHaveLength(1), { timeout: 5000 });
    stop();
    expect(calls).toBe(2);
  });
});

describe('shareWatch', () => {
  it('starts once per id and stops after the last release', () => {
    const stop = vi.fn();
    const start = vi.fn(() => stop);
    const a = shareWatch('x', start);
    const b = shareWatch('x', start);
    expect(start).toHaveBeenCalledTimes(1);
    a();
    a();
    expect(stop).not.toHaveBeenCalled();
    b();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
