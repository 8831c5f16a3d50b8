// Process faults and migration control actions a run can inject (docs/faults.md "Process
// faults"): `KIND@T[,key=value...]`, T seconds into the run phase (like --migrate-at). Parsed
// here, executed by fault-injector.ts; pure, so the CLI and the soak share it.

import { err, ok, type Result } from '../../runtime/result.js';

export const FAULT_KINDS = ['controller', 'switch', 'client', 'destination', 'source', 'cancel'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  /** Seconds into the run phase. */
  atS: number;
  /** Seconds the killed process stays down before its restart (controller, switch, client, destination). */
  downS: number;
  /** After a rollback (cancel, switch, destination): start the migration again this many seconds later; undefined = never. */
  againS: number | undefined;
  /** Which client (client faults). */
  client: number;
}

const DEFAULT_DOWN_S = 0.5;
const DEFAULT_AGAIN_S = 1;

export function formatFault(f: FaultSpec): string {
  const opts: string[] = [];
  if (f.kind !== 'cancel' && f.kind !== 'source') opts.push(`down=${f.downS}`);
  if (f.kind === 'cancel' || f.kind === 'switch' || f.kind === 'destination')
    opts.push(`again=${f.againS === undefined ? 'never' : f.againS}`);
  if (f.kind === 'client') opts.push(`id=${f.client}`);
  return `${f.kind}@${f.atS}${opts.length === 0 ? '' : `,${opts.join(',')}`}`;
}

/** Parses `KIND@T[,down=S][,again=S|never][,id=N]`. */
export function parseFault(text: string): Result<FaultSpec, 'BAD_FAULT'> {
  const [head = '', ...opts] = text.split(',');
  const m = /^([a-z]+)@(\d+(?:\.\d+)?)$/.exec(head);
  if (m === null) return err('BAD_FAULT', `--fault ${text}: expected KIND@SECONDS[,key=value...]`);
  const kind = m[1] as FaultKind;
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    return err('BAD_FAULT', `--fault ${text}: unknown kind ${kind} (one of ${FAULT_KINDS.join(', ')})`);
  const f: FaultSpec = {
    kind,
    atS: Number(m[2]),
    downS: DEFAULT_DOWN_S,
    againS: kind === 'cancel' || kind === 'switch' || kind === 'destination' ? DEFAULT_AGAIN_S : undefined,
    client: 0,
  };
  for (const o of opts) {
    const [k, v = ''] = o.split('=');
    const n = Number(v);
    const seconds = v !== '' && Number.isFinite(n) && n >= 0;
    if (k === 'down' && seconds) f.downS = n;
    else if (k === 'again' && v === 'never') f.againS = undefined;
    else if (k === 'again' && seconds) f.againS = n;
    else if (k === 'id' && Number.isInteger(n) && n >= 0) f.client = n;
    else return err('BAD_FAULT', `--fault ${text}: bad option ${o} (down=S, again=S|never, id=N)`);
  }
  return ok(f);
}

/** Problems with a run's fault list, given its client count and run length. */
export function faultProblems(faults: readonly FaultSpec[], clients: number, durationS: number): string[] {
  return faults.flatMap((f) => [
    ...(f.kind === 'client' && f.client >= clients
      ? [`--fault ${formatFault(f)}: there are only ${clients} clients`]
      : []),
    ...(f.atS >= durationS ? [`--fault ${formatFault(f)}: at ${f.atS} s, not within the ${durationS} s run`] : []),
  ]);
}
