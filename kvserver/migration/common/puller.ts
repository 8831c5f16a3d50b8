// The destination's priority pull (docs/netmigrate.md §9): keys a reader needs but this shard does
// not have are batched and de-duplicated, and a background timer sends a partial batch, so
// request serving never waits for the source. A pull is a MULTI_READ (4 keys a packet) to the
// source on the side channel; the source first sends the values found as a MIGRATE through
// the reliable channel (versioned like scanned data) and only then replies, so when the reply
// arrives every value it found is already applied, and the keys it lacks are known absent.

import type { Key, MultiReadReply } from '../../../wire/message.js';
import { MULTI_SLOTS, Op, Ver } from '../../../wire/ops.js';
import type { ReliableChannel } from './channel.js';

export interface PullOptions {
  /** Keys per batch (the artifact's PRIORITY_PULL_BATCH_SIZE, "same as Rocksteady"). */
  batchKeys: number;
  /** A partial batch leaves after this long (the artifact checks 100 ms only on the next miss). */
  batchTimeoutMs: number;
}

export const DEFAULT_PULL_OPTIONS: PullOptions = { batchKeys: 16, batchTimeoutMs: 2 };

export class PriorityPuller {
  private readonly options: PullOptions;
  private readonly queued: Key[] = [];
  /** Keys queued or in flight: asked once until their pull completes. */
  private readonly active = new Set<Key>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  keysRequested = 0;
  requestsSent = 0;
  failures = 0;

  constructor(
    private readonly channel: ReliableChannel,
    /** The source shard's dbPort (pull requests address it). */
    private readonly sourceDbPort: number,
    /** The side-channel UDP port pulls go to. */
    private readonly udpPort: number,
    /** A pull reply arrived for `keys` (their values are applied); `absent` lists the ones the source lacks. */
    private readonly onDone: (keys: Key[], absent: Key[]) => void,
    options: Partial<PullOptions> = {},
  ) {
    this.options = { ...DEFAULT_PULL_OPTIONS, ...options };
  }

  /** Asks for `key` unless it is already being pulled. */
  request(key: Key): void {
    if (this.active.has(key)) return;
    this.active.add(key);
    this.queued.push(key);
    this.keysRequested++;
    if (this.queued.length >= this.options.batchKeys) this.flush();
    else if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.options.batchTimeoutMs);
  }

  isPulling(key: Key): boolean {
    return this.active.has(key);
  }

  /** Resolves when nothing is queued or in flight (TERMINATE waits for this). */
  async idle(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queued.length > 0) {
      const keys = this.queued.splice(0, MULTI_SLOTS);
      const p = this.pull(keys).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async pull(keys: Key[]): Promise<void> {
    this.requestsSent++;
    const r = await this.channel.request(
      {
        op: Op.MULTI_READ,
        seq: this.channel.nextSeq(),
        dbPort: this.sourceDbPort,
        bitmap: (1 << keys.length) - 1,
        vers: keys.map(() => 0),
        keys,
      },
      this.udpPort,
    );
    for (const k of keys) this.active.delete(k);
    if (!r.ok || r.reply.op !== Op.MULTI_READ_REPLY) {
      this.failures++;
      return;
    }
    const reply = r.reply as MultiReadReply;
    this.onDone(
      keys,
      keys.filter((_, i) => ((reply.vers[i] ?? 0) & Ver.FOUND) === 0),
    );
  }
}
