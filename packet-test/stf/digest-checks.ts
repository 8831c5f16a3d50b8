// `check_digest DIGEST [FIELD:VALUE…]` (a p4ts STF extension, docs/stf.md): the digests the
// engine sent are kept in order; a check takes the first not yet taken that has the digest's
// name (and program, when several share the device) and the given field values.

import type { DigestMessage } from '../../runtime/externs/deparser-externs.js';
import type { P4Info } from '../../runtime/p4info.js';
import type { StfCommandBody } from './commands.js';
import { parseStfInteger } from './parse.js';
import type { StfFailure } from './runner.js';
import { resolveStfName } from './table-entry.js';

type CheckDigest = Extract<StfCommandBody, { cmd: 'check_digest' }> & { line: number };

/** A digest as the checks see it, and whether a check took it already. */
export interface SentDigest {
  readonly message: DigestMessage;
  taken: boolean;
}

const show = (v: number | bigint) => `0x${v.toString(16)}`;

export function checkDigest(
  sent: readonly SentDigest[],
  info: P4Info,
  program: string | undefined,
  c: CheckDigest,
): StfFailure[] {
  const name = resolveStfName(
    c.digest,
    info.digests.map((d) => d.name),
    'digest',
  );
  if (!name.ok) return [{ kind: 'command', line: c.line, message: `check_digest: ${name.message}` }];
  const d = info.digests.find((x) => x.name === name.value);
  const wanted: { index: number; value: bigint }[] = [];
  for (const f of c.fields) {
    const index = d?.fields.findIndex((x) => x.name === f.name) ?? -1;
    const value = parseStfInteger(f.value);
    if (index < 0)
      return [{ kind: 'command', line: c.line, message: `check_digest: ${name.value} has no field ${f.name}` }];
    if (value === undefined)
      return [{ kind: 'command', line: c.line, message: `check_digest: ${f.value} is not a value for ${f.name}` }];
    wanted.push({ index, value });
  }
  const candidates = sent.filter(
    (s) => !s.taken && s.message.digest === name.value && (program === undefined || s.message.program === program),
  );
  const hit = candidates.find((s) => wanted.every((w) => BigInt(s.message.values[w.index] ?? -1) === w.value));
  if (hit !== undefined) {
    hit.taken = true;
    return [];
  }
  const seen = candidates.map((s) =>
    (d?.fields ?? []).map((f, i) => `${f.name}:${show(s.message.values[i] ?? 0)}`).join(' '),
  );
  return [
    {
      kind: 'digest',
      line: c.line,
      message: `check_digest ${name.value}: no such digest was sent${seen.length === 0 ? ' (none of that name)' : ` (sent: ${seen.join('; ')})`}`,
    },
  ];
}
