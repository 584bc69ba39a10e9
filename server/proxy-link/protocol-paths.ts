/** Where the snapshot protocol lives on the control plane, shared by both ends (see proxy-api-handler). */
export const PROXY_API_BASE_PATH = '/api/proxy';
/** Response header naming the version of the snapshot in the body (for a delta, the version it leads to). */
export const SNAPSHOT_VERSION_HEADER = 'x-portico-snapshot-version';
/** Response header saying whether the body is a `full` RoutingSnapshot or a `delta` (SnapshotDelta) from the version the proxy named as `base`. */
export const SNAPSHOT_KIND_HEADER = 'x-portico-snapshot-kind';
