// Which program an STF command acts on when several share the device (docs/stf.md, "Several
// programs"): a name written `PROGRAM:NAME` names its program; a plain name goes to the one
// program that has an object of that name (or unique suffix), and is an error when several do.

import type { P4Info } from '../../runtime/p4info.js';
import type { StfCommand } from './commands.js';

/** The STF command fields that name a program object, by command. */
const NAME_FIELD: Partial<Record<StfCommand['cmd'], string>> = {
  add: 'table',
  setdefault: 'table',
  remove: 'table',
  check_counter: 'counter',
  check_register: 'register',
  counter_read: 'counter',
  counter_write: 'counter',
  counter_reset: 'counter',
  register_read: 'register',
  register_write: 'register',
  register_reset: 'register',
  meter_set_rates: 'meter',
  meter_get_rates: 'meter',
  hash_configure: 'hash',
  hash_algorithm: 'hash',
  hash_reset: 'hash',
  check_hash: 'hash',
  check_digest: 'digest',
  selector: 'profile',
};

/** Every name of a program's objects a command may name. */
function objectNames(info: P4Info): string[] {
  return [
    ...info.tables.map((t) => t.name),
    ...info.registers.map((r) => r.name),
    ...info.counters.map((c) => c.name),
    ...info.meters.map((m) => m.name),
    ...info.directResources.map((d) => d.name),
    ...info.hashes.map((h) => h.name),
    ...info.digests.map((d) => d.name),
    ...(info.actionProfiles ?? []).map((a) => a.name),
    ...(info.actionSelectors ?? []).map((a) => a.name),
  ];
}

function knows(info: P4Info, name: string): boolean {
  return objectNames(info).some((n) => n === name || n.endsWith(`.${name}`));
}

export type Picked<C> = { ok: true; ctx: C; c: StfCommand } | { ok: false; message: string };

/**
 * The program `c` acts on and the command with its object name unqualified. Commands naming
 * no object (packets, ports, the traffic manager) go to the first program.
 */
export function pickProgram<C extends { readonly name: string; readonly p4info: P4Info }>(
  c: StfCommand,
  contexts: readonly C[],
): Picked<C> {
  const first = contexts[0] as C;
  const field = NAME_FIELD[c.cmd];
  const name = field === undefined ? undefined : (c as unknown as Record<string, unknown>)[field];
  if (typeof name !== 'string') return { ok: true, ctx: first, c };
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const program = name.slice(0, colon);
    const ctx = contexts.find((x) => x.name === program);
    if (ctx === undefined)
      return {
        ok: false,
        message: `no program ${program} on this device (programs: ${contexts.map((x) => x.name).join(', ')})`,
      };
    return { ok: true, ctx, c: { ...c, [field as string]: name.slice(colon + 1) } as StfCommand };
  }
  const owners = contexts.filter((x) => knows(x.p4info, name));
  if (owners.length > 1)
    return {
      ok: false,
      message: `${name} is in programs ${owners.map((x) => x.name).join(' and ')}: write it ${owners[0]?.name}:${name}`,
    };
  return { ok: true, ctx: owners[0] ?? first, c };
}
