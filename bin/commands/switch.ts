// `p4ts switch BUILD_DIR | --program BUILD_DIR,pipes=P+P[,name=N]... --port N=HOST:PORT,peer=HOST:PORT[,single|batched] ... [--control
// HOST:PORT] [--pcap DIR] [--trace FILE] [--strict] [--impair PORTS:SPEC]...`: runs a compiled TNA or v1model program as a software switch
// until SIGINT/SIGTERM. Once every socket is bound it prints one JSON line on stdout with the
// bound addresses ({"event":"listening","ports":{"1":"127.0.0.1:40001"},"control":"…"}), so
// scripts and tests that asked for port 0 learn where to send.

import { pino } from 'pino';
import type { Argv, CommandModule } from 'yargs';
import { PROGRAM_NAME, parsePipeList } from '../../runtime/arch/device-programs.js';
import { type ImpairSpec, parseImpairSpec } from '../../runtime/ports/impairment-spec.js';
import { err, ok, type Result } from '../../runtime/result.js';
import { type SwitchPortConfig, type SwitchProgram, startSwitch } from '../../runtime/switch.js';
import type { Framing } from '../../wire/framing.js';
import type { PeerAddress } from '../../wire/udp-port.js';

/** The environment variable holding the control plane's shared token (kept off the command line). */
export const CONTROL_TOKEN_ENV = 'P4TS_CONTROL_TOKEN';

export function controlToken(): string | undefined {
  const t = process.env[CONTROL_TOKEN_ENV];
  return t === undefined || t === '' ? undefined : t;
}

/** Where `p4ts switch` serves the control plane and `p4ts ctl` looks for it by default. */
export const DEFAULT_CONTROL = '127.0.0.1:9559';

export interface SwitchArgs {
  build?: string;
  program?: string[];
  port?: string[];
  control?: string;
  pcap?: string;
  trace?: string;
  'log-level'?: string;
  'max-reentries'?: number;
  strict?: boolean;
  impair?: string[];
  'int-port-loop'?: string;
}

/** "HOST:PORT" (or ":PORT", "PORT") → address; port 0 lets the system choose. */
export function parseHostPort(s: string, defaultHost = '127.0.0.1'): Result<PeerAddress, 'USAGE'> {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(s.trim());
  const port = Number(m?.[2]);
  if (m === null || port > 65535) return err('USAGE', `${JSON.stringify(s)} is not HOST:PORT`);
  return ok({ address: m[1] === undefined || m[1] === '' ? defaultHost : m[1], port });
}

/**
 * One --port value: N=HOST:PORT,peer=HOST:PORT[,single|batched]. The peer (the host NIC cabled
 * to the port) is required: a port takes frames from its peer only and never adopts a sender.
 */
export function parsePortSpec(s: string): Result<[number, SwitchPortConfig], 'USAGE'> {
  const eq = s.indexOf('=');
  if (eq < 0) return err('USAGE', `--port ${s}: expected N=HOST:PORT`);
  const n = Number(s.slice(0, eq));
  if (!Number.isInteger(n) || n < 0 || n > 511) return err('USAGE', `--port ${s}: port number must be in 0..511`);
  const [bindText, ...opts] = s.slice(eq + 1).split(',');
  const bind = parseHostPort(bindText ?? '');
  if (!bind.ok) return err('USAGE', `--port ${s}: ${bind.message}`);
  let framing: Framing = 'single';
  let peer: PeerAddress | undefined;
  for (const o of opts) {
    if (o === 'single' || o === 'batched') framing = o;
    else if (o.startsWith('peer=')) {
      const p = parseHostPort(o.slice(5));
      if (!p.ok) return err('USAGE', `--port ${s}: ${p.message}`);
      peer = p.value;
    } else return err('USAGE', `--port ${s}: unknown option ${JSON.stringify(o)} (single, batched or peer=HOST:PORT)`);
  }
  if (peer === undefined) return err('USAGE', `--port ${s}: peer=HOST:PORT is required (the host cabled to port ${n})`);
  return ok([n, { bind: bind.value, framing, peer }]);
}

