// The STF extension `expect_digest NAME [FIELD:VALUE…]`: the digests the program sends (TNA
// Digest.pack, v1model digest()) are kept in order, and the k-th `expect_digest` naming a
// digest is compared with the k-th digest of that name, field by field (fields left out are
// don't-care). When a file has any expect_digest, every digest sent must be expected: a
// digest no expect_digest waits for is a failure, as a packet on a checked port is.

import type { DigestMessage } from '../../runtime/externs/deparser-externs.js';
import type { P4Info } from '../../runtime/p4info.js';
import type { StfFailure } from './runner.js';

export interface DigestExpectation {
  readonly line: number;
  readonly digest: string;
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

interface Received {
  readonly digest: string;
  readonly values: readonly (number | bigint)[];
  /** The `packet` line whose frame sent it. */
  readonly line: number;
}

export class DigestChecks {
  private readonly received: Received[] = [];
  private readonly expected: DigestExpectation[] = [];

  constructor(private readonly p4info: P4Info) {}

  /** A digest the engine delivered while the packet at `line` was processed (idle-timeout notices are not digests). */
  receive(m: DigestMessage, line: number): void {
    if (m.table !== undefined) return;
    this.received.push({ digest: m.digest, values: m.values, line });
  }

  expect(e: DigestExpectation): void {
    this.expected.push(e);
  }

  /** Compares the expectations with what came; returns how many expectations there were. */
  check(fail: (f: StfFailure) => void): number {
    if (this.expected.length === 0) return 0;
    const seen = new Map<string, number>();
    for (const e of this.expected) {
      const d = this.resolve(e.digest);
      if (typeof d === 'string') {
        fail({ kind: 'command', line: e.line, message: `expect_digest: ${d}` });
        continue;
      }
      const k = seen.get(d.name) ?? 0;
      seen.set(d.name, k + 1);
      const got = this.received.filter((r) => r.digest === d.name)[k];
      if (got === undefined) {
        fail({ kind: 'digest', line: e.line, message: `expected digest #${k + 1} of ${d.name}, none came` });
        continue;
      }
      for (const f of e.fields) {
        const i = d.fields.findIndex((x) => x.name === f.name);
        if (i < 0) {
          const names = d.fields.map((x) => x.name).join(', ');
          fail({
            kind: 'command',
            line: e.line,
            message: `expect_digest: ${d.name} has no field ${f.name} (${names})`,
          });
          continue;
        }
        const actual = BigInt(got.values[i] ?? 0);
        if (actual !== BigInt(f.value))
          fail({
            kind: 'digest',
            line: e.line,
            expected: f.value,
            actual: `0x${actual.toString(16)}`,
            message: `digest #${k + 1} of ${d.name} (from the packet at line ${got.line}): ${f.name} is 0x${actual.toString(16)}, expected ${f.value}`,
          });
      }
    }
    // Digests beyond the expected ones.
    const counts = new Map<string, number>();
    for (const r of this.received) {
      const n = (counts.get(r.digest) ?? 0) + 1;
      counts.set(r.digest, n);
      if (n > (seen.get(r.digest) ?? 0))
        fail({
          kind: 'digest',
          line: r.line,
          message: `digest #${n} of ${r.digest} came (from the packet at line ${r.line}) and no expect_digest waits for it`,
        });
    }
    return this.expected.length;
  }

  /** A digest by its name or a unique suffix (as tables are named). */
  private resolve(name: string): P4Info['digests'][number] | string {
    const all = this.p4info.digests;
    const exact = all.find((d) => d.name === name);
    if (exact !== undefined) return exact;
    const suffix = all.filter((d) => d.name.endsWith(`.${name}`));
    if (suffix.length === 1) return suffix[0] as P4Info['digests'][number];
    return suffix.length === 0 ? `no digest named ${name}` : `digest name ${name} is ambiguous`;
  }
}
