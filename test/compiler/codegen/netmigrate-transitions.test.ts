// p4/netmigrate.p4's per-thread transition order (docs/migration-protocols.md "Pipelined
// transitions", "Runs of groups"), compiled and run in process: a source whose threads move
// runs of groups and send a run's COMPLETE with the next run's START, through a network that
// loses, duplicates, delays and reorders packets and replies, still gets every group's START
// and COMPLETE applied exactly once, in its thread's order (the switch recirculates a run, one
// group a pass), and no run is forwarded to the destination before all its groups are applied.

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

/**
 * A transition of the run of `count` groups from `group`, as the switch orders it: its passes
 * carry tokens 2·group + p (START) or 2·group + count + p (COMPLETE), p = 0..count-1.
 */
interface Transition {
  thread: number;
  group: number;
  count: number;
  complete: boolean;
}
/** The token of the transition's first pass (the key the source matches answers by). */
const tokenOf = (t: Transition) => 2 * t.group + (t.complete ? t.count : 0);
const lastTokenOf = (t: Transition) => tokenOf(t) + t.count - 1;

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
      t.count,
    ]),
  });
}

function counter(r: Rig, name: string, index: number): number {
  const c = r.state.counterByName.get(name);
  assert.ok(c !== undefined, name);
  return ok(c.read(index)).packets;
}

interface Delivery {
  /** Tokens whose pass changed the filters: the register's next token moved over them. */
  applied: number[];
  /** Passes taken as repeats, and whether one pass was dropped as early. */
  repeats: number;
  early: boolean;
  /** Copies that left for the destination. */
  forwarded: number;
}

/** What the switch did with one delivered transition, read from its order register and counters. */
function deliver(r: Rig, t: Transition): Delivery {
  const order = r.state.registerByName.get(ORDER_REGISTER);
  assert.ok(order !== undefined);
  const dup = counter(r, 'NmIngress.group_duplicates', t.thread);
  const early = counter(r, 'NmIngress.group_early_drops', t.thread);
  const before = order.read(t.thread);
  r.out.length = 0;
  r.engine.receive(SOURCE_PORT, frameOf(t));
  const after = order.read(t.thread);
  const applied: number[] = [];
  // A fresh thread (0) takes the first token it is sent.
  for (let k = before === 0 && after !== 0 ? tokenOf(t) : before; k < after; k++) applied.push(k);
  return {
    applied,
    repeats: counter(r, 'NmIngress.group_duplicates', t.thread) - dup,
    early: counter(r, 'NmIngress.group_early_drops', t.thread) > early,
    forwarded: r.out.filter((o) => o.port === DESTINATION_PORT).length,
  };
}

/**
 * One source thread moving groups first..end-1 in runs of `run` groups, pipelined: START of
 * the first run alone; once a run's START is answered, its COMPLETE and the next run's START
 * leave together; the last run's COMPLETE alone.
 */
