import type { CommittedWrite } from '@/server/apiserver/write-context';
import type { Logger } from '@/server/observability/logger';
import type { AuditLog } from './audit-log';

/**
 * The API server's `onWrite` observer for the history: records changes of intent by people and
 * their tools (create, update, patch, delete of the object itself). Status writes (a
 * subresource) and Portico's own components (service accounts: the controller, the proxy) are
 * left out: they report state, they do not change what was asked for. Never throws: a failed
 * record is logged and the write it describes stands.
 */
export function createWriteRecorder(log: AuditLog, logger: Logger, clock: () => Date = () => new Date()): (write: CommittedWrite) => void {
  return (write) => {
    if (write.subresource !== undefined) return;
    if (write.user.groups.includes('system:serviceaccounts')) return;
    const object = write.object ?? write.previous;
    if (!object) return;
    try {
      log.record({
        time: clock().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        username: write.user.username,
        verb: write.verb,
        group: write.type.group,
        kind: write.type.kind,
        namespace: write.type.namespaced ? (object.metadata.namespace ?? '') : '',
        name: object.metadata.name ?? '',
        resourceVersion: object.metadata.resourceVersion ?? '',
        ...(write.previous ? { before: write.previous } : {}),
        ...(write.object ? { after: write.object } : {}),
      });
    } catch (err) {
      logger.error({ err, kind: write.type.kind, namespace: object.metadata.namespace, name: object.metadata.name }, 'recording a change in the history failed');
    }
  };
}
