// p4/netmigrate.p4's per-thread transition order (docs/migration-protocols.md "Pipelined
// transitions"), compiled and run in process: a source whose threads send COMPLETE(g) and
// START(g+1) together, through a network that loses, duplicates, delays and reorders
// packets and replies, still gets every group's START and COMPLETE applied exactly once, in
// its thread's order, and no transition is forwarded to the destination before it is applied.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { bytesOf, cleanup, ipv4Frame, ok, P4, type Rig, rig, table, ipv4 as toIpv4, udp } from './helpers.js';

const OP_GROUP_START = 0x16;
const OP_GROUP_COMPLETE = 0x18;
const DST_PORT_DB = 7001;
const SOURCE_PORT = 2;
const DESTINATION_PORT = 3;
const FILTER_REGISTERS = [1, 2, 3, 4].flatMap((i) => [
  `NmIngress.filter_${i}.bloom_filter`,
  `NmIngress.filter_${i}.counting_filter`,
]);
const ORDER_REGISTER = 'NmIngress.group_next_transition';

/** A transition as the switch orders it: token 2g (START) or 2g + 1 (COMPLETE). */
interface Transition {
  thread: number;
  group: number;
  complete: boolean;
}
const tokenOf = (t: Transition) => 2 * t.group + (t.complete ? 1 : 0);

function frameOf(t: Transition): Uint8Array {
  const op = t.complete ? OP_GROUP_COMPLETE : OP_GROUP_START;
  return ipv4Frame({
    dst: 0x020000000003n,
    src: 0x020000000002n,
    ipSrc: '10.0.0.2',
    ipDst: '10.0.0.3',
    proto: 17,
    l4: udp(0xbe80, 0xbe00, [
      op,
      ...bytesOf(0x1122334455667788n, 8),
      ...bytesOf(BigInt(DST_PORT_DB), 2),
      ...bytesOf(BigInt(t.group), 4),
      t.thread,
    ]),
  });
}

function counter(r: Rig, name: string, index: number): number {
  const c = r.state.counterByName.get(name);
  assert.ok(c !== undefined, name);
  return ok(c.read(index)).packets;
}

/** What the switch did with one delivered transition, read from its per-thread counters. */
function deliver(r: Rig, t: Transition): { outcome: 'applied' | 'repeat' | 'early'; forwarded: boolean } {
  const dup = counter(r, 'NmIngress.group_duplicates', t.thread);
  const early = counter(r, 'NmIngress.group_early_drops', t.thread);
  r.out.length = 0;
  r.engine.receive(SOURCE_PORT, frameOf(t));
  const forwarded = r.out.some((o) => o.port === DESTINATION_PORT);
  if (counter(r, 'NmIngress.group_early_drops', t.thread) > early) return { outcome: 'early', forwarded };
  if (counter(r, 'NmIngress.group_duplicates', t.thread) > dup) return { outcome: 'repeat', forwarded };
  return { outcome: 'applied', forwarded };
}

/**
 * One source thread moving groups first..end-1, pipelined: START(first) alone; once START(g)
 * is answered, COMPLETE(g) and START(g+1) leave together; COMPLETE(last) alone.
 */
class SourceThread {
  readonly answered = new Set<number>();
  private nextStart: number;
  constructor(
    readonly thread: number,
    readonly first: number,
    readonly end: number,
  ) {
    this.nextStart = first;
  }
  /** Transitions sent and not answered (what a resend timer sends again). */
  unanswered(): Transition[] {
    const out: Transition[] = [];
    for (let g = this.first; g < this.nextStart; g++) {
      for (const complete of [false, true]) {
        const t = { thread: this.thread, group: g, complete };
        if (!this.answered.has(tokenOf(t)) && this.sent(t)) out.push(t);
      }
    }
    return out;
  }
  private sent(t: Transition): boolean {
    return !t.complete || this.answered.has(2 * t.group);
  }
  /** The first send. */
  begin(): Transition[] {
    if (this.first >= this.end) return [];
    this.nextStart = this.first + 1;
    return [{ thread: this.thread, group: this.first, complete: false }];
  }
  /** An answer arrived; returns what the thread sends next. */
  onAnswer(t: Transition): Transition[] {
    const token = tokenOf(t);
    if (this.answered.has(token)) return [];
    this.answered.add(token);
    if (t.complete) return [];
    const out: Transition[] = [{ thread: this.thread, group: t.group, complete: true }];
    if (t.group + 1 < this.end) {
      out.push({ thread: this.thread, group: t.group + 1, complete: false });
      this.nextStart = t.group + 2;
    }
    return out;
  }
  done(): boolean {
    return this.answered.size === 2 * (this.end - this.first);
  }
}

