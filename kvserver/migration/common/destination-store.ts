// The destination's guard over its shard during a migration (docs/netmigrate.md §9 "No lost
// updates"): values from the source (scan, late-write forwards, pull answers) carry the
// source channel's seq as a version and apply only when newer than the last one applied to
// that key, and never to a key a client wrote or deleted here since the migration began
// (those keys, deletes included as tombstones, stay guarded until TERMINATE, because a pull
// answer may still be on its way after the key's group completed).

import type { Key } from '../../../wire/message.js';
import type { KvDict } from '../../store/dict.js';
import { KeyVersions } from './key-versions.js';

export type KeyKnowledge = 'present' | 'absent' | 'unknown';

export class GuardedStore {
  /** Keys written or deleted by clients at this shard during the migration. */
  private readonly clientTouched = new Set<Key>();
  /** Highest source version applied (or refused) per key. */
  private readonly sourceVersion = new KeyVersions();
  /** Keys a pull found absent at the source. */
  private readonly pulledAbsent = new Set<Key>();
  skippedOlder = 0;
  skippedClientNewer = 0;

  constructor(private readonly store: KvDict) {}

  /** Sizes the per-key versions for `keys` keys (the source's table size, at INIT). */
  reserve(keys: number): void {
    this.sourceVersion.reserve(keys);
  }

  /** A client write or delete is about to be applied here. */
  clientWrote(key: Key): void {
    this.clientTouched.add(key);
  }

  /**
   * Applies a value read at the source (value undefined = the source deleted it); false when
   * skipped. The store copies `value`, so a view into a datagram will do.
   */
  applySource(key: Key, value: Uint8Array | undefined, version: bigint): boolean {
    if (!this.takesFromSource(key, version)) return false;
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
    return true;
  }

  /**
   * applySource() for a value at bytes[at, at + length) (a packed MIGRATE record): the
   * per-pair path of a migration, with no view made per pair.
   */
  applySourceFrom(key: Key, bytes: Uint8Array, at: number, length: number, version: bigint): boolean {
    if (!this.takesFromSource(key, version)) return false;
    this.store.setFrom(key, bytes, at, length);
    return true;
  }

  /** Whether the source's copy of `key` at `version` is applied: newer than the last one taken, and not a key a client has written here since (each skip counted). */
  private takesFromSource(key: Key, version: bigint): boolean {
    // The table's number path (every version our source sends) makes no bigint per key.
    if (!this.sourceVersion.advance(key, version)) {
      this.skippedOlder++;
      return false;
    }
    if (this.clientTouched.size > 0 && this.clientTouched.has(key)) {
      this.skippedClientNewer++;
      return false;
    }
    return true;
  }

  /** Keys clients wrote or deleted here since the migration began. */
  clientTouchedKeys(): Key[] {
    return [...this.clientTouched];
  }

  /** A pull answered "absent at the source" for `key`. */
  markPulledAbsent(key: Key): void {
    this.pulledAbsent.add(key);
  }

  /**
   * What this shard can say about `key` without the source: present; absent for sure (a
   * client deleted it here, a pull found nothing, or `groupComplete` says all of the source's
   * data for it arrived); or unknown (the source may have it).
   */
  knowledge(key: Key, groupComplete: boolean): KeyKnowledge {
    if (this.store.has(key)) return 'present';
    if (groupComplete || this.clientTouched.has(key) || this.pulledAbsent.has(key) || this.sourceVersion.has(key))
      return 'absent';
    return 'unknown';
  }

  /** TERMINATE: the source holds nothing newer any more; forget the guards. */
  clear(): void {
    this.clientTouched.clear();
    this.sourceVersion.clear();
    this.pulledAbsent.clear();
  }
}
