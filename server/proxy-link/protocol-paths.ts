/** Where the snapshot protocol lives on the control plane, shared by both ends (see proxy-api-handler). */
export const PROXY_API_BASE_PATH = '/api/proxy';
/** Response header naming the version of the snapshot in the body. */
export const SNAPSHOT_VERSION_HEADER = 'x-portico-snapshot-version';
