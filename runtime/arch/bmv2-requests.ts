// What a v1model or a PSA program asks of its engine that is the same in both (bmv2's
// simple_switch and psa_switch share it): the hash field list over the packet, hash results
// in a range, random numbers from one seeded source, assert/assume ending the pass, and the
// extern services with every digest sent at once. Each engine adds its own requests (clone,
// resubmit, recirculate, truncate, meter colors, log).

import { Random } from '../externs/random.js';
import { V1HashList } from '../externs/v1model-hash.js';
import type { TnaServices, V1ModelRequests } from '../pipeline-module.js';
import { type EngineBaseOptions, type FrameBookkeeping, failAssertion, type QueuedPass } from './frame-bookkeeping.js';
import type { PipelineState } from './pipeline-state.js';
import { createTnaServices } from './tna-services.js';

export type Bmv2CommonRequests = Pick<
  V1ModelRequests,
  'fields' | 'hashResult' | 'random' | 'randomBig' | 'assertionFailed'
>;

/**
 * The shared requests: `seed` seeds `random` and the random hash (default: from Math.random);
 * `payload` gives the part of the current packet its parser did not take (the field list
 * hashes it when a program asks for the payload).
 */
export function bmv2CommonRequests(seed: number | undefined, payload: () => Uint8Array): Bmv2CommonRequests {
  const rng = new Random(64, seed);
  const fields = new V1HashList(payload, rng);
  return {
    fields: () => fields.begin(),
    hashResult: (h, base, max) => BigInt.asUintN(64, base + (h % (max === 0n ? 1n : max))),
    random: (lo, hi) => (hi <= lo ? lo : lo + (rng.get() % (hi - lo + 1))),
    randomBig: (lo, hi) => (hi <= lo ? lo : lo + (rng.getBig() % (hi - lo + 1n))),
    assertionFailed: failAssertion,
  };
}

/**
 * A v1model or PSA program's extern services: TNA's, over the engine's current packet, each
 * digest counted in the engine's stats and handed on. v1model's digest() and PSA's
 * Digest.pack() send at once: every digest is active (no digest_type selects).
 */
export function bmv2Services(
  state: PipelineState,
  book: FrameBookkeeping<QueuedPass>,
  o: Pick<EngineBaseOptions, 'trace' | 'onDigest'>,
): TnaServices {
  const onDigest = o.onDigest;
  const { services } = createTnaServices(state, book.current, o.trace, (m) => {
    book.stats.digests++;
    onDigest?.(m);
  });
  for (const d of services.digests) d.dprsr = { mirror_type: 0, digest_type: d.digestType ?? 1 };
  return services;
}
