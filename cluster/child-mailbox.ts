// Messages from one child of a ProcessGroup, kept so the orchestrator can wait for "the next
// message like this" without missing one that arrived early, and commands to the child as
// JSON lines on its stdin (the kvserver / kvclient / controller "stdio" control channel).
// Every wait also ends when the group fails or stops, so nothing waits on a dead process.

import type { GroupChild, ProcessGroup } from './process-group.js';

export type Message = Record<string, unknown>;

/** A wait that ended without its message: the group failed, stopped, or time ran out. */
export class WaitFailed extends Error {
  constructor(
    readonly reason: 'GROUP_FAILED' | 'TIMEOUT',
    message: string,
  ) {
    super(message);
  }
}

export class ChildMailbox {
  private readonly messages: Message[] = [];
  private readonly waiters = new Set<{ pred: (m: Message) => boolean; resolve: (m: Message) => void }>();
  private readonly listeners = new Set<(m: Message) => void>();

  constructor(
    readonly child: GroupChild,
    private readonly group: ProcessGroup,
  ) {
    const take = (raw: unknown) => {
      if (typeof raw !== 'object' || raw === null) return;
      const m = raw as Message;
      for (const l of this.listeners) l(m);
      for (const w of [...this.waiters])
        if (w.pred(m)) {
          w.resolve(m);
          return;
        }
      this.messages.push(m);
      // Unclaimed messages are kept for late waiters; bound them (reports arrive every second).
      if (this.messages.length > 1000) this.messages.shift();
    };
    take(child.ready);
    child.onMessage(take);
    // A child can close its stdin (it is exiting) while it still counts as alive: the write
    // then fails with EPIPE after send() returned. Its exit is the group's to report; an
    // unhandled 'error' here would end the whole experiment (seen in a grid under load).
    child.process.stdin?.on('error', () => {});
  }

  get name(): string {
    return this.child.name;
  }

  /** Calls `listener` for every later message (also those a waiter takes). */
  onMessage(listener: (m: Message) => void): void {
    this.listeners.add(listener);
  }

  /** Writes one command line to the child's stdin; false when it is gone. */
  send(cmd: Message): boolean {
    const stdin = this.child.process.stdin;
    if (stdin === null || stdin.destroyed || !this.child.alive) return false;
    stdin.write(`${JSON.stringify(cmd)}\n`);
    return true;
  }

  /** The first message (kept or future) matching `pred`. */
  next(pred: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
    const i = this.messages.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.messages.splice(i, 1)[0] as Message);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () =>
        end(new WaitFailed('GROUP_FAILED', this.group.failedWith?.message ?? 'the experiment was stopped'));
      const end = (outcome: Message | WaitFailed) => {
        if (!this.waiters.delete(waiter)) return;
        clearTimeout(timer);
        this.group.signal.removeEventListener('abort', onAbort);
        if (outcome instanceof WaitFailed) reject(outcome);
        else resolve(outcome);
      };
      const waiter = { pred, resolve: (m: Message) => end(m) };
      this.waiters.add(waiter);
      timer = setTimeout(
        () => end(new WaitFailed('TIMEOUT', `${this.name}: no ${what} within ${Math.round(timeoutMs / 1000)} s`)),
        timeoutMs,
      );
      // The group's signal aborts when it fails or stops, whichever comes first.
      if (this.group.signal.aborted) onAbort();
      else this.group.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Sends a command and waits for the reply event. */
  async ask(cmd: Message, event: string, timeoutMs = 5000): Promise<Message> {
    const reply = this.next((m) => m.event === event, timeoutMs, `${event} reply`);
    if (!this.send(cmd)) {
      reply.catch(() => {});
      throw new WaitFailed('GROUP_FAILED', `${this.name} is not running`);
    }
    return reply;
  }
}
