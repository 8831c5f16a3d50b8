// `expect_any PORT,PORT… DATA` (a p4ts extension, docs/stf.md): a packet that may leave by any
// of several ports, as PTF's verify_any_packet_any_port checks, for outputs chosen by a hash
// (action selectors) that p4ts need not reproduce bit for bit.

import { comparePacket } from './expect.js';
import { describeMismatch } from './mismatch.js';
import type { Expected, StfFailure, StfOutput, StfRunOptions } from './runner.js';

const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * `expect_any` (a p4ts extension, docs/stf.md): the packets out of the ports these lines name,
 * in the order they came out, against the lines in file order: the k-th packet must leave by
 * one of the k-th line's ports and match its data. A port named here takes no plain `expect`.
 * Returns the ports checked here.
 */
export function checkExpectAny(
  lines: readonly (Expected & { readonly ports: readonly number[] })[],
  outputs: readonly StfOutput[],
  expected: ReadonlyMap<number, readonly Expected[]>,
  o: StfRunOptions,
  fail: (f: StfFailure) => void,
): Set<number> {
  const pooled = new Set(lines.flatMap((e) => e.ports));
  for (const e of lines)
    for (const port of e.ports)
      if (expected.has(port))
        fail({
          kind: 'command',
          line: e.line,
          message: `expect_any: port ${port} also has plain expects; a port takes one kind`,
        });
  const outs = outputs.filter((x) => pooled.has(x.port));
  lines.forEach((e, i) => {
    const x = outs[i];
    const where = e.ports.join(',');
    if (x === undefined) {
      fail({
        kind: 'packet_missing',
        line: e.line,
        index: i,
        message: `expected packet #${i + 1} on one of ports ${where}, none came out (${outs.length} did)`,
      });
      return;
    }
    if (!e.ports.includes(x.port)) {
      fail({
        kind: 'packet_differs',
        line: e.line,
        port: x.port,
        index: i,
        actual: hexOf(x.frame),
        message: `packet #${i + 1} of ports ${[...pooled].join(',')} came out of port ${x.port} (from the packet at line ${x.line}), not one of ${where}`,
      });
      return;
    }
    if (e.data === undefined) return;
    const d = comparePacket(e.data, x.frame);
    if (d !== undefined) fail(describeMismatch(e.line, x.port, i, e.data, x, d, o));
  });
  for (let i = lines.length; i < outs.length; i++) {
    const x = outs[i] as StfOutput;
    fail({
      kind: 'unexpected_packet',
      line: x.line,
      port: x.port,
      index: i,
      actual: hexOf(x.frame),
      message: `port ${x.port}: a packet came out (from the packet at line ${x.line}) and no expect_any waits for it`,
    });
  }
  return pooled;
}
