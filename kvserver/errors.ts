// Coded errors of the KV server's API (not of the wire: see protocol/errors.ts). Callers
// match on `code`, which is stable.

export type KvErrorCode = 'KV_WRONG_SHARD' | 'KV_BAD_OPTIONS' | 'KV_MIGRATION_ABORTED';

export class KvError extends Error {
  constructor(
    readonly code: KvErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'KvError';
  }
}