/**
 * One --program value: BUILD_DIR,pipes=P+P[,name=NAME]: a compiled TNA program serving those
 * hardware pipes, named NAME on the control plane (default: its p4info program name).
 */
export function parseProgramSpec(s: string): Result<SwitchProgram, 'USAGE'> {
  const [dir, ...opts] = s.split(',');
  if (dir === undefined || dir === '' || dir.includes('='))
    return err('USAGE', `--program ${s}: expected BUILD_DIR,pipes=P+P[,name=NAME]`);
  let pipes: number[] | undefined;
  let name: string | undefined;
  for (const o of opts) {
    if (o.startsWith('pipes=')) {
      pipes = parsePipeList(o.slice(6));
      if (pipes === undefined)
        return err('USAGE', `--program ${s}: pipes=${o.slice(6)} is not a list of pipes like 0+2 or 0-1`);
    } else if (o.startsWith('name=')) {
      name = o.slice(5);
      if (!PROGRAM_NAME.test(name)) return err('USAGE', `--program ${s}: name=${name} is not an identifier`);
    } else return err('USAGE', `--program ${s}: unknown option ${JSON.stringify(o)} (pipes=P+P or name=NAME)`);
  }
  if (pipes === undefined) return err('USAGE', `--program ${s}: pipes=P+P is required (the pipes the program serves)`);
  return ok({ pipeline: dir, pipes, ...(name === undefined ? {} : { name }) });
}

