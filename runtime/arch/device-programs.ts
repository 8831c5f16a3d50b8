// Several separately compiled TNA programs on one device (docs/multi-pipe.md, "Several programs
// on one device"): each program serves a set of hardware pipes, as the SDE's `p4_programs` with
// their `pipe_scope`. Here a program's p4info is re-pointed at its pipes, and a placement is
// checked (the pipes of the programs are disjoint and cover the device).

import type { P4Info } from '../p4info.js';
import { err, ok, type Result } from '../result.js';

/** The emulated device's hardware pipes (a port's pipe is port >> 7). */
export const DEVICE_PIPES = 4;

/** A program name the control plane and STF accept: a P4-style identifier. */
export const PROGRAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One program's place on the device. */
export interface ProgramPlacement {
  readonly name: string;
  /** The hardware pipes it serves, ascending. */
  readonly hwPipes: readonly number[];
}

/**
 * The p4info of a program serving `hwPipes`: a program of n Pipelines spreads them over its
 * pipes as one program spreads them over the device (the i-th of its pipes goes to Pipeline
 * i mod n), so a one-Pipeline program serves all of them.
 */
export function placeProgram(info: P4Info, hwPipes: readonly number[]): P4Info {
  const sorted = [...hwPipes].sort((a, b) => a - b);
  const pipes = info.pipes;
  if (pipes === undefined || pipes.length <= 1) {
    const first = pipes?.[0];
    return {
      ...info,
      pipes: [
        {
          name: first?.name ?? 'pipe',
          hwPipes: sorted,
          ...((first?.portMetadata ?? info.portMetadata)
            ? { portMetadata: first?.portMetadata ?? info.portMetadata }
            : {}),
        },
      ],
    } as P4Info;
  }
  return {
    ...info,
    pipes: pipes.map((p, k) => ({ ...p, hwPipes: sorted.filter((_, i) => i % pipes.length === k) })),
  };
}

/**
 * Checks a device's programs: at least one, names unique identifiers, every pipe in
 * 0..DEVICE_PIPES-1, no pipe served twice, every pipe served, and no program with more
 * Pipelines than pipes (one would serve nothing).
 */
export function checkPlacements(
  programs: readonly (ProgramPlacement & { readonly pipelines: number })[],
): Result<void, 'BAD_CONFIG'> {
  if (programs.length === 0) return err('BAD_CONFIG', 'no program to load');
  const owner = new Map<number, string>();
  const names = new Set<string>();
  for (const p of programs) {
    if (!PROGRAM_NAME.test(p.name))
      return err('BAD_CONFIG', `program name ${JSON.stringify(p.name)} is not an identifier`);
    if (names.has(p.name)) return err('BAD_CONFIG', `two programs are named ${p.name}`);
    names.add(p.name);
    if (p.hwPipes.length === 0) return err('BAD_CONFIG', `program ${p.name} serves no pipe`);
    for (const pipe of p.hwPipes) {
      if (!Number.isInteger(pipe) || pipe < 0 || pipe >= DEVICE_PIPES)
        return err('BAD_CONFIG', `program ${p.name}: pipe ${pipe} is not in 0..${DEVICE_PIPES - 1}`);
      const o = owner.get(pipe);
      if (o !== undefined)
        return err('BAD_CONFIG', `pipe ${pipe} is given to both ${o} and ${p.name}${o === p.name ? ' (twice)' : ''}`);
      owner.set(pipe, p.name);
    }
    if (p.pipelines > p.hwPipes.length)
      return err(
        'BAD_CONFIG',
        `program ${p.name} has ${p.pipelines} Pipelines but serves ${p.hwPipes.length} pipe${p.hwPipes.length === 1 ? '' : 's'}`,
      );
  }
  const free = [...Array(DEVICE_PIPES).keys()].filter((p) => !owner.has(p));
  if (free.length > 0)
    return err('BAD_CONFIG', `pipe${free.length === 1 ? '' : 's'} ${free.join(', ')} served by no program`);
  return ok(undefined);
}

/** A device's programs as loaded: TNA programs only (v1model has no pipes to share), placed as checkPlacements requires. */
export function checkDevicePrograms(
  programs: readonly {
    readonly name: string;
    readonly pipes: readonly number[];
    readonly module: { readonly arch: string; readonly p4info: P4Info };
  }[],
): Result<void, 'NOT_TNA' | 'BAD_CONFIG'> {
  const notTna = programs.find((p) => p.module.arch !== 'tna');
  if (notTna !== undefined)
    return err(
      'NOT_TNA',
      `program ${notTna.name} is a ${notTna.module.arch} program: only TNA programs share a device`,
    );
  return checkPlacements(
    programs.map((p) => ({ name: p.name, hwPipes: p.pipes, pipelines: p.module.p4info.pipes?.length ?? 1 })),
  );
}

/** "0,2" / "0 2" / "0+2" / "0-3" → pipe numbers; undefined when the text is not such a list. */
export function parsePipeList(text: string): number[] | undefined {
  const out: number[] = [];
  for (const part of text.split(/[\s,+]+/).filter((x) => x !== '')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return undefined;
    for (let p = from; p <= to; p++) out.push(p);
  }
  return out.length === 0 ? undefined : out;
}
