// The YCSB client process core: a load phase that writes every record of its range, then a
// run phase that draws operations from a workload, either as fast as a window of outstanding
// requests allows (closed loop) or at a target rate (open loop, still bounded by the window).
// Requests go out as frames addressed to the source shard; the tracker matches replies by
// seq; metrics and the history record every operation.

import type { Logger } from 'pino';
import type { Ipv4, Mac } from '../wire/addresses.js';
import { decodeMessage, payloadBytes } from '../wire/codec.js';
import type { FrameAddress } from '../wire/frame.js';
import { decodeFrame, FRAME_HEADER_BYTES } from '../wire/frame.js';
import type { Framing } from '../wire/framing.js';
import type { ClientReply, ClientRequest, Key } from '../wire/message.js';
import { DEFAULT_VALUE_BYTES, isClientReplyOp, Op, Ports } from '../wire/ops.js';
import { MessageSender } from '../wire/send-message.js';
import { type PeerAddress, type PortCounters, UdpPort } from '../wire/udp-port.js';
import type { HistoryOp } from './history.js';
import { History, machineMs, NO_RESPONSE, wallClockMs } from './history.js';
import type { IntervalStats, LatencySummary } from './metrics.js';
import { PhaseMetrics } from './metrics.js';
import { PlainClientProtocol } from './protocols/plain.js';
import type { ClientProtocol, ClientTrafficCounters } from './protocols/protocol.js';
import type { RequestOutcome, TrackerCounters, TrackerOptions } from './tracker.js';
import { RequestTracker } from './tracker.js';
import { MIN_VALUE_BYTES, makeValue, recordKey, writeTag } from './workload/keys.js';
import type { Operation, WorkloadSpec } from './workload/ycsb.js';
import { workloadByName, YcsbWorkload } from './workload/ycsb.js';

export interface ServerTarget {
  mac: Mac;
  ip: Ipv4;
  /** The server's request-agent UDP port (default 0xBE40 + clientId mod 64). */
  udpPort?: number;
  dbPort: number;
}

export interface RunPhaseOptions {
  /** Stop after this many operations (transactions) ... */
  operations?: number;
  /** ... or after this long, whichever comes first. */
  durationMs?: number;
  /** Open loop at this rate; absent = closed loop. */
  targetOpsPerSec?: number;
  /** Transactions in flight at most. */
  window?: number;
}

export interface ClientOptions {
  clientId: number;
  mac: Mac;
  ip: Ipv4;
  /** This client's UDP port (default 0xBE00 + clientId mod 64). */
  udpPort?: number;
  server: ServerTarget;
  nicPort?: number;
  bindAddress?: string;
  switchAddress?: PeerAddress;
  framing?: Framing;
  valueBytes?: number;
  /** A spec, or a name: "A".."F", "w0".."w100". */
  workload: WorkloadSpec | string;
  recordCount: number;
  /** Records [start, end) to write first (default all); false skips the load. */
  load?: false | { start?: number; end?: number; window?: number };
  run?: false | RunPhaseOptions;
  tracker?: Partial<TrackerOptions>;
  /** The switch walks multi-key requests, one reply per key (TrackerOptions.multiKeyWalk). */
  multiKeyWalk?: boolean;
  intervalMs?: number;
  seed?: number;
  /** Client-side behaviour of the migration protocol in use (default: none special). */
  protocol?: ClientProtocol;
  /** Keep the operation history (default true). */
  history?: boolean;
  /**
   * Called as each write is sent (key, its tag, invoke time on the wall clock), before any
   * answer: a journal that survives a kill -9 of this process (docs/faults.md "Process faults").
   */
  onWriteInvoked?: (key: Key, tag: string, invokeMs: number) => void;
  /** First record this client inserts (default recordCount + clientId × 2^24). */
  insertStart?: number;
  logger?: Logger;
}

export interface PhaseResult {
  ops: number;
  failures: number;
  seconds: number;
  opsPerSec: number;
  latency: LatencySummary;
  artifactBatchLatency: LatencySummary;
  intervals: IntervalStats[];
}

export interface ClientCounters extends TrackerCounters {
  badFrames: number;
  badMessages: number;
  readsFound: number;
  readsAbsent: number;
  writes: number;
}

export interface ClientResults {
  clientId: number;
  load: PhaseResult | undefined;
  run: PhaseResult | undefined;
  counters: ClientCounters;
  /** Client-side traffic, base and migration overhead (client/protocols). */
  traffic: ClientTrafficCounters;
  history: HistoryOp[];
}

