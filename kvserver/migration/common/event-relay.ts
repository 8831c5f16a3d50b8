// Relays a migration agent's events to the orchestrator over the control channel. Group
// transitions are coalesced: one 'groups' message every GROUP_EVENT_FLUSH_MS carries every
// transition since the last, each with its age, instead of one message per transition (a
// control message costs a pipe write and a wake-up of the orchestrator: tens of µs each on
// this machine, 2^17 groups would send 393,216 of them). docs/scale.md "Where a group's time goes".

import type { MigrationEvents } from './progress.js';

export const GROUP_EVENT_FLUSH_MS = 50;

/**
 * The coalesced message: `started` and `completed` are flat [group, thread, ageMs, ...]
 * triples, ageMs being how long before the send the transition happened (0.1 ms steps).
 */
export interface GroupEventsMessage {
  event: 'migration';
  type: 'groups';
  started: number[];
  completed: number[];
}

/** One transition of a coalesced message, with the time it happened on the receiver's clock. */
export interface GroupTransition {
  kind: 'group-started' | 'group-completed';
  group: number;
  thread: number;
  atMs: number;
}

/** Expands a 'groups' message received at `receivedAtMs` into its transitions, in order of time. */
export function expandGroupEvents(m: Record<string, unknown>, receivedAtMs: number): GroupTransition[] {
  const out: GroupTransition[] = [];
  const take = (kind: GroupTransition['kind'], flat: unknown) => {
    if (!Array.isArray(flat)) return;
    for (let i = 0; i + 2 < flat.length; i += 3)
      out.push({
        kind,
        group: Number(flat[i]),
        thread: Number(flat[i + 1]),
        atMs: receivedAtMs - Number(flat[i + 2]),
      });
  };
  take('group-started', m.started);
  take('group-completed', m.completed);
  return out.sort((a, b) => a.atMs - b.atMs);
}

/**
 * Forwards `events` through `send`: started, route-switch, finished and failed at once (after
 * the group transitions still held, so the receiver sees them in order), group transitions
 * coalesced.
 */
export function relayMigrationEvents(
  events: MigrationEvents,
  send: (message: Record<string, unknown>) => void,
  flushMs = GROUP_EVENT_FLUSH_MS,
): void {
  let started: number[] = [];
  let completed: number[] = [];
  let times: { s: number[]; c: number[] } = { s: [], c: [] };
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (started.length === 0 && completed.length === 0) return;
    const now = performance.now();
    const age = (t: number) => Math.round((now - t) * 10) / 10;
    for (let i = 0; i < times.s.length; i++) started[3 * i + 2] = age(times.s[i] as number);
    for (let i = 0; i < times.c.length; i++) completed[3 * i + 2] = age(times.c[i] as number);
    const message: GroupEventsMessage = { event: 'migration', type: 'groups', started, completed };
    started = [];
    completed = [];
    times = { s: [], c: [] };
    send(message as unknown as Record<string, unknown>);
  };
  const hold = () => {
    // unref: a pending flush must not keep a finished process alive.
    if (timer === undefined) timer = setTimeout(flush, flushMs).unref();
  };
  events.on('started', (e) => {
    flush();
    send({ event: 'migration', type: 'started', ...e });
  });
  events.on('route-switch', (e) => {
    flush();
    send({ event: 'migration', type: 'route-switch', ...e });
  });
  events.on('group-started', (e) => {
    started.push(e.group, e.thread, 0);
    times.s.push(performance.now());
    hold();
  });
  events.on('group-completed', (e) => {
    completed.push(e.group, e.thread, 0);
    times.c.push(performance.now());
    hold();
  });
  events.on('finished', (e) => {
    flush();
    send({ event: 'migration', type: 'finished', ...e });
  });
  events.on('failed', (e) => {
    flush();
    send({ event: 'migration', type: 'failed', ...e });
  });
}
