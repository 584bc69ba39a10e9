import type { SnapshotAck } from '@/lib/ir/protocol';

/**
 * The admin URLs proxies report in their acks, by proxy id, limited to loopback hosts: the
 * control plane fetches these (for /stats), and an ack is written by whoever holds a proxy
 * token, so it must not become a way to make the control plane call arbitrary addresses. A proxy
 * on another host is not read (its admin port is on that host's loopback anyway).
 */
export function loopbackAdminUrls(acks: ReadonlyMap<string, Pick<SnapshotAck, 'adminUrl'>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, ack] of acks) {
    if (ack.adminUrl && isLoopbackHttpUrl(ack.adminUrl)) out.set(id, ack.adminUrl);
  }
  return out;
}

function isLoopbackHttpUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.username || url.password) return false;
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
}
