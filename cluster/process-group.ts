// The experiment's processes as one group with no orphans: children start one by one and
// each reports "ready" (an IPC message or a first stdout JSON line) with its addresses; if any
// child dies unexpectedly, the whole group is stopped and the run fails with a message naming
// the child and its last stderr lines. Stopping is bounded (SIGTERM, then SIGKILL); the group
// is also killed when the parent exits or gets SIGINT/SIGTERM. Logs go to one file per child.

import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../runtime/result.js';

export interface ChildSpec {
  /** A short name used in messages and log file names: "switch", "kv-source", "client-0". */
  name: string;
  /** The program (default: this Node executable). */
  command?: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Give the child an IPC channel (default true when the command is Node). */
  ipc?: boolean;
  /** How long to wait for "ready" (default 10 s); 0 = do not wait for a ready message. */
  readyTimeoutMs?: number;
  /** This child may exit on its own with code 0 (a client that finishes); other exits fail the run. */
  mayExit?: boolean;
}

/** What a child said when it became ready (the parsed message, e.g. its bound addresses). */
export type ReadyInfo = Record<string, unknown>;

export interface ChildExit {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GroupFailure {
  child: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string[];
  message: string;
}

export type GroupErrorCode = 'SPAWN_FAILED' | 'NOT_READY' | 'CHILD_DIED' | 'GROUP_STOPPED' | 'DUPLICATE_NAME';

export interface GroupOptions {
  /** Where `<name>.log` (stderr) and `<name>.stdout.log` go; absent = no files. */
  logDir?: string;
  /** SIGTERM, then SIGKILL after this long (default 3 s). */
  shutdownTimeoutMs?: number;
  /** Stop the group on SIGINT/SIGTERM to the parent (default true). */
  handleSignals?: boolean;
  /** What to do after a signal stopped the group (default: exit 128 + signal number). */
  onSignal?: (signal: NodeJS.Signals) => void;
  /** stderr lines kept per child for failure messages (default 20). */
  stderrTailLines?: number;
}

export class GroupChild {
  readonly pid: number;
  ready: ReadyInfo = {};
  exit: ChildExit | undefined;
  /** Killed on purpose (an injected fault): its death does not fail the group. */
  killedOnPurpose = false;
  /** Resolves when the process has exited (and its output is flushed). */
  readonly exited: Promise<ChildExit>;
  private readonly tail: string[] = [];
  private readonly listeners: ((msg: unknown) => void)[] = [];

  constructor(
    readonly spec: ChildSpec,
    readonly process: ChildProcess,
    exited: Promise<ChildExit>,
    private readonly tailLines: number,
  ) {
    this.pid = process.pid ?? -1;
    this.exited = exited;
  }

  get name(): string {
    return this.spec.name;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The last stderr lines, oldest first. */
  stderrTail(): string[] {
    return [...this.tail];
  }

  /** Sends a message over the IPC channel; false when there is none or it is closed. */
  send(msg: unknown): boolean {
    if (!this.process.connected) return false;
    try {
      return this.process.send(msg as never);
    } catch {
      return false;
    }
  }

  /** Every IPC message and every stdout JSON line after (and including) "ready". */
  onMessage(listener: (msg: unknown) => void): void {
    this.listeners.push(listener);
  }

  pushStderr(line: string): void {
    this.tail.push(line);
    if (this.tail.length > this.tailLines) this.tail.shift();
  }

  deliver(msg: unknown): void {
    for (const l of this.listeners) l(msg);
  }
}

const READY_EVENTS = new Set(['ready', 'listening']);

function isReadyMessage(msg: unknown): msg is ReadyInfo {
  return typeof msg === 'object' && msg !== null && READY_EVENTS.has((msg as { event?: unknown }).event as string);
}

function parseJsonLine(line: string): unknown {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Splits a stream into lines, handing each complete one to `onLine`. */
function eachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (stream === null) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      onLine(buffered.slice(0, nl).replace(/\r$/, ''));
      buffered = buffered.slice(nl + 1);
      nl = buffered.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (buffered.length > 0) onLine(buffered);
    buffered = '';
  });
}

export class ProcessGroup {
  readonly children: GroupChild[] = [];
  /** Resolves with the first unexpected death (the group is then being stopped). */
  readonly failure: Promise<GroupFailure>;
  private failed: GroupFailure | undefined;
  private resolveFailure!: (f: GroupFailure) => void;
  private stopping: Promise<ChildExit[]> | undefined;
  private readonly abort = new AbortController();
  private readonly logs: WriteStream[] = [];
  private readonly onExit = () => this.killAllNow();
  private readonly onSignalHandler = (signal: NodeJS.Signals) => this.handleSignal(signal);
  private readonly options: Required<Omit<GroupOptions, 'logDir' | 'onSignal'>> & GroupOptions;

