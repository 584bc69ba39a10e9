import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { K8sObject } from '@/lib/k8s/object';
import type { CommittedWrite } from '@/server/apiserver/write-context';

/**
 * The change history of objects written through Portico's /k8s API: `<dataDir>/audit.sqlite`,
 * a sibling of the object store (which holds its database under an exclusive lock), with one
 * table of its own. Each row keeps who, when, the verb and the whole object before and after,
 * so any version can be shown, diffed and restored. Rows are never rewritten.
 */

export type AuditVerb = CommittedWrite['verb'];

export interface AuditEntry {
  id: number;
  time: string;
  username: string;
  verb: AuditVerb;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  before?: K8sObject;
  after?: K8sObject;
}

export interface ObjectRef {
  group: string;
  kind: string;
  /** '' for cluster-scoped kinds. */
  namespace: string;
  name: string;
}

interface Row {
  id: number;
  time: string;
  username: string;
  verb: AuditVerb;
  api_group: string;
  kind: string;
  namespace: string;
  name: string;
  resource_version: string;
  before_json: string | null;
  after_json: string | null;
}

/** Entries per object kept; older ones are dropped on write, so a busy object cannot grow without bound. */
const KEEP_PER_OBJECT = 200;

export class AuditLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly byObject: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly trim: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    if (file !== ':memory:') fs.chmodSync(file, 0o600);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS object_changes (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        time             TEXT NOT NULL,
        username         TEXT NOT NULL,
        verb             TEXT NOT NULL,
        api_group        TEXT NOT NULL,
        kind             TEXT NOT NULL,
        namespace        TEXT NOT NULL,
        name             TEXT NOT NULL,
        resource_version TEXT NOT NULL,
        before_json      TEXT,
        after_json       TEXT
      );
      CREATE INDEX IF NOT EXISTS object_changes_by_object ON object_changes (api_group, kind, namespace, name, id);
    `);
    this.insert = this.db.prepare(`INSERT INTO object_changes (time, username, verb, api_group, kind, namespace, name, resource_version, before_json, after_json)
      VALUES (@time, @username, @verb, @api_group, @kind, @namespace, @name, @resource_version, @before_json, @after_json)`);
    this.byObject = this.db.prepare(`SELECT * FROM object_changes WHERE api_group = ? AND kind = ? AND namespace = ? AND name = ? ORDER BY id DESC LIMIT ?`);
    this.byId = this.db.prepare(`SELECT * FROM object_changes WHERE id = ?`);
    this.trim = this.db.prepare(`DELETE FROM object_changes WHERE api_group = ? AND kind = ? AND namespace = ? AND name = ? AND id <= (
      SELECT id FROM object_changes WHERE api_group = ? AND kind = ? AND namespace = ? AND name = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`);
  }

  static open(dataDir: string): AuditLog {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new AuditLog(path.join(dataDir, 'audit.sqlite'));
  }

  record(entry: Omit<AuditEntry, 'id'>): number {
    const key = [entry.group, entry.kind, entry.namespace, entry.name];
    const result = this.db.transaction(() => {
      const inserted = this.insert.run({
        time: entry.time,
        username: entry.username,
        verb: entry.verb,
        api_group: entry.group,
        kind: entry.kind,
        namespace: entry.namespace,
        name: entry.name,
        resource_version: entry.resourceVersion,
        before_json: entry.before ? JSON.stringify(entry.before) : null,
        after_json: entry.after ? JSON.stringify(entry.after) : null,
      });
      this.trim.run(...key, ...key, KEEP_PER_OBJECT);
      return inserted;
    })();
    return Number(result.lastInsertRowid);
  }

  /** The object's entries, newest first. */
  list(ref: ObjectRef, limit = 50): AuditEntry[] {
    return (this.byObject.all(ref.group, ref.kind, ref.namespace, ref.name, limit) as Row[]).map(toEntry);
  }

  get(id: number): AuditEntry | undefined {
    const row = this.byId.get(id) as Row | undefined;
    return row ? toEntry(row) : undefined;
  }

  close(): void {
    this.db.close();
  }
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    time: row.time,
    username: row.username,
    verb: row.verb,
    group: row.api_group,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    resourceVersion: row.resource_version,
    ...(row.before_json ? { before: JSON.parse(row.before_json) as K8sObject } : {}),
    ...(row.after_json ? { after: JSON.parse(row.after_json) as K8sObject } : {}),
  };
}