/** A network step: deliver packet i (keeping a copy: a duplicate that may come back late), drop it, or resend. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('deliver' as const),
    pick: fc.nat(),
    keepCopy: fc.boolean(),
    loseAnswer: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('resend' as const) }),
);

describe('NetMigrate transition order, compiled', () => {
  let r: Rig;
  before(async () => {
    r = await rig(P4('netmigrate.p4'));
    ok(
      table(r, 'NmIngress.ipv4_route').add({
        match: [{ kind: 'lpm', value: toIpv4('10.0.0.3'), prefixLength: 32 }],
        action: 'NmIngress.set_egress_port',
        params: [DESTINATION_PORT],
      }),
    );
    ok(
      table(r, 'NmIngress.migration_peers').add({
        match: [{ kind: 'exact', value: SOURCE_PORT }],
        action: 'NmIngress.migration_peer',
        params: [],
      }),
    );
  });
  after(cleanup);

  /** The controller's reset between migrations: filters and the order register. */
  function resetSwitch(): void {
    for (const name of [...FILTER_REGISTERS, ORDER_REGISTER]) r.state.registerByName.get(name)?.reset();
  }

  test('a transition that overtakes an earlier one of its thread is dropped, then applied in its turn', () => {
    resetSwitch();
    const s = (group: number, complete: boolean) => ({ thread: 9, group, complete });
    assert.deepEqual(deliver(r, s(40, false)), { outcome: 'applied', forwarded: true });
    assert.deepEqual(deliver(r, s(41, false)), { outcome: 'early', forwarded: false }, 'START(41) before COMPLETE(40)');
    assert.deepEqual(deliver(r, s(40, true)), { outcome: 'applied', forwarded: true });
    assert.deepEqual(deliver(r, s(40, false)), { outcome: 'repeat', forwarded: true }, 'a late repeat of START(40)');
    assert.deepEqual(deliver(r, s(41, false)), { outcome: 'applied', forwarded: true });
    assert.deepEqual(deliver(r, s(40, true)), { outcome: 'repeat', forwarded: true });
    // Another thread has its own order.
    assert.deepEqual(deliver(r, { thread: 10, group: 7, complete: false }), { outcome: 'applied', forwarded: true });
  });

  test('pipelined threads under loss, duplication, delay and reordering: every transition applied once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(step, { maxLength: 80 }),
        (threads, groupsPerThread, base, steps) => {
          resetSwitch();
          const sources = Array.from(
            { length: threads },
            (_, t) => new SourceThread(t + 1, base + t * groupsPerThread, base + (t + 1) * groupsPerThread),
          );
          const applied = new Map<string, number>();
          const appliedOrder = new Map<number, number[]>();
          let network: Transition[] = sources.flatMap((s) => s.begin());
          const arrive = (t: Transition, loseAnswer: boolean) => {
            const { outcome, forwarded } = deliver(r, t);
            const key = `${t.thread}/${tokenOf(t)}`;
            if (outcome === 'applied') {
              applied.set(key, (applied.get(key) ?? 0) + 1);
              appliedOrder.set(t.thread, [...(appliedOrder.get(t.thread) ?? []), tokenOf(t)]);
            }
            assert.equal(forwarded, outcome !== 'early', `${key}: forwarded exactly when not early`);
            if (forwarded) assert.equal(applied.get(key), 1, `${key} reaches the destination only once applied`);
            if (forwarded && !loseAnswer) network.push(...(sources[t.thread - 1] as SourceThread).onAnswer(t));
          };
          for (const s of steps) {
            if (s.kind === 'resend') network.push(...sources.flatMap((src) => src.unanswered()));
            else if (network.length > 0) {
              const i = s.pick % network.length;
              const t = network[i] as Transition;
              if (s.kind === 'drop' || !s.keepCopy) network.splice(i, 1);
              if (s.kind === 'deliver') arrive(t, s.loseAnswer);
            }
          }
          // Then a calm network: stale copies still arrive, resends until every thread is answered.
          for (let round = 0; round < 200 && !sources.every((s) => s.done()); round++) {
            const now = [...network, ...sources.flatMap((s) => s.unanswered())];
            network = [];
            for (const t of now) arrive(t, false);
          }
          assert.ok(
            sources.every((s) => s.done()),
            'every transition answered',
          );
          for (const s of sources) {
            const want: number[] = [];
            for (let g = s.first; g < s.end; g++) want.push(2 * g, 2 * g + 1);
            assert.deepEqual(appliedOrder.get(s.thread), want, `thread ${s.thread} applied in order`);
          }
          for (const [key, n] of applied) assert.equal(n, 1, `${key} applied once`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