  constructor(options: GroupOptions = {}) {
    this.options = { shutdownTimeoutMs: 3000, handleSignals: true, stderrTailLines: 20, ...options };
    this.failure = new Promise((resolve) => {
      this.resolveFailure = resolve;
    });
    if (options.logDir !== undefined) mkdirSync(options.logDir, { recursive: true });
    process.on('exit', this.onExit);
    if (this.options.handleSignals) {
      process.on('SIGINT', this.onSignalHandler);
      process.on('SIGTERM', this.onSignalHandler);
    }
  }

  /** Aborted when the group fails or stops: pass it to work that should end with the group. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get failedWith(): GroupFailure | undefined {
    return this.failed;
  }

  /** The child with this name: the live one when it was restarted. */
  child(name: string): GroupChild | undefined {
    const all = this.children.filter((c) => c.name === name);
    return all.find((c) => c.alive) ?? all.at(-1);
  }

  /**
   * Kills a child on purpose (a process fault, docs/faults.md): its death does not fail the
   * group, and a child of the same name may then be started again. Resolves once it exited.
   */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<ChildExit | undefined> {
    const c = this.child(name);
    if (c === undefined || !c.alive) return c?.exit;
    c.killedOnPurpose = true;
    signalTree(c.pid, signal);
    return c.exited;
  }

