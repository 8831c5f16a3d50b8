// Tofino's packet generator (docs/tna-semantics.md, "The packet generator"): one per pipe, a
// 16 KiB packet buffer, applications triggered by a timer (one-shot or periodic), a port going
// down, or a recirculated packet matching a pattern, each making batches of packets from the
// buffer behind a 6-byte header, injected into the ingress on the pipe's generator port. Time
// is the engine's clock; events happen when `advance` reaches them, so a virtual clock (STF)
// makes every run the same.

import { describeValue, err, ok, type Result } from '../result.js';
import {
  checkAppConfig,
  DEFAULT_APP,
  PKTGEN_BUFFER_BYTES,
  PKTGEN_PIPES,
  type PktgenAppConfig,
  type PktgenCounters,
  type PktgenError,
  type PktgenPortConfig,
} from './tna-pktgen-config.js';
import { PKTGEN_HEADER_BYTES, writePktgenHeader } from './tna-pktgen-header.js';

export * from './tna-pktgen-config.js';
export { PKTGEN_HEADER_BYTES, type PktgenTrigger } from './tna-pktgen-header.js';

/** Device ports per pipe (port = pipe × 128 + local port). */
const PORTS_PER_PIPE = 128;
/** Triggers an application holds while it is still generating for an earlier one; more are lost. */
const MAX_QUEUED_TRIGGERS = 64;

/** One trigger being served: which packet comes next and when. */
interface Run {
  readonly key: number;
  readonly context: Uint8Array | undefined;
  batch: number;
  packet: number;
  batchStart: number;
  nextAt: number;
}

interface AppState {
  config: PktgenAppConfig;
  readonly counters: PktgenCounters;
  nextTimerAt: number | undefined;
  readonly runs: Run[];
}

/** Where generated packets go: the generator port, the frame, and the time it is made. */
export type PktgenInject = (port: number, frame: Uint8Array, atNs: number) => void;

export class PacketGenerator {
  readonly generation: 1 | 2;
  readonly appsPerPipe: number;
  /** Bytes of a recirculated packet the pattern sees (and, on Tofino 2, the context carries). */
  readonly patternBytes: number;
  private readonly apps: AppState[][] = [];
  private readonly buffers: Uint8Array[] = [];
  private readonly ports = new Map<number, PktgenPortConfig>();
  /** Tofino 2: two 72-bit port masks per pipe (bit = pipe-local port). */
  private readonly masks: bigint[][] = [];
  /** Ports whose link is down (every port starts up). */
  private readonly linkDown = new Set<number>();
  /** Apps enabled: when 0, `advance` has nothing to do. */
  private active = 0;
  /**
   * Told when a configuration leaves some app enabled: the switch process runs its generator
   * tick only while one is (an idle tick every millisecond would cost every switch wake-ups).
   */
  onActive: (() => void) | undefined;

  constructor(
    generation: 1 | 2,
    private readonly clock: () => number,
  ) {
    this.generation = generation;
    this.appsPerPipe = generation === 1 ? 8 : 16;
    this.patternBytes = generation === 1 ? 4 : 16;
    for (let p = 0; p < PKTGEN_PIPES; p++) {
      this.apps.push(
        Array.from({ length: this.appsPerPipe }, () => ({
          config: DEFAULT_APP,
          counters: { triggers: 0, batches: 0, packets: 0 },
          nextTimerAt: undefined,
          runs: [],
        })),
      );
      this.buffers.push(new Uint8Array(PKTGEN_BUFFER_BYTES));
      this.masks.push([0n, 0n]);
    }
  }

  private stateOf(pipe: number, app: number): AppState {
    return (this.apps[pipe] as AppState[])[app] as AppState;
  }

  /** True while some app is enabled or still generating. */
  get busy(): boolean {
    return this.active > 0;
  }

  // ---- configuration --------------------------------------------------------------------

  /** Checks a configuration against the hardware's field widths; the message names the field. */
  check(c: PktgenAppConfig): string | undefined {
    return checkAppConfig(this.generation, c);
  }

