// Shared pieces of the command-line tests: they run the shipped entry points (dist/bin/*.js, what
// npm's `bin` installs), start `p4ts switch` as a real process on loopback, and wait for events
// (a line, a frame, an exit) with a generous deadline that only guards against a hang.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGINE_FIXTURE_P4INFO } from '../runtime/fixtures/engine-fixture-p4info.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (dist/test/bin is three levels below it). */
export const ROOT = join(here, '..', '..', '..');
export const P4TS = join(ROOT, 'dist', 'bin', 'p4ts.js');
export const NETMIGRATE = join(ROOT, 'dist', 'bin', 'netmigrate.js');

/** Hang guard for one wait: far above any normal duration, so a loaded machine only runs slower. */
export const HANG_GUARD_MS = 60_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs an entry point to its end; a process still running after the hang guard is killed and reported. */
export function runCli(entry: string, args: readonly string[], timeoutMs = HANG_GUARD_MS): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, ...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 },
      (e, stdout, stderr) => {
        const err = e as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, signal: err?.signal ?? null, stdout, stderr });
      },
    );
  });
}

export const p4ts = (...args: string[]) => runCli(P4TS, args);

/** Resolves with `promise`, or rejects naming `what` when the hang guard runs out first. */
export function guarded<T>(what: string, promise: Promise<T>, ms = HANG_GUARD_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms (hang guard)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A host's UDP socket cabled to a switch port: frames arrive in order and are awaited one by one. */
export class Host {
  readonly frames: Buffer[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly socket: Socket) {
    socket.on('message', (m) => {
      this.frames.push(m);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(): Promise<Host> {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    return new Host(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The frame number `index` (0-based) this host receives, awaited. */
  frame(index: number, what = `frame ${index}`): Promise<Buffer> {
    const ready = new Promise<Buffer>((resolve) => {
      const check = () => {
        const f = this.frames[index];
        if (f !== undefined) resolve(f);
        else this.waiters.push(check);
      };
      check();
    });
    return guarded(what, ready);
  }

  close(): void {
    this.socket.close();
  }
}

/** A running `p4ts switch`: its ports and control address as it reported them on stdout. */
export interface SwitchProcess {
  child: ChildProcess;
  ports: Record<string, string>;
  control: string;
  stderr: () => string;
  /** Sends a frame from host `i` (0-based, cabled to switch port i + 1). */
  send(hosts: readonly Host[], i: number, frame: Buffer): void;
  /** SIGTERM and the exit code; idempotent. */
  stop(): Promise<number | null>;
}

/** Starts `p4ts switch BUILD` with port i + 1 cabled to hosts[i]; resolves once it reports its addresses. */
export async function startSwitch(
  /** A build directory, or the arguments that name the programs (several `--program`). */
  build: string | readonly string[],
  hosts: readonly Host[],
  extra: readonly string[] = [],
): Promise<SwitchProcess> {
  const portArgs = hosts.flatMap((h, i) => ['--port', `${i + 1}=127.0.0.1:0,peer=127.0.0.1:${h.port}`]);
  const programs = typeof build === 'string' ? [build] : build;
  const child = spawn(
    process.execPath,
    [P4TS, 'switch', ...programs, ...portArgs, '--control', '127.0.0.1:0', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return guarded('switch exit', exited);
  };
  const line = await guarded(
    'listening line from the switch',
    new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      void exited.then((code) => reject(new Error(`the switch exited with ${code}: ${stderr}`)));
    }),
  ).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  const listening = JSON.parse(line) as { ports: Record<string, string>; control: string };
  return {
    child,
    ports: listening.ports,
    control: listening.control,
    stderr: () => stderr,
    send(hosts, i, frame) {
      const [address, port] = (listening.ports[String(i + 1)] as string).split(':');
      (hosts[i] as Host).socket.send(frame, Number(port), address);
    },
    stop,
  };
}

export const mac = (m: string): number[] => m.split(':').map((x) => Number.parseInt(x, 16));

/**
 * A build directory for `p4ts switch` holding the hand-written engine fixture (its p4info and a
 * pipeline.js that re-exports the compiled fixture module); `remove()` deletes it.
 */
export function fixtureBuild(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const fixture = join(ROOT, 'dist', 'test', 'runtime', 'fixtures', 'engine-fixture-pipeline.js');
  writeFileSync(join(dir, 'p4info.json'), JSON.stringify(ENGINE_FIXTURE_P4INFO, null, 2));
  writeFileSync(join(dir, 'pipeline.js'), `export * from ${JSON.stringify(pathToFileURL(fixture).href)};\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
