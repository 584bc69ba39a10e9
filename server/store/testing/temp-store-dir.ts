import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for store files and a cleanup that removes it. */
export function makeTempStoreDir(): { dir: string; file: (name?: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'portico-store-'));
  return {
    dir,
    file: (name = 'store.db') => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
