// The post-run audit (docs/netmigrate.md §9): the orchestrator's own host reads every key the
// clients touched straight from the destination shard and compares it with what the histories
// allow as the key's final value, then probes the source shard's address to see who answers.
// It talks through the switch like any host: READ frames out of its NIC, replies matched by seq.

import { type HistoryOp, NO_RESPONSE } from '../client/history.js';
import { valueTag } from '../client/workload/keys.js';
import type { Ipv4, Mac } from '../wire/addresses.js';
import { decodeMessage } from '../wire/codec.js';
import { decodeFrame, type FrameAddress } from '../wire/frame.js';
import type { Framing } from '../wire/framing.js';
import type { Key } from '../wire/message.js';
import { Op, Ports, Ver } from '../wire/ops.js';
import { MessageSender } from '../wire/send-message.js';
import { type PeerAddress, UdpPort } from '../wire/udp-port.js';
import type { DestinationAudit } from './run-record.js';

/** The final values a key may hold: tags of writes not certainly overwritten, and whether "absent" is one. */
export interface FinalState {
  tags: Set<string>;
  absentAllowed: boolean;
}

/**
 * For each key, the writes (and deletes, as "absent") that may be its final value: every one
 * not certainly followed by another acknowledged write or delete (one invoked after it was
 * acknowledged). Unacknowledged operations may or may not have taken effect.
 */
export function finalStates(ops: readonly HistoryOp[]): Map<Key, FinalState> {
  const byKey = new Map<Key, HistoryOp[]>();
  for (const op of ops) {
    if (op.kind === 'read') continue;
    const list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, [op]);
    else list.push(op);
  }
  const out = new Map<Key, FinalState>();
  for (const [key, list] of byKey) {
    let lastAckedInvoke = Number.NEGATIVE_INFINITY;
    for (const op of list) if (op.response !== NO_RESPONSE) lastAckedInvoke = Math.max(lastAckedInvoke, op.invoke);
    // The initial "absent" state survives only if nothing was ever acknowledged.
    const state: FinalState = { tags: new Set(), absentAllowed: lastAckedInvoke === Number.NEGATIVE_INFINITY };
    for (const op of list) {
      if (op.response !== NO_RESPONSE && op.response < lastAckedInvoke) continue;
      if (op.kind === 'write') state.tags.add(op.tag);
      else state.absentAllowed = true;
    }
    out.set(key, state);
  }
  return out;
}

export interface KeyRead {
  /** The value's tag, or null when the shard said "not found". */
  tag: string | null;
  ver: number;
}

/** Compares what the destination holds with the histories' final states. */
export function compareWithHistories(
  states: ReadonlyMap<Key, FinalState>,
  reads: ReadonlyMap<Key, KeyRead | undefined>,
): Pick<DestinationAudit, 'keysChecked' | 'keysLost' | 'keysWrong'> & { unanswered: number; samples: string[] } {
  let keysLost = 0;
  let keysWrong = 0;
  let unanswered = 0;
  const samples: string[] = [];
  for (const [key, s] of states) {
    const r = reads.get(key);
    if (r === undefined) {
      unanswered++;
      continue;
    }
    if (r.tag === null) {
      if (!s.absentAllowed) {
        keysLost++;
        if (samples.length < 10) samples.push(`key ${key}: missing, expected one of ${[...s.tags].join(' ')}`);
      }
    } else if (!s.tags.has(r.tag)) {
      keysWrong++;
      if (samples.length < 10)
        samples.push(`key ${key}: holds ${r.tag}, expected one of ${[...s.tags].join(' ') || 'absent'}`);
    }
  }
  return { keysChecked: states.size, keysLost, keysWrong, unanswered, samples };
}

export interface ShardTarget {
  mac: Mac;
  ip: Ipv4;
  dbPort: number;
}

export interface ReadOptions {
  window?: number;
  /** Wait for an answer before resending (doubles per silent send, up to 8 times this). */
  timeoutMs?: number;
  /** Sends per key before it counts as unanswered (retry-later replies included). */
  attempts?: number;
  /**
   * Sends per key while the target keeps answering other keys (it is up, the network loses
   * frames): a lossy path gets this many tries, a silent target only `attempts`. Default 40.
   */
  attemptsWhileAnswering?: number;
  /** Reply flags that mean "ask again later" (default 0x08 and the baselines' 0x80). */
  retryFlags?: number;
  valueBytes?: number;
}

interface Outstanding {
  key: Key;
  attempts: number;
  /** Sends that got no answer in time (the back-off grows with them). */
  silent: number;
  /** Every request sent for the key: a late answer to any of them answers the key. */
  seqs: bigint[];
  timer: NodeJS.Timeout | undefined;
}

/** A target that answered anything this recently is up: its silences are lost frames. */
const ANSWERING_WINDOW_MS = 5000;

/** The orchestrator's host on the switch: reads keys with a window, resends and retry-later handling. */
export class AuditHost {
  private nextSeq = 1n;
  private readonly pending = new Map<bigint, Outstanding>();
  private onReply: ((seq: bigint, ver: number, value: Uint8Array) => void) | undefined;

  private readonly sender: MessageSender;

  private constructor(
    private readonly nic: UdpPort,
    private readonly self: { mac: Mac; ip: Ipv4 },
    private readonly valueBytes: number,
  ) {
    this.sender = new MessageSender(nic, valueBytes);
  }

