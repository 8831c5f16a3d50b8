// The engine's clock per pass: one reading per ingress pass (an egress pass sees the time of
// the ingress pass that sent it), in nanoseconds, and `global_tstamp` made lazily. The bigint
// global_tstamp costs more than the clock reading itself, and most programs never read it, so
// the parser metadata's field becomes an accessor that makes it on first read.

import type { IntrinsicMetadataFromParser } from '../pipeline-module.js';

export class PassClock {
  /** The time of the current ingress pass. */
  nowNs = 0;
  /** When set, the time every pass reads instead of the clock (a generated packet's own time). */
  pinned: number | undefined = undefined;
  private readonly read: () => number;
  private big = 0n;
  private bigOf = -1;
  /** global_tstamp as the program wrote it in this pass, per gress (0 ingress, 1 egress). */
  private readonly written: (bigint | undefined)[] = [undefined, undefined];
  private lazy = true;

  constructor(read: () => number) {
    this.read = read;
  }

  /** A new ingress pass: reads the clock. */
  tick(): number {
    this.nowNs = this.pinned ?? this.read();
    return this.nowNs;
  }

  /**
   * Makes `md.global_tstamp` an accessor: it reads this pass's time unless the program wrote
   * it in this pass. Without an accessor (a frozen object) the field is assigned each pass.
   */
  install(md: IntrinsicMetadataFromParser, gress: 0 | 1): void {
    const written = this.written;
    try {
      Object.defineProperty(md, 'global_tstamp', {
        configurable: true,
        enumerable: true,
        get: () => written[gress] ?? this.tstamp(),
        set: (v: bigint) => {
          written[gress] = v;
        },
      });
    } catch {
      this.lazy = false;
    }
  }

  /** A pass of `gress` starts: global_tstamp is the time of the current ingress pass again. */
  startPass(md: IntrinsicMetadataFromParser, gress: 0 | 1): void {
    if (this.lazy) this.written[gress] = undefined;
    else md.global_tstamp = this.tstamp();
  }

  /** This pass's time as a bigint: one per clock reading, made when first asked for. */
  tstamp(): bigint {
    if (this.bigOf !== this.nowNs) {
      this.big = BigInt(this.nowNs);
      this.bigOf = this.nowNs;
    }
    return this.big;
  }
}