export interface KvClient {
  readonly address: PeerAddress;
  readonly counters: ClientCounters;
  /** Resolves when both phases are over (or stop() ended them) and the NIC is closed. */
  readonly done: Promise<ClientResults>;
  /** Ends the current phase: no new operations; outstanding ones finish or time out. */
  stop(): void;
  /** Latencies of the current phase's last closed interval (HDR base64, µs), if it completed any operation. */
  lastIntervalHistogram(): string | undefined;
  /** The NIC's frame and datagram counts so far (frames per datagram show how well sends batch). */
  nicCounters(): PortCounters;
}

/** Binds the client's NIC and starts its phases at once; see KvClient. */
export async function start(options: ClientOptions): Promise<KvClient> {
  const valueBytes = options.valueBytes ?? DEFAULT_VALUE_BYTES;
  if (valueBytes < MIN_VALUE_BYTES)
    throw new RangeError(`valueBytes ${valueBytes} < ${MIN_VALUE_BYTES}: values could not be unique`);
  const spec = typeof options.workload === 'string' ? workloadByName(options.workload) : options.workload;
  if (spec === undefined) throw new RangeError(`unknown workload ${String(options.workload)}`);
  const driver = new ClientDriver(options, spec, valueBytes);
  driver.nic = await UdpPort.openOrThrow({
    name: `client-${options.clientId}`,
    bindAddress: options.bindAddress,
    bindPort: options.nicPort ?? 0,
    ...(options.switchAddress === undefined ? {} : { peer: options.switchAddress }),
    framing: options.framing ?? 'single',
    onFrame: (frame) => driver.onFrame(frame),
  });
  driver.sender = new MessageSender(driver.nic, valueBytes);
  const done = driver.runPhases();
  return {
    address: driver.nic.address,
    counters: driver.counters,
    done,
    stop: () => driver.stop(),
    lastIntervalHistogram: () => driver.metrics?.lastIntervalHistogram,
    nicCounters: () => driver.nic.counters,
  };
}