  static async open(o: {
    mac: Mac;
    ip: Ipv4;
    nicPort: number;
    switchPort: PeerAddress;
    valueBytes: number;
    framing?: Framing;
  }): Promise<AuditHost> {
    let host: AuditHost | undefined;
    const nic = await UdpPort.openOrThrow({
      name: 'auditor',
      bindPort: o.nicPort,
      peer: o.switchPort,
      framing: o.framing ?? 'single',
      onFrame: (frame) => host?.receive(frame),
    });
    host = new AuditHost(nic, { mac: o.mac, ip: o.ip }, o.valueBytes);
    return host;
  }

  /**
   * Reads every key from `target`; a key with no usable answer after every attempt maps to
   * undefined. Reads are idempotent, so a lost request or reply is simply asked again, and
   * while the target answers other keys (a lossy path, not a dead host) a key gets more tries.
   */
  read(target: ShardTarget, wanted: readonly Key[], o: ReadOptions = {}): Promise<Map<Key, KeyRead | undefined>> {
    const keys = [...new Set(wanted)];
    const window = o.window ?? 64;
    const timeoutMs = o.timeoutMs ?? 300;
    const attempts = o.attempts ?? 8;
    const attemptsWhileAnswering = Math.max(attempts, o.attemptsWhileAnswering ?? 40);
    const retryFlags = o.retryFlags ?? Ver.RETRY_LATER | Ver.BASELINE_RETRY;
    const out = new Map<Key, KeyRead | undefined>();
    let next = 0;
    let inFlight = 0;
    let lastAnswerAt = Number.NEGATIVE_INFINITY;
    const addr: FrameAddress = {
      dstMac: target.mac,
      srcMac: this.self.mac,
      srcIp: this.self.ip,
      dstIp: target.ip,
      srcPort: Ports.CLIENT_BASE + Ports.PER_ROLE - 1,
      dstPort: Ports.REQUEST_AGENT_BASE + Ports.PER_ROLE - 1,
    };
    return new Promise((resolve) => {
      if (keys.length === 0) {
        resolve(out);
        return;
      }
      const finish = (p: Outstanding, r: KeyRead | undefined) => {
        clearTimeout(p.timer);
        for (const seq of p.seqs) this.pending.delete(seq);
        out.set(p.key, r);
        inFlight--;
        pump();
        if (out.size === keys.length) resolve(out);
      };
      const budget = () => (performance.now() - lastAnswerAt < ANSWERING_WINDOW_MS ? attemptsWhileAnswering : attempts);
      const send = (p: Outstanding, delayMs = 0) => {
        const go = () => {
          p.attempts++;
          const seq = this.nextSeq++;
          this.pending.set(seq, p);
          p.seqs.push(seq);
          this.sender.sendMessage(addr, { op: Op.READ, seq, dbPort: target.dbPort, bitmap: 1, ver: 0, key: p.key });
          p.timer = setTimeout(
            () => {
              p.silent++;
              if (p.attempts >= budget()) finish(p, undefined);
              else send(p);
            },
            timeoutMs * 2 ** Math.min(p.silent, 3),
          );
        };
        if (delayMs > 0) p.timer = setTimeout(go, delayMs);
        else go();
      };
      this.onReply = (seq, ver, value) => {
        const p = this.pending.get(seq);
        if (p === undefined) return;
        lastAnswerAt = performance.now();
        if ((ver & retryFlags) !== 0) {
          // Only the answer to the latest send decides a retry; older ones are stale.
          if (seq !== p.seqs[p.seqs.length - 1]) return;
          clearTimeout(p.timer);
          if (p.attempts >= attempts) finish(p, undefined);
          else send(p, 20);
          return;
        }
        finish(p, { tag: (ver & Ver.FOUND) !== 0 ? valueTag(value, p.key) : null, ver });
      };
      const pump = () => {
        while (inFlight < window && next < keys.length) {
          inFlight++;
          send({ key: keys[next++] as Key, attempts: 0, silent: 0, seqs: [], timer: undefined });
        }
      };
      pump();
    });
  }

  close(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    return this.nic.close();
  }

  private receive(frame: Uint8Array): void {
    const f = decodeFrame(frame);
    if (!f.ok) return;
    const m = decodeMessage(frame, f.value.payloadOffset, f.value.payloadLength, this.valueBytes);
    if (!m.ok || m.value.op !== Op.READ_REPLY) return;
    this.onReply?.(m.value.seq, m.value.ver, m.value.value);
  }
}

export interface SourceProbe {
  probed: number;
  /** Answered by the destination (the switch redirected the request). */
  fromDestination: number;
  /** Answered by the source itself with data: the source still serves the shard. */
  fromSource: number;
  /** Bounced by the retired source (0x80, "go to the destination"): Fulva's clients learn the new address. */
  bounced: number;
  unanswered: number;
}

/** Reads `keys` addressed to the source shard and counts who answered. */
export async function probeSourceShard(
  host: AuditHost,
  source: ShardTarget,
  keys: readonly Key[],
): Promise<SourceProbe> {
  const reads = await host.read(source, keys, {
    attempts: 3,
    attemptsWhileAnswering: 3,
    timeoutMs: 200,
    retryFlags: Ver.RETRY_LATER,
  });
  const probe: SourceProbe = { probed: reads.size, fromDestination: 0, fromSource: 0, bounced: 0, unanswered: 0 };
  for (const r of reads.values()) {
    if (r === undefined) probe.unanswered++;
    else if ((r.ver & Ver.FROM_DESTINATION) !== 0) probe.fromDestination++;
    else if ((r.ver & Ver.BASELINE_RETRY) !== 0) probe.bounced++;
    else probe.fromSource++;
  }
  return probe;
}
