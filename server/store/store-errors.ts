/**
 * I/O errors of the SQLite store, each with a stable `code` (the API boundary maps codes to HTTP
 * statuses) and the underlying `cause`. `StoreExpiredError` lives in types.ts with the contract.
 */

export type StoreOpenErrorCode =
  /** The file could not be opened or created (permissions, missing directory, disk full). */
  | 'STORE_OPEN_FAILED'
  /** The file is not a SQLite database, or SQLite found it damaged. */
  | 'STORE_CORRUPT'
  /** A valid SQLite database that belongs to another application. */
  | 'STORE_FOREIGN'
  /** Written by a newer Portico whose schema this version does not know. */
  | 'STORE_TOO_NEW'
  /** Another process has the store open (the store holds an exclusive lock while open). */
  | 'STORE_LOCKED';

/** The store could not be opened; the message names the file and says what to do. */
export class StoreOpenError extends Error {
  constructor(
    readonly code: StoreOpenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

/** An operation on a store after `close()`. */
export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}

/**
 * A committed write whose WAL fsync failed (an I/O error): it is visible, but the disk did not
 * confirm it, so it is not acknowledged as durable.
 */
export class StoreDurabilityError extends Error {
  readonly code = 'STORE_NOT_DURABLE';
  constructor(cause: unknown) {
    super(`the write was committed but the disk did not confirm it (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'StoreDurabilityError';
  }
}

/** A read at a revision the store has not reached yet. */
export class StoreFutureRevisionError extends Error {
  readonly code = 'STORE_FUTURE_REVISION';
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`revision ${requested} is newer than the current revision ${current}`);
    this.name = 'StoreFutureRevisionError';
  }
}