class ClientDriver {
  nic!: UdpPort;
  sender!: MessageSender;
  readonly counters: ClientCounters;
  /** The phase being measured (load or run). */
  metrics: PhaseMetrics | undefined;
  private readonly tracker: RequestTracker;
  private readonly history: History;
  private readonly workload: YcsbWorkload;
  private readonly addr: FrameAddress;
  private readonly protocol: ClientProtocol;
  private nextSeq = 1n;
  private writeSeq = 0;
  private stopRequested = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly options: ClientOptions,
    spec: WorkloadSpec,
    private readonly valueBytes: number,
  ) {
    const slot = options.clientId % Ports.PER_ROLE;
    this.addr = {
      srcMac: options.mac,
      srcIp: options.ip,
      srcPort: options.udpPort ?? Ports.CLIENT_BASE + slot,
      dstMac: options.server.mac,
      dstIp: options.server.ip,
      dstPort: options.server.udpPort ?? Ports.REQUEST_AGENT_BASE + slot,
    };
    this.protocol = options.protocol ?? new PlainClientProtocol('none');
    this.tracker = new RequestTracker((msg) => this.sendRequest(msg), {
      ...options.tracker,
      ...(options.multiKeyWalk === undefined ? {} : { multiKeyWalk: options.multiKeyWalk }),
    });
    this.counters = Object.assign(this.tracker.counters, {
      badFrames: 0,
      badMessages: 0,
      readsFound: 0,
      readsAbsent: 0,
      writes: 0,
    });
    this.history = new History(options.history ?? true);
    this.workload = new YcsbWorkload({
      spec,
      recordCount: options.recordCount,
      seed: options.seed ?? options.clientId + 1,
      insertStart: options.insertStart ?? options.recordCount + options.clientId * 2 ** 24,
    });
  }

  onFrame(bytes: Uint8Array): void {
    const f = decodeFrame(bytes);
    if (!f.ok) {
      this.counters.badFrames++;
      return;
    }
    const m = decodeMessage(bytes, f.value.payloadOffset, f.value.payloadLength, this.valueBytes);
    if (!m.ok || !isClientReplyOp(m.value.op)) {
      this.counters.badMessages++;
      return;
    }
    const reply = m.value as ClientReply;
    const p = f.value.payloadOffset;
    const trailer = bytes.subarray(
      Math.min(p + f.value.payloadLength, p + payloadBytes(reply.op, this.valueBytes)),
      p + f.value.payloadLength,
    );
    this.tracker.onReply(this.protocol.onReply(reply, { trailer, frameBytes: bytes.length, from: f.value }));
  }

  /** Ends the current phase and skips the ones after it. */
  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  async runPhases(): Promise<ClientResults> {
    let load: PhaseResult | undefined;
    let run: PhaseResult | undefined;
    try {
      if (this.options.load !== false) load = await this.loadPhase(this.options.load ?? {});
      if (this.options.run !== false && !this.stopRequested)
        run = await this.runPhase(this.options.run ?? { operations: 1000 });
    } finally {
      this.tracker.abandonAll();
      await this.nic.close();
    }
    return {
      clientId: this.options.clientId,
      load,
      run,
      counters: this.counters,
      traffic: this.protocol.traffic,
      history: this.history.ops,
    };
  }

  private loadPhase(o: { start?: number; end?: number; window?: number }): Promise<PhaseResult> {
    let record = o.start ?? 0;
    const end = o.end ?? this.options.recordCount;
    return this.phase(o.window ?? 32, 0, undefined, (done) => {
      if (record >= end) return false;
      this.write(recordKey(record++), done);
      return true;
    });
  }

  private runPhase(o: RunPhaseOptions): Promise<PhaseResult> {
    let issued = 0;
    const limit = o.operations ?? Number.POSITIVE_INFINITY;
    return this.phase(o.window ?? 16, o.targetOpsPerSec ?? 0, o.durationMs, (done) => {
      if (issued >= limit) return false;
      issued++;
      this.transaction(this.workload.nextOperation(), done);
      return true;
    });
  }

  /**
   * Drives one phase: `issue` starts one transaction (returning false when there are no
   * more) and calls its callback once with the transaction's outcome and start time.
   */
  private phase(
    window: number,
    rate: number,
    durationMs: number | undefined,
    issue: (done: (ok: boolean, invoke: number) => void) => boolean,
  ): Promise<PhaseResult> {
    const metrics = new PhaseMetrics(this.options.intervalMs ?? 1000);
    this.metrics = metrics;
    const t0 = performance.now();
    let inFlight = 0;
    /** No more transactions: the source ran out, the time limit passed, or stop() was called. */
    let exhausted = false;
    let issuedCount = 0;
    return new Promise((resolve) => {
      let pacer: NodeJS.Timeout | undefined;
      let timeLimit: NodeJS.Timeout | undefined;
      const finishIfDone = () => {
        if (inFlight > 0 || !exhausted) return;
        if (pacer !== undefined) clearInterval(pacer);
        if (timeLimit !== undefined) clearTimeout(timeLimit);
        this.wake = undefined;
        metrics.finish();
        resolve({ ...metrics.summary(), intervals: metrics.intervals });
      };
      const onDone = (ok: boolean, invoke: number) => {
        inFlight--;
        if (ok) metrics.record(invoke, performance.now());
        else metrics.recordFailure();
        pump();
      };
      const pump = () => {
        if (this.stopRequested) exhausted = true;
        while (!exhausted && inFlight < window) {
          if (rate > 0 && issuedCount >= ((performance.now() - t0) * rate) / 1000 + 1) break;
          inFlight++;
          if (!issue(onDone)) {
            inFlight--;
            exhausted = true;
            break;
          }
          issuedCount++;
        }
        finishIfDone();
      };
      this.wake = pump;
      if (rate > 0) pacer = setInterval(pump, 1);
      if (durationMs !== undefined) {
        timeLimit = setTimeout(() => {
          exhausted = true;
          pump();
        }, durationMs);
      }
      pump();
    });
  }

  private transaction(op: Operation, done: (ok: boolean, invoke: number) => void): void {
    switch (op.kind) {
      case 'read':
        this.read(recordKey(op.record), done);
        return;
      case 'update':
        this.write(recordKey(op.record), done);
        return;
      case 'insert':
        this.write(recordKey(op.record), (ok, invoke) => {
          if (ok) this.workload.acknowledgeInsert(op.record);
          done(ok, invoke);
        });
        return;
      case 'scan': {
        const keys: Key[] = [];
        for (let j = 0; j < op.length; j++) keys.push(recordKey(op.record + j));
        this.multiRead(keys, done);
        return;
      }
      case 'multiUpdate': {
        const keys: Key[] = [];
        for (let j = 0; j < op.length; j++) keys.push(recordKey(op.record + j));
        this.multiWrite(keys, done);
        return;
      }
      case 'rmw': {
        const key = recordKey(op.record);
        this.read(key, (ok, invoke) => {
          if (!ok) return done(false, invoke);
          this.write(key, (ok2) => done(ok2, invoke));
        });
        return;
      }
    }
  }

  private read(key: Key, done: (ok: boolean, invoke: number) => void): void {
    const invoke = performance.now();
    const msg: ClientRequest = {
      op: Op.READ,
      seq: this.nextSeq++,
      dbPort: this.options.server.dbPort,
      bitmap: 1,
      ver: 0,
      key,
    };
    this.tracker.submit(msg, (outcome) => {
      const ok = this.recordReads([key], invoke, outcome);
      done(ok, invoke);
    });
  }

  private multiRead(keys: Key[], done: (ok: boolean, invoke: number) => void): void {
    const invoke = performance.now();
    const msg: ClientRequest = {
      op: Op.MULTI_READ,
      seq: this.nextSeq++,
      dbPort: this.options.server.dbPort,
      bitmap: (1 << keys.length) - 1,
      vers: keys.map(() => 0),
      keys,
    };
    this.tracker.submit(msg, (outcome) => done(this.recordReads(keys, invoke, outcome), invoke));
  }

  private recordReads(keys: Key[], invoke: number, outcome: RequestOutcome): boolean {
    if (!outcome.ok) return false;
    const response = performance.now();
    outcome.slots.forEach((s, i) => {
      const key = keys[i] as Key;
      if (s.found) this.counters.readsFound++;
      else this.counters.readsAbsent++;
      this.history.read(key, s.found ? s.value : undefined, machineMs(invoke), machineMs(response));
    });
    return true;
  }

  private write(key: Key, done: (ok: boolean, invoke: number) => void): void {
    const invoke = performance.now();
    const seq = this.writeSeq++;
    const value = makeValue(this.valueBytes, this.options.clientId, seq, key);
    const msg: ClientRequest = {
      op: Op.WRITE,
      seq: this.nextSeq++,
      dbPort: this.options.server.dbPort,
      bitmap: 1,
      key,
      value,
    };
    this.counters.writes++;
    this.options.onWriteInvoked?.(key, writeTag(this.options.clientId, seq), machineMs(invoke));
    this.tracker.submit(msg, (outcome) => {
      // A write without a reply may still have been applied: it stays in the history, open-ended.
      this.history.write(key, this.options.clientId, seq, machineMs(invoke), outcome.ok ? wallClockMs() : NO_RESPONSE);
      done(outcome.ok, invoke);
    });
  }

  /** One MULTI_WRITE of `keys` (distinct), each with its own unique value; every key is one write in the history. */
  private multiWrite(keys: Key[], done: (ok: boolean, invoke: number) => void): void {
    const invoke = performance.now();
    const seqs = keys.map(() => this.writeSeq++);
    const values = keys.map((k, i) => makeValue(this.valueBytes, this.options.clientId, seqs[i] as number, k));
    const msg: ClientRequest = {
      op: Op.MULTI_WRITE,
      seq: this.nextSeq++,
      dbPort: this.options.server.dbPort,
      bitmap: (1 << keys.length) - 1,
      keys,
      values,
    };
    this.counters.writes += keys.length;
    const journal = this.options.onWriteInvoked;
    if (journal !== undefined)
      for (const [i, k] of keys.entries())
        journal(k, writeTag(this.options.clientId, seqs[i] as number), machineMs(invoke));
    this.tracker.submit(msg, (outcome) => {
      const response = outcome.ok ? wallClockMs() : NO_RESPONSE;
      keys.forEach((k, i) => {
        this.history.write(k, this.options.clientId, seqs[i] as number, machineMs(invoke), response);
      });
      done(outcome.ok, invoke);
    });
  }

  private sendRequest(request: ClientRequest): void {
    const bytes = FRAME_HEADER_BYTES + payloadBytes(request.op, this.valueBytes);
    // The protocol decides where each transmission goes (Fulva reads go to two servers).
    for (const { addr, msg } of this.protocol.route(request, this.addr, bytes)) {
      if (typeof this.sender.sendMessage(addr, msg) !== 'number') {
        this.counters.badMessages++;
        return;
      }
    }
  }
}

export { start as startClient };
