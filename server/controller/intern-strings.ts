/**
 * One copy of each repeated string in the informer cache. JSON.parse gives every object its own
 * copies of `gateway.networking.k8s.io`, `ResolvedRefs`, `portico.dev/gateway-controller`, the
 * condition messages...: at 10,000 HTTPRoutes 150,000 strings of which 4.9 MB were duplicates
 * (over a quarter of the 17 MB cache; 1.5 MB of strings remain). Interning replaces, in place,
 * each string value of a freshly parsed object with the copy the table already holds; equal
 * strings are equal to every reader, so nothing downstream can tell.
 *
 * Bounded: the table is emptied when it reaches `capacity` (it fills again with what is still
 * repeated), and long strings (certificates, last-applied annotations) are left alone. Metadata
 * values unique to each object (name, uid, resourceVersion, timestamps) are not interned: they
 * would only fill the table.
 */
export class StringInterner {
  private readonly table = new Map<string, string>();

  constructor(
    private readonly capacity = 16_384,
    private readonly maxLength = 128,
  ) {}

  intern(value: string): string {
    if (value.length > this.maxLength) return value;
    const found = this.table.get(value);
    if (found !== undefined) return found;
    if (this.table.size >= this.capacity) this.table.clear();
    this.table.set(value, value);
    return value;
  }

  /** How many strings the table holds (tests). */
  get size(): number {
    return this.table.size;
  }

  /**
   * Interns the string values of a Kubernetes object just parsed from JSON (it must not be
   * shared yet): everything outside `metadata`, and of `metadata` the namespace and the labels.
   */
  internObject(object: { metadata?: unknown } & Record<string, unknown>): void {
    for (const key of Object.keys(object)) {
      if (key === 'metadata') continue;
      object[key] = this.internValue(object[key]);
    }
    const metadata = object.metadata as { namespace?: unknown; labels?: unknown } | undefined;
    if (metadata === null || typeof metadata !== 'object') return;
    if (typeof metadata.namespace === 'string') metadata.namespace = this.intern(metadata.namespace);
    if (metadata.labels !== null && typeof metadata.labels === 'object') this.internValue(metadata.labels);
  }

  private internValue(value: unknown): unknown {
    if (typeof value === 'string') return this.intern(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.internValue(value[i]);
      return value;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = this.internValue(record[key]);
    return value;
  }
}