  private pipesOf(pipe: number | undefined): Result<number[], PktgenError> {
    if (pipe === undefined) return ok([0, 1, 2, 3]);
    if (!Number.isInteger(pipe) || pipe < 0 || pipe >= PKTGEN_PIPES)
      return err('BAD_PKTGEN_CONFIG', `pipe ${describeValue(pipe)} is not in 0..${PKTGEN_PIPES - 1}`);
    return ok([pipe]);
  }

  private appIdOk(app: number): string | undefined {
    return Number.isInteger(app) && app >= 0 && app < this.appsPerPipe
      ? undefined
      : `app ${describeValue(app)} is not in 0..${this.appsPerPipe - 1}`;
  }

  /**
   * Replaces app `app`'s configuration in `pipe` (every pipe when undefined), and its counters
   * when given. Enabling (or re-enabling) starts the timer from now; disabling stops the app
   * at once, mid-batch if need be. Checks everything before changing anything.
   */
  configure(
    app: number,
    pipe: number | undefined,
    config: PktgenAppConfig,
    counters?: Partial<PktgenCounters>,
  ): Result<void, PktgenError> {
    const bad = this.appIdOk(app) ?? this.check(config);
    if (bad !== undefined) return err('BAD_PKTGEN_CONFIG', bad);
    for (const k of ['triggers', 'batches', 'packets'] as const) {
      const v = counters?.[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffffffff))
        return err('BAD_PKTGEN_CONFIG', `counter ${k} ${describeValue(v)} is not a 32-bit count`);
    }
    const pipes = this.pipesOf(pipe);
    if (!pipes.ok) return pipes;
    const now = this.clock();
    for (const p of pipes.value) {
      const s = this.stateOf(p, app);
      const was = s.config;
      const restart =
        config.enabled && (!was.enabled || was.trigger !== config.trigger || was.timerNs !== config.timerNs);
      if (was.enabled) this.active--;
      s.config = config;
      if (!config.enabled) {
        s.runs.length = 0;
        s.nextTimerAt = undefined;
      } else if (restart) {
        s.runs.length = 0;
        s.nextTimerAt = config.trigger.startsWith('timer') ? now + config.timerNs : undefined;
      }
      if (config.enabled) this.active++;
      if (counters?.triggers !== undefined) s.counters.triggers = counters.triggers;
      if (counters?.batches !== undefined) s.counters.batches = counters.batches;
      if (counters?.packets !== undefined) s.counters.packets = counters.packets;
    }
    if (this.active > 0) this.onActive?.();
    return ok(undefined);
  }

  /** App `app`'s configuration in `pipe` (pipe 0's when undefined) and its counters (summed over every pipe when undefined). */
  app(
    app: number,
    pipe: number | undefined,
  ): Result<{ config: PktgenAppConfig; counters: PktgenCounters }, PktgenError> {
    const bad = this.appIdOk(app);
    if (bad !== undefined) return err('BAD_PKTGEN_CONFIG', bad);
    const pipes = this.pipesOf(pipe);
    if (!pipes.ok) return pipes;
    const sum: PktgenCounters = { triggers: 0, batches: 0, packets: 0 };
    for (const p of pipes.value) {
      const c = this.stateOf(p, app).counters;
      sum.triggers += c.triggers;
      sum.batches += c.batches;
      sum.packets += c.packets;
    }
    return ok({ config: this.stateOf(pipes.value[0] as number, app).config, counters: sum });
  }

  /** Writes `data` into the packet buffer at `offset` (of `pipe`, every pipe when undefined). */
  writeBuffer(offset: number, data: Uint8Array, pipe: number | undefined): Result<void, PktgenError> {
    if (!Number.isInteger(offset) || offset < 0 || offset + data.length > PKTGEN_BUFFER_BYTES)
      return err(
        'BAD_PKTGEN_CONFIG',
        `offset ${describeValue(offset)} + ${data.length} bytes is not within the ${PKTGEN_BUFFER_BYTES}-byte buffer`,
      );
    const pipes = this.pipesOf(pipe);
    if (!pipes.ok) return pipes;
    for (const p of pipes.value) this.buffers[p]?.set(data, offset);
    return ok(undefined);
  }

  readBuffer(offset: number, length: number, pipe: number | undefined): Result<Uint8Array, PktgenError> {
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset + length > PKTGEN_BUFFER_BYTES
    )
      return err(
        'BAD_PKTGEN_CONFIG',
        `offset ${describeValue(offset)} length ${describeValue(length)} is not within the buffer`,
      );
    const pipes = this.pipesOf(pipe);
    if (!pipes.ok) return pipes;
    return ok((this.buffers[pipes.value[0] as number] as Uint8Array).slice(offset, offset + length));
  }

  /** The generator's port group in a pipe: Tofino 1 local 68..71 (68 generates), Tofino 2 local 0..7. */
  private portRole(port: number): 'generate' | 'group' | undefined {
    if (!Number.isInteger(port) || port < 0 || port >= PKTGEN_PIPES * PORTS_PER_PIPE) return undefined;
    const local = port % PORTS_PER_PIPE;
    if (this.generation === 1) return local === 68 ? 'generate' : local > 68 && local < 72 ? 'group' : undefined;
    return local < 8 ? 'generate' : undefined;
  }

  /** The port's generator settings (every port starts with its port-down event already seen). */
  port(port: number): PktgenPortConfig {
    return this.ports.get(port) ?? { generate: false, patternMatch: false, downSeen: true };
  }

  /**
   * Changes a port's settings. `generate` and `patternMatch` only on the generator's port
   * group (`generate` on Tofino 1's port 68 of a pipe); `clearPortDown` on any port: its next
   * port-down event triggers the port_down apps again.
   */
  configurePort(
    port: number,
    o: { generate?: boolean; patternMatch?: boolean; clearPortDown?: boolean },
  ): Result<PktgenPortConfig, PktgenError> {
    if (!Number.isInteger(port) || port < 0 || port >= PKTGEN_PIPES * PORTS_PER_PIPE)
      return err(
        'INVALID_PORT',
        `port ${describeValue(port)} is not a device port (0..${PKTGEN_PIPES * PORTS_PER_PIPE - 1})`,
      );
    const role = this.portRole(port);
    const group = this.generation === 1 ? 'local ports 68..71' : 'local ports 0..7';
    if (o.generate !== undefined && role !== 'generate')
      return err(
        'INVALID_PORT',
        `port ${port} cannot generate packets (${this.generation === 1 ? 'local port 68' : group} of a pipe can)`,
      );
    if (o.patternMatch !== undefined && role === undefined)
      return err('INVALID_PORT', `port ${port} is not in the packet generator's port group (${group} of a pipe)`);
    const was = this.port(port);
    const now = {
      generate: o.generate ?? was.generate,
      patternMatch: o.patternMatch ?? was.patternMatch,
      downSeen: o.clearPortDown === true ? false : was.downSeen,
    };
    this.ports.set(port, now);
    return ok(now);
  }

  /** Tofino 2: sets port mask `select` (0 or 1) of `pipe` (every pipe when undefined); bit n = local port n. */
  setPortMask(select: number, mask: bigint, pipe: number | undefined): Result<void, PktgenError> {
    if (this.generation === 1) return err('BAD_PKTGEN_CONFIG', 'port masks are a Tofino 2 feature');
    if (select !== 0 && select !== 1)
      return err('BAD_PKTGEN_CONFIG', `port mask ${describeValue(select)} is not 0 or 1`);
    if (mask < 0n || mask >= 1n << 72n) return err('BAD_PKTGEN_CONFIG', 'a port mask is a 72-bit value');
    const pipes = this.pipesOf(pipe);
    if (!pipes.ok) return pipes;
    for (const p of pipes.value) (this.masks[p] as bigint[])[select] = mask;
    return ok(undefined);
  }

  portMask(select: number, pipe: number): bigint {
    return this.masks[pipe]?.[select] ?? 0n;
  }

  // ---- triggers ---------------------------------------------------------------------------

  /** The port an app's packets enter on, when that port is enabled for generation. */
  private sourcePort(pipe: number, c: PktgenAppConfig): number | undefined {
    const port = pipe * PORTS_PER_PIPE + (this.generation === 1 ? 68 : c.channel);
    return this.port(port).generate ? port : undefined;
  }

  /** A trigger of app `s` (in `pipe`): counted and queued when the app can generate. */
  private trigger(pipe: number, s: AppState, at: number, key: number, context?: Uint8Array): void {
    if (this.sourcePort(pipe, s.config) === undefined) return;
    if (s.runs.length >= MAX_QUEUED_TRIGGERS) return;
    s.counters.triggers = (s.counters.triggers + 1) >>> 0;
    // A trigger that comes while an earlier one is served waits for it (emit moves it on).
    s.runs.push({ key, context, batch: 0, packet: 0, batchStart: at, nextAt: at });
  }

  /** A port's link goes up or down; returns whether it changed. Going down is a port-down event. */
  setLink(port: number, up: boolean): boolean {
    if (up !== this.linkDown.has(port)) return false;
    if (up) this.linkDown.delete(port);
    else {
      this.linkDown.add(port);
      this.portDown(port);
    }
    return true;
  }

  linkUp(port: number): boolean {
    return !this.linkDown.has(port);
  }

  /**
   * Port `port` went down at the current time: the first time since its state was cleared,
   * every enabled port_down app of its pipe (Tofino 2: whose port mask has the port) triggers.
   */
  portDown(port: number): void {
    if (!Number.isInteger(port) || port < 0 || port >= PKTGEN_PIPES * PORTS_PER_PIPE) return;
    const was = this.port(port);
    if (was.downSeen) return;
    this.ports.set(port, { ...was, downSeen: true });
    const pipe = Math.floor(port / PORTS_PER_PIPE);
    const local = BigInt(port % PORTS_PER_PIPE);
    const now = this.clock();
    for (const s of this.apps[pipe] as AppState[]) {
      const c = s.config;
      if (!c.enabled || c.trigger !== 'port_down') continue;
      if (this.generation === 2 && (((this.masks[pipe]?.[c.portMaskSelect] ?? 0n) >> local) & 1n) === 0n) continue;
      this.trigger(pipe, s, now, port);
    }
  }

  /**
   * A packet was recirculated on `port` (its bytes as they re-enter): on a port with pattern
   * matching, every enabled recirc_pattern app of the pipe whose pattern matches triggers.
   */
  recirculated(port: number, frame: Uint8Array): void {
    if (this.active === 0 || !this.port(port).patternMatch) return;
    const pipe = Math.floor(port / PORTS_PER_PIPE);
    const head = new Uint8Array(this.patternBytes);
    head.set(frame.subarray(0, this.patternBytes));
    let v = 0n;
    for (const b of head) v = (v << 8n) | BigInt(b);
    const now = this.clock();
    for (const s of this.apps[pipe] as AppState[]) {
      const c = s.config;
      if (!c.enabled || c.trigger !== 'recirc_pattern') continue;
      if ((v & c.patternMask) !== (c.patternValue & c.patternMask)) continue;
      this.trigger(pipe, s, now, Number(v & 0xffffffn), this.generation === 2 ? head : undefined);
    }
  }

  /**
   * Tofino 2: the ingress deparser of a packet that entered on `port` asked for generation
   * (`pktgen` = 1) with `context` (Pktgen.emit's bytes): every enabled deparser app of the pipe
   * whose pattern matches the context triggers, and its packets carry the context.
   */
  deparserTriggered(port: number, context: Uint8Array): void {
    if (this.active === 0 || this.generation !== 2) return;
    const pipe = Math.floor(port / PORTS_PER_PIPE);
    const ctx = new Uint8Array(16);
    ctx.set(context.subarray(0, 16));
    let v = 0n;
    for (const b of ctx) v = (v << 8n) | BigInt(b);
    const now = this.clock();
    for (const s of this.apps[pipe] ?? []) {
      const c = s.config;
      if (!c.enabled || c.trigger !== 'deparser') continue;
      if ((v & c.patternMask) !== (c.patternValue & c.patternMask)) continue;
      this.trigger(pipe, s, now, 0, ctx);
    }
  }

  // ---- time -------------------------------------------------------------------------------

  /**
   * Runs every event due by the clock's time, in time order (pipe, then app, on ties):
   * timer triggers and generated packets, each handed to `inject`. Stops after `budget`
   * packets (returns false then; the rest stays due). Returns true when all due work was done.
   */
  advance(inject: PktgenInject, budget = 100_000): boolean {
    if (this.active === 0) return true;
    const until = this.clock();
    let made = 0;
    for (;;) {
      let best: AppState | undefined;
      let bestPipe = 0;
      let bestApp = 0;
      let bestAt = Number.POSITIVE_INFINITY;
      for (let p = 0; p < PKTGEN_PIPES; p++) {
        const apps = this.apps[p] as AppState[];
        for (let a = 0; a < apps.length; a++) {
          const s = apps[a] as AppState;
          const at = Math.min(s.nextTimerAt ?? Number.POSITIVE_INFINITY, s.runs[0]?.nextAt ?? Number.POSITIVE_INFINITY);
          if (at < bestAt) {
            best = s;
            bestAt = at;
            bestPipe = p;
            bestApp = a;
          }
        }
      }
      if (best === undefined || bestAt > until) return true;
      if (best.nextTimerAt !== undefined && best.nextTimerAt <= bestAt) {
        const c = best.config;
        let next = c.trigger === 'timer_periodic' ? bestAt + c.timerNs : undefined;
        // A timer whose app cannot generate (its port is not enabled) skips to the first
        // period after `until` instead of ticking through every period in between.
        if (next !== undefined && next <= until && this.sourcePort(bestPipe, c) === undefined)
          next += (Math.floor((until - next) / c.timerNs) + 1) * c.timerNs;
        best.nextTimerAt = next;
        this.trigger(bestPipe, best, bestAt, 0);
        continue;
      }
      if (made >= budget) return false;
      this.emit(bestPipe, bestApp, best, inject);
      made++;
    }
  }

  /** Makes the next packet of the app's current run and schedules the one after. */
  private emit(pipe: number, app: number, s: AppState, inject: PktgenInject): void {
    const run = s.runs[0] as Run;
    const c = s.config;
    const at = run.nextAt;
    const ctx = run.context?.length ?? 0;
    const frame = new Uint8Array(PKTGEN_HEADER_BYTES + ctx + c.packetLength);
    writePktgenHeader(frame, 0, {
      generation: this.generation,
      trigger: c.trigger,
      pipe,
      app,
      batch: run.batch,
      packet: run.packet,
      key: run.key,
    });
    if (run.context !== undefined) frame.set(run.context, PKTGEN_HEADER_BYTES);
    frame.set(
      (this.buffers[pipe] as Uint8Array).subarray(c.bufferOffset, c.bufferOffset + c.packetLength),
      PKTGEN_HEADER_BYTES + ctx,
    );
    if (run.packet === 0) s.counters.batches = (s.counters.batches + 1) >>> 0;
    s.counters.packets = (s.counters.packets + 1) >>> 0;
    // Packets take no time on the wire here: Tofino 1's gaps run start to start, Tofino 2's
    // from the end of one packet (batch) to the next, the same instants without a duration.
    if (run.packet + 1 < c.packetsPerBatch) {
      run.packet++;
      run.nextAt = run.batchStart + run.packet * c.ipgNs;
    } else if (run.batch + 1 < c.batches) {
      run.batch++;
      run.packet = 0;
      run.batchStart = this.generation === 1 ? Math.max(run.batchStart + c.ibgNs, at) : at + c.ibgNs;
      run.nextAt = run.batchStart;
    } else {
      s.runs.shift();
      const next = s.runs[0];
      if (next !== undefined && next.nextAt < at) {
        next.nextAt = at;
        next.batchStart = at;
      }
    }
    const port = this.sourcePort(pipe, c);
    if (port !== undefined) inject(port, frame, at);
  }
}
