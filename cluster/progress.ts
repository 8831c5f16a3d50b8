// What a running experiment shows while it runs: on a terminal, one line redrawn in place
// (elapsed, phase, groups migrated / total with a bar, ops/s, p50/p99); in a pipe or a CI
// log, a plain line every few seconds; under the test runner, nothing.

import cliProgress from 'cli-progress';

export interface ProgressState {
  /** "load", "warm-up", "migrating", "after", "stopping"... */
  phase: string;
  groupsCompleted: number;
  groupsTotal: number;
  opsPerSec: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

export type ProgressMode = 'auto' | 'tty' | 'lines' | 'silent';

export interface ProgressOptions {
  /** auto: tty on a terminal, silent under node --test, lines otherwise. */
  mode?: ProgressMode;
  stream?: NodeJS.WriteStream;
  /** How often `lines` mode prints (default 5 s). */
  lineIntervalMs?: number;
  clock?: () => number;
}

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function formatRate(opsPerSec: number | null): string {
  if (opsPerSec === null) return '–';
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)}M`;
  if (opsPerSec >= 1e4) return `${(opsPerSec / 1e3).toFixed(1)}k`;
  return opsPerSec.toFixed(0);
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** The text of one progress line (the bar, when wanted, goes between phase and groups). */
export function formatProgressLine(state: ProgressState, elapsedMs: number, bar = ''): string {
  const groups =
    state.groupsTotal > 0
      ? `groups ${state.groupsCompleted}/${state.groupsTotal} (${((100 * state.groupsCompleted) / state.groupsTotal).toFixed(0)}%)`
      : 'groups –';
  return [
    formatElapsed(elapsedMs),
    state.phase.padEnd(9),
    `${bar}${bar === '' ? '' : ' '}${groups}`,
    `${formatRate(state.opsPerSec)} ops/s`,
    `p50 ${formatMs(state.p50Ms)} ms`,
    `p99 ${formatMs(state.p99Ms)} ms`,
  ].join(' | ');
}

export function resolveMode(mode: ProgressMode, stream: NodeJS.WriteStream): Exclude<ProgressMode, 'auto'> {
  if (mode !== 'auto') return mode;
  if (process.env.NODE_TEST_CONTEXT !== undefined) return 'silent';
  return stream.isTTY === true ? 'tty' : 'lines';
}

export class ProgressDisplay {
  readonly mode: Exclude<ProgressMode, 'auto'>;
  private state: ProgressState = {
    phase: 'starting',
    groupsCompleted: 0,
    groupsTotal: 0,
    opsPerSec: null,
    p50Ms: null,
    p99Ms: null,
  };
  private readonly stream: NodeJS.WriteStream;
  private readonly clock: () => number;
  private readonly startedAt: number;
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.clock = options.clock ?? (() => performance.now());
    this.startedAt = this.clock();
    this.mode = resolveMode(options.mode ?? 'auto', this.stream);
    if (this.mode === 'tty') {
      this.bar = new cliProgress.SingleBar({
        stream: this.stream,
        fps: 5,
        barsize: 20,
        hideCursor: true,
        clearOnComplete: false,
        format: (opts, params) => {
          const width = opts.barsize ?? 20;
          const filled = Math.round(params.progress * width);
          const bar = `[${'█'.repeat(filled)}${'░'.repeat(Math.max(0, width - filled))}]`;
          return formatProgressLine(this.state, this.clock() - this.startedAt, bar);
        },
      });
      this.bar.start(1, 0);
    } else if (this.mode === 'lines') {
      this.timer = setInterval(() => this.printLine(), options.lineIntervalMs ?? 5000);
      this.timer.unref();
    }
  }

  get current(): Readonly<ProgressState> {
    return this.state;
  }

  update(patch: Partial<ProgressState>): void {
    if (this.stopped) return;
    const phaseChanged = patch.phase !== undefined && patch.phase !== this.state.phase;
    this.state = { ...this.state, ...patch };
    if (this.bar !== undefined) {
      this.bar.setTotal(Math.max(1, this.state.groupsTotal));
      this.bar.update(this.state.groupsCompleted);
    } else if (this.mode === 'lines' && phaseChanged) this.printLine();
  }

  /** A message above the live line (or a plain line). */
  log(message: string): void {
    if (this.mode === 'silent') return;
    if (this.bar !== undefined) {
      this.stream.write('\r\x1b[2K');
      this.stream.write(`${message}\n`);
      this.bar.render();
    } else this.stream.write(`${message}\n`);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.bar !== undefined) this.bar.stop();
    else if (this.mode === 'lines') this.printLine();
  }

  private printLine(): void {
    this.stream.write(`${formatProgressLine(this.state, this.clock() - this.startedAt)}\n`);
  }
}