  /**
   * Spawns a child and waits for its "ready" message. A child that exits first or says
   * nothing in time fails the group (and every other child is stopped).
   */
  async start(spec: ChildSpec): Promise<Result<GroupChild, GroupErrorCode>> {
    if (this.stopping !== undefined || this.failed !== undefined)
      return err('GROUP_STOPPED', `cannot start ${spec.name}: the group is ${this.failed ? 'failed' : 'stopping'}`);
    // A name may be used again once its child was killed on purpose (a restart).
    const previous = this.child(spec.name);
    if (previous !== undefined && !(previous.killedOnPurpose && !previous.alive))
      return err('DUPLICATE_NAME', `a child named ${spec.name} already exists`);
    const command = spec.command ?? process.execPath;
    const ipc = spec.ipc ?? command === process.execPath;
    let proc: ChildProcess;
    try {
      proc = spawn(command, [...profileArgs(command), ...spec.args], {
        cwd: spec.cwd,
        env: spec.env ?? process.env,
        // Its own process group: a terminal's Ctrl-C reaches only the parent, which stops
        // the children in order, and killing -pid also reaches the child's own children.
        detached: true,
        stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      return err('SPAWN_FAILED', `${spec.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // A child that exits between a liveness check and a write to its stdin closes the pipe
    // under the write (EPIPE, emitted on the stream): its exit is what the group reports, so
    // the stream error must not crash the parent (seen once: a client asked for its report as
    // it finished, on a loaded machine).
    proc.stdin?.on('error', () => {});
    const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve));
    const exited = new Promise<ChildExit>((resolve) => {
      // A program that could not start emits 'error' and never 'exit'.
      proc.once('error', () => {
        if (proc.pid === undefined) resolve({ name: spec.name, pid: -1, code: null, signal: null });
      });
      proc.once('exit', (code, signal) => {
        // Give the pipes a moment to flush the last stderr lines into the tail.
        const done = () => resolve({ name: spec.name, pid: proc.pid ?? -1, code, signal });
        const t = setTimeout(done, 200);
        proc.once('close', () => {
          clearTimeout(t);
          done();
        });
      });
    });
    // A command written to a child that just died fails with EPIPE; its death is reported by
    // the exit handler, so the write error itself must not become an uncaught exception.
    proc.stdin?.on('error', () => {});
    const child = new GroupChild(spec, proc, exited, this.options.stderrTailLines);
    this.children.push(child);
    this.attachLogs(child);

    let readyResolve!: (info: ReadyInfo) => void;
    const ready = new Promise<ReadyInfo>((resolve) => {
      readyResolve = resolve;
    });
    let isReady = false;
    const onMessage = (msg: unknown) => {
      if (!isReady && isReadyMessage(msg)) {
        isReady = true;
        child.ready = msg;
        readyResolve(msg);
      }
      if (isReady) child.deliver(msg);
    };
    proc.on('message', onMessage);
    eachLine(proc.stdout, (line) => {
      const msg = parseJsonLine(line);
      if (msg !== undefined) onMessage(msg);
    });
    void exited.then((exit) => this.onChildExit(child, exit));

    if (proc.pid === undefined) {
      const e = await spawnError;
      child.exit = { name: spec.name, pid: -1, code: null, signal: null };
      this.fail(child, child.exit, `could not start: ${e.message}`);
      return err('SPAWN_FAILED', `${spec.name}: ${e.message}`);
    }
    if (spec.readyTimeoutMs === 0) return ok(child);

    const timeoutMs = spec.readyTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      ready.then(() => 'ready' as const),
      exited.then(() => 'exited' as const),
      this.failure.then(() => 'group-failed' as const),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'ready') return ok(child);
    if (outcome === 'timeout') {
      this.fail(child, undefined, `did not report ready within ${timeoutMs} ms`);
      return err('NOT_READY', this.failureMessage(spec.name));
    }
    // Exited before ready: the exit handler records the failure; wait until it has.
    await exited;
    return err('CHILD_DIED', this.failureMessage(spec.name));
  }

  /**
   * Stops every child: SIGTERM to each one's process group, SIGKILL after the timeout.
   * Idempotent; resolves with every child's exit.
   */
  shutdown(): Promise<ChildExit[]> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<ChildExit[]> {
    this.abort.abort();
    const live = this.children.filter((c) => c.alive);
    for (const c of live) signalTree(c.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const allExited = Promise.all(this.children.map((c) => c.exited));
    const timedOut = await Promise.race([
      allExited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.options.shutdownTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) for (const c of this.children) if (c.alive) signalTree(c.pid, 'SIGKILL');
    const exits = await allExited;
    await Promise.all(this.logs.map((l) => new Promise<void>((resolve) => l.end(resolve))));
    this.detach();
    return exits;
  }

  private failureMessage(name: string): string {
    return this.failedWith?.message ?? `${name} exited before it was ready`;
  }

  private onChildExit(child: GroupChild, exit: ChildExit): void {
    child.exit = exit;
    if (this.stopping !== undefined || this.failed !== undefined) return;
    if (child.killedOnPurpose) return;
    if (child.spec.mayExit === true && exit.code === 0) return;
    const how =
      exit.pid < 0
        ? 'could not be started'
        : exit.signal !== null
          ? `was killed by ${exit.signal}`
          : `exited with code ${exit.code}`;
    this.fail(child, exit, how);
  }

  private fail(child: GroupChild, exit: ChildExit | undefined, how: string): void {
    if (this.failed !== undefined) return;
    const tail = child.stderrTail();
    const lines =
      tail.length === 0 ? ' (no stderr output)' : `; last stderr lines:\n${tail.map((l) => `  | ${l}`).join('\n')}`;
    this.failed = {
      child: child.name,
      pid: child.pid,
      code: exit?.code ?? null,
      signal: exit?.signal ?? null,
      stderrTail: tail,
      message: `child "${child.name}" (pid ${child.pid}) ${how}${lines}`,
    };
    this.resolveFailure(this.failed);
    void this.shutdown();
  }

  private attachLogs(child: GroupChild): void {
    const dir = this.options.logDir;
    // A restarted child appends to its predecessor's logs.
    const flags = this.children.filter((c) => c.name === child.name).length > 1 ? 'a' : 'w';
    const err = dir === undefined ? undefined : createWriteStream(join(dir, `${child.name}.log`), { flags });
    const out = dir === undefined ? undefined : createWriteStream(join(dir, `${child.name}.stdout.log`), { flags });
    for (const s of [err, out]) if (s !== undefined) this.logs.push(s);
    child.process.stderr?.on('data', (b: Buffer) => err?.write(b));
    child.process.stdout?.on('data', (b: Buffer | string) => out?.write(b));
    eachLine(child.process.stderr, (line) => child.pushStderr(line));
  }

  /** The last resort on parent exit: no time to wait, so SIGKILL whatever still runs. */
  private killAllNow(): void {
    for (const c of this.children) if (c.alive) signalTree(c.pid, 'SIGKILL');
  }

  private handleSignal(signal: NodeJS.Signals): void {
    void this.shutdown().then(() => {
      if (this.options.onSignal !== undefined) this.options.onSignal(signal);
      else process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }

  private detach(): void {
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignalHandler);
    process.off('SIGTERM', this.onSignalHandler);
  }
}

/**
 * V8 CPU-profile flags for a Node child when P4TS_CPU_PROF_DIR names a folder (docs/scale.md
 * "Profiling a run"): Node refuses --cpu-prof in NODE_OPTIONS, so the flag is passed here.
 */
function profileArgs(command: string): string[] {
  const dir = process.env.P4TS_CPU_PROF_DIR;
  if (dir === undefined || dir === '' || command !== process.execPath) return [];
  return ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '250'];
}

/** Signals a child's whole process group (it was spawned detached), or the child alone. */
function signalTree(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