/** Runs the switch until a signal; resolves with the exit code (0, or 2 for usage/I-O errors). */
export async function runSwitch(args: SwitchArgs, signal?: AbortSignal): Promise<number> {
  const programs: SwitchProgram[] = [];
  for (const spec of args.program ?? []) {
    const r = parseProgramSpec(spec);
    if (!r.ok) {
      process.stderr.write(`p4ts switch: ${r.message}\n`);
      return 2;
    }
    programs.push(r.value);
  }
  if ((args.build === undefined) === (programs.length === 0)) {
    process.stderr.write(
      `p4ts switch: give one BUILD_DIR or --program BUILD_DIR,pipes=P+P for each program on the device (got ${args.build === undefined ? 'neither' : 'both'})\n`,
    );
    return 2;
  }
  const ports: Record<number, SwitchPortConfig> = {};
  for (const spec of args.port ?? []) {
    const r = parsePortSpec(spec);
    if (!r.ok) {
      process.stderr.write(`p4ts switch: ${r.message}\n`);
      return 2;
    }
    ports[r.value[0]] = r.value[1];
  }
  const impairments: ImpairSpec[] = [];
  for (const text of args.impair ?? []) {
    const r = parseImpairSpec(text);
    if (!r.ok) {
      process.stderr.write(`p4ts switch: --impair ${r.message}\n`);
      return 2;
    }
    const bad = r.value.targets.find((t) => t !== 'all' && ports[Number(t)] === undefined);
    if (bad !== undefined) {
      process.stderr.write(
        `p4ts switch: --impair ${text}: ${bad} is not a --port of this switch (give all or port numbers)\n`,
      );
      return 2;
    }
    impairments.push(r.value);
  }
  const control = parseHostPort(args.control ?? DEFAULT_CONTROL);
  if (!control.ok) {
    process.stderr.write(`p4ts switch: --control ${control.message}\n`);
    return 2;
  }
  let internalPortLoop = 0;
  if (args['int-port-loop'] !== undefined) {
    const text = args['int-port-loop'].trim();
    const mask = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : Number.NaN;
    if (!(mask >= 0 && mask <= 15)) {
      process.stderr.write(`p4ts switch: --int-port-loop ${text} is not a pipe mask in 0..0xf\n`);
      return 2;
    }
    internalPortLoop = mask;
  }
  const logger = pino({ level: args['log-level'] ?? 'silent' }, pino.destination(2));
  const started = await startSwitch({
    ...(args.build === undefined ? { programs } : { pipeline: args.build }),
    ports,
    control: {
      host: control.value.address,
      port: control.value.port,
      ...(controlToken() === undefined ? {} : { token: controlToken() }),
    },
    logger,
    ...(args.pcap === undefined ? {} : { pcapDir: args.pcap }),
    ...(args.trace === undefined ? {} : { traceFile: args.trace }),
    ...(args['max-reentries'] === undefined ? {} : { maxReentries: args['max-reentries'] }),
    strict: args.strict === true,
    impairments,
    internalPortLoop,
  });
  if (!started.ok) {
    process.stderr.write(`p4ts switch: ${started.message}\n`);
    return 2;
  }
  const sw = started.value;
  const fmt = (a: PeerAddress) => `${a.address}:${a.port}`;
  process.stdout.write(
    `${JSON.stringify({
      event: 'listening',
      program: sw.program,
      ...(sw.programs === undefined ? {} : { programs: sw.programs }),
      ports: Object.fromEntries([...sw.ports].map(([n, a]) => [n, fmt(a)])),
      control: sw.control === undefined ? null : fmt(sw.control),
    })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  await sw.close();
  return 0;
}

export const switchCommand: CommandModule<object, SwitchArgs> = {
  command: 'switch [build]',
  describe: 'run a compiled TNA or v1model program as a software switch on UDP ports',
  builder: (y: Argv<object>) =>
    y
      .positional('build', {
        type: 'string',
        describe: 'build directory with pipeline.js and p4info.json (or several --program)',
      })
      .option('program', {
        type: 'string',
        array: true,
        nargs: 1,
        requiresArg: true,
        describe:
          'BUILD_DIR,pipes=P+P[,name=NAME]: one of several TNA programs on the device, serving those pipes (docs/multi-pipe.md)',
      })
      .option('port', {
        type: 'string',
        array: true,
        nargs: 1,
        describe:
          'N=HOST:PORT,peer=HOST:PORT[,single|batched]: switch port N listens on HOST:PORT, cabled to the host at peer',
        requiresArg: true,
      })
      .option('control', {
        type: 'string',
        describe: `control plane address HOST:PORT (default ${DEFAULT_CONTROL}; port 0 picks one). Beyond loopback it needs the shared token in ${CONTROL_TOKEN_ENV}`,
      })
      .option('pcap', { type: 'string', describe: 'write DIR/port<N>-<in|out>.pcap' })
      .option('trace', { type: 'string', describe: 'write a JSON-lines per-packet trace to FILE' })
      .option('log-level', { type: 'string', describe: 'pino log level on stderr (default silent)' })
      .option('max-reentries', {
        type: 'number',
        describe: 'recirculations + resubmits per packet before it is dropped',
      })
      .option('impair', {
        type: 'string',
        array: true,
        nargs: 1,
        requiresArg: true,
        describe:
          'PORTS:drop=P,dup=P,reorder=T,delay=T,jitter=T,rate=R,flap=UP/DOWN,queue=N,dir=in|out|both,seed=N (PORTS: all or N+N...; docs/faults.md)',
      })
      .option('int-port-loop', {
        type: 'string',
        requiresArg: true,
        describe:
          'PIPES: a pipe mask (0xa = pipes 1 and 3) whose ports loop back into the ingress, as tofino-model --int-port-loop',
      })
      .option('strict', {
        type: 'boolean',
        default: false,
        describe: 'drop a packet whose pass runs two RegisterActions of one register (Tofino refuses it)',
      }) as unknown as Argv<SwitchArgs>,
  handler: async (args) => {
    process.exitCode = await runSwitch(args);
  },
};
