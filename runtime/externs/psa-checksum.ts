// PSA's `Checksum<W>(PSA_HashAlgorithm_t)` (docs/psa.md): `update(data)` appends a field list,
// `get()` is the algorithm over everything appended since `clear()`. Each update's list is
// packed as bmv2's psa_switch packs a Hash's (zero bits at its start to whole bytes), so a
// checksum of one update equals the Hash of the same list.

import { Random } from './random.js';
import { V1HashList } from './v1model-hash.js';

export class PsaChecksum extends V1HashList {
  constructor(private readonly algorithm: string) {
    // No payload and no random algorithm among PSA's: neither source is ever read.
    super(() => new Uint8Array(0), new Random(32, 0));
  }

  /** Starts the next update's fields, after those of the earlier updates. */
  update(): this {
    return this;
  }

  clear(): void {
    this.begin();
  }

  /** The algorithm over every update since `clear()`, as an unsigned bigint. */
  get(): bigint {
    return this.compute(this.algorithm);
  }
}