class SourceThread {
  readonly answered = new Set<number>();
  private readonly runs: Transition[] = [];
  /** Runs whose START has been sent. */
  private startedRuns = 0;
  constructor(
    readonly thread: number,
    readonly first: number,
    readonly end: number,
    run: number,
  ) {
    for (let g = first; g < end; g += run)
      this.runs.push({ thread, group: g, count: Math.min(run, end - g), complete: false });
  }
  /** Transitions sent and not answered (what a resend timer sends again). */
  unanswered(): Transition[] {
    const out: Transition[] = [];
    for (const start of this.runs.slice(0, this.startedRuns)) {
      const complete = { ...start, complete: true };
      if (!this.answered.has(tokenOf(start))) out.push(start);
      else if (!this.answered.has(tokenOf(complete))) out.push(complete);
    }
    return out;
  }
  /** The first send. */
  begin(): Transition[] {
    if (this.runs.length === 0) return [];
    this.startedRuns = 1;
    return [this.runs[0] as Transition];
  }
  /** An answer arrived; returns what the thread sends next. */
  onAnswer(t: Transition): Transition[] {
    const token = tokenOf(t);
    if (this.answered.has(token)) return [];
    this.answered.add(token);
    if (t.complete) return [];
    const out: Transition[] = [{ ...t, complete: true }];
    const i = this.runs.findIndex((x) => x.group === t.group);
    if (i + 1 < this.runs.length) {
      out.push(this.runs[i + 1] as Transition);
      this.startedRuns = Math.max(this.startedRuns, i + 2);
    }
    return out;
  }
  done(): boolean {
    return this.answered.size === 2 * this.runs.length;
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

/** True when every cell of a counting filter is 0 (each group's STARTs matched by COMPLETEs). */
function countingCellsZero(reg: { read(i: number): number } | undefined): boolean {
  assert.ok(reg !== undefined);
  for (let i = 0; i < 1 << 16; i++) if (reg.read(i) !== 0) return false;
  return true;
}

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
    const s = (group: number, complete: boolean) => ({ thread: 9, group, count: 1, complete });
    const applied = (token: number) => ({ applied: [token], repeats: 0, early: false, forwarded: 1 });
    const repeat = { applied: [], repeats: 1, early: false, forwarded: 1 };
    const early = { applied: [], repeats: 0, early: true, forwarded: 0 };
    assert.deepEqual(deliver(r, s(40, false)), applied(80));
    assert.deepEqual(deliver(r, s(41, false)), early, 'START(41) before COMPLETE(40)');
    assert.deepEqual(deliver(r, s(40, true)), applied(81));
    assert.deepEqual(deliver(r, s(40, false)), repeat, 'a late repeat of START(40)');
    assert.deepEqual(deliver(r, s(41, false)), applied(82));
    assert.deepEqual(deliver(r, s(40, true)), repeat);
    // Another thread has its own order.
    assert.deepEqual(deliver(r, { thread: 10, group: 7, count: 1, complete: false }), applied(14));
  });

  test('a run of groups is applied one group a pass and forwarded once, after its last group', () => {
    resetSwitch();
    const run = (group: number, count: number, complete: boolean) => ({ thread: 4, group, count, complete });
    // START of groups 100..102: tokens 200, 201, 202, three passes, one copy to the destination.
    assert.deepEqual(deliver(r, run(100, 3, false)), {
      applied: [200, 201, 202],
      repeats: 0,
      early: false,
      forwarded: 1,
    });
    // The next run's START overtook this run's COMPLETE: its first pass is early, nothing applied.
    assert.deepEqual(deliver(r, run(103, 2, false)), { applied: [], repeats: 0, early: true, forwarded: 0 });
    // COMPLETE of 100..102: tokens 203, 204, 205; a repeat of the START walks all three passes.
    assert.deepEqual(deliver(r, run(100, 3, true)), {
      applied: [203, 204, 205],
      repeats: 0,
      early: false,
      forwarded: 1,
    });
    assert.deepEqual(deliver(r, run(100, 3, false)), { applied: [], repeats: 3, early: false, forwarded: 1 });
    assert.deepEqual(deliver(r, run(103, 2, false)), { applied: [206, 207], repeats: 0, early: false, forwarded: 1 });
    const counting = FILTER_REGISTERS.filter((n) => n.endsWith('counting_filter'));
    assert.ok(!counting.every((n) => countingCellsZero(r.state.registerByName.get(n))), 'groups 103, 104 in flight');
    assert.deepEqual(deliver(r, run(103, 2, true)), { applied: [208, 209], repeats: 0, early: false, forwarded: 1 });
    // Every group's START was matched by one COMPLETE: the counting filters are back to 0.
    for (const name of counting) assert.ok(countingCellsZero(r.state.registerByName.get(name)), name);
  });

  test('pipelined threads under loss, duplication, delay and reordering: every transition applied once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.array(step, { maxLength: 80 }),
        (threads, groupsPerThread, run, base, steps) => {
          resetSwitch();
          const sources = Array.from(
            { length: threads },
            (_, t) => new SourceThread(t + 1, base + t * groupsPerThread, base + (t + 1) * groupsPerThread, run),
          );
          const applied = new Map<string, number>();
          const appliedOrder = new Map<number, number[]>();
          let network: Transition[] = sources.flatMap((s) => s.begin());
          const arrive = (t: Transition, loseAnswer: boolean) => {
            const d = deliver(r, t);
            const key = `${t.thread}/${tokenOf(t)}+${t.count}`;
            for (const token of d.applied) {
              const k = `${t.thread}/${token}`;
              applied.set(k, (applied.get(k) ?? 0) + 1);
              assert.ok(
                token >= tokenOf(t) && token <= lastTokenOf(t),
                `${key} applied only its own passes (${token})`,
              );
            }
            appliedOrder.set(t.thread, [...(appliedOrder.get(t.thread) ?? []), ...d.applied]);
            assert.ok(d.forwarded <= 1, `${key}: one copy at most`);
            assert.equal(d.forwarded === 1, !d.early, `${key}: forwarded exactly when no pass was early`);
            if (d.forwarded === 1)
              for (let k = tokenOf(t); k <= lastTokenOf(t); k++)
                assert.equal(
                  applied.get(`${t.thread}/${k}`),
                  1,
                  `${key} reaches the destination only once all its groups are applied`,
                );
            if (d.forwarded === 1 && !loseAnswer) network.push(...(sources[t.thread - 1] as SourceThread).onAnswer(t));
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
            // Run [a, a+k): START tokens 2a..2a+k-1, then COMPLETE tokens 2a+k..2a+2k-1; the next run follows on.
            for (let k = 2 * s.first; k < 2 * s.end; k++) want.push(k);
            assert.deepEqual(appliedOrder.get(s.thread), want, `thread ${s.thread} applied in order`);
          }
          for (const [key, n] of applied) assert.equal(n, 1, `${key} applied once`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
