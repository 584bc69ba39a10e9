import type { K8sObject } from '@/lib/k8s/object';
import type { Revision, StoreEvent } from '@/server/store/types';

/**
 * One committed change as stored: the object JSON is parsed only when a watcher wants it, once,
 * and the resulting event is shared by every watcher (so it is frozen: a watcher that mutated it
 * would corrupt what the others see).
 */
export class ChangeRecord {
  private event: StoreEvent | undefined;

  constructor(
    readonly type: StoreEvent['type'],
    readonly key: string,
    readonly revision: Revision,
    private readonly valueJson: string,
    private readonly prevValueJson: string | null,
  ) {}

  toEvent(): StoreEvent {
    if (this.event === undefined) {
      const event: StoreEvent = {
        type: this.type,
        key: this.key,
        revision: this.revision,
        value: JSON.parse(this.valueJson) as K8sObject,
      };
      if (this.prevValueJson !== null) event.prevValue = JSON.parse(this.prevValueJson) as K8sObject;
      this.event = deepFreeze(event);
    }
    return this.event;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
