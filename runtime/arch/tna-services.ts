// Builds the TnaServices a generated module's `create` receives: the shared pipeline state,
// the packet identity the engine keeps current, the trace sink, and the deparser externs
// (Mirror, Resubmit, Digest) wired to one request record per gress.

import {
  DeparserRequests,
  Digest,
  type DigestMessage,
  Mirror,
  PktgenEmitter,
  Resubmit,
} from '../externs/deparser-externs.js';
import { DirectCounter, DirectRegister, DirectRegisterAction } from '../externs/direct-externs.js';
import { DirectMeter } from '../externs/direct-meter.js';
import type { RegisterArray } from '../externs/register.js';
import {
  RegisterAction,
  type RegisterActionExtras,
  type RegisterApply,
  type RegisterPassState,
} from '../externs/register-action.js';
import type { PacketIdentity } from '../packet.js';
import type { TnaServices } from '../pipeline-module.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { PipelineState } from './pipeline-state.js';

export interface TnaServiceParts {
  readonly services: TnaServices;
  readonly ingressRequests: DeparserRequests;
  readonly egressRequests: DeparserRequests;
  /** Per register: how often two of its actions ran in one pass. */
  readonly passStates: ReadonlyMap<RegisterArray, RegisterPassState>;
  /** Strict mode only: the pass's first register-rule violation, for the engine to act on. */
  readonly strict: StrictRegisterRule | undefined;
}

/** A second RegisterAction execution on one register in one pass (Tofino refuses it). */
export interface RegisterRuleViolation {
  readonly register: string;
  /** The action that ran first in the pass, and the one that came second. */
  readonly first: string;
  readonly second: string;
}

/** What strict mode shares with the engine: the engine reads and clears it after each control. */
export interface StrictRegisterRule {
  violation: RegisterRuleViolation | undefined;
}

/** What the services of several programs on one device share (docs/multi-pipe.md). */
export interface SharedServiceParts {
  readonly ingressRequests: DeparserRequests;
  readonly egressRequests: DeparserRequests;
  readonly strict: StrictRegisterRule | undefined;
}

function byName<T extends { name: string }>(items: readonly T[], what: string): (name: string) => T {
  const m = new Map(items.map((i) => [i.name, i]));
  return (name) => {
    const v = m.get(name);
    if (v === undefined) throw new Error(`the pipeline asks for ${what} ${name}, which p4info does not declare`);
    return v;
  };
}

export function createTnaServices(
  state: PipelineState,
  current: PacketIdentity,
  trace: TraceSink | undefined,
  onDigest: (m: DigestMessage) => void,
  strictMode = false,
  shared?: SharedServiceParts,
): TnaServiceParts {
  const p4info = state.p4info;
  // Programs on one device share the deparser request records and the strict-mode slot: one
  // pass runs at a time, and the engine reads and clears them after each control.
  const ingressRequests = shared?.ingressRequests ?? new DeparserRequests();
  const egressRequests = shared?.egressRequests ?? new DeparserRequests();
  const mirrors = p4info.mirrors.map(
    (m) => new Mirror(m.name, m.mirrorType, m.gress === 'ingress' ? ingressRequests : egressRequests),
  );
  const resubmits = p4info.resubmits.map((r) => new Resubmit(r.name, r.resubmitType, ingressRequests));
  const digests = p4info.digests.map((d) => new Digest(d, onDigest, current, trace));
  const passStates = new Map<RegisterArray, RegisterPassState>();
  const strict: StrictRegisterRule | undefined = strictMode ? (shared?.strict ?? { violation: undefined }) : undefined;
  // Strict mode: which action of each register last ran, and in which pass.
  const lastRun = new Map<RegisterArray, { pass: number; action: string; index: number }>();
  const directCounters = state.directResources.filter((d): d is DirectCounter => d instanceof DirectCounter);
  const directRegisters = state.directResources.filter((d): d is DirectRegister => d instanceof DirectRegister);
  const directMeters = state.directResources.filter((d): d is DirectMeter => d instanceof DirectMeter);
  const services: TnaServices = {
    p4info,
    trace,
    current,
    tables: state.tables,
    registers: state.registers,
    counters: state.counters,
    meters: state.meters,
    directResources: state.directResources,
    valueSets: state.valueSets,
    actionProfiles: state.actionProfiles,
    actionSelectors: state.actionSelectors,
    lpfs: state.lpfs,
    wreds: state.wreds,
    registerParams: state.registerParams,
    hashes: state.hashes,
    digests,
    mirrors,
    resubmits,
    pktgen: new PktgenEmitter(ingressRequests),
    registerAction(
      name: string,
      register: RegisterArray,
      apply: RegisterApply,
      extras: RegisterActionExtras = {},
    ): RegisterAction {
      let ps = passStates.get(register);
      if (ps === undefined) {
        ps = { lastPass: -1, violations: 0 };
        passStates.set(register, ps);
      }
      if (strict === undefined) return new RegisterAction(name, register, apply, current, trace, ps, extras);
      let last = lastRun.get(register);
      if (last === undefined) {
        last = { pass: -1, action: '', index: -1 };
        lastRun.set(register, last);
      }
      const owner = last;
      // The second execution in a pass leaves the cell untouched (the body does not run, so
      // RegisterAction writes nothing) and returns 0; the engine then drops the packet.
      const guard =
        (body: RegisterApply): RegisterApply =>
        (value, index, out) => {
          // The same action again at the same cell is one access when the compiler's Tofino
          // checks let it through: a store of unchanged inputs (docs/tofino-resources.md
          // "Register rules"); it runs again and leaves what the first run left.
          const repeat = owner.action === name && owner.index === index;
          if (owner.pass === current.pass && !repeat) {
            strict.violation ??= { register: register.name, first: owner.action, second: name };
            return 0;
          }
          owner.pass = current.pass;
          owner.action = name;
          owner.index = index;
          return body(value, index, out);
        };
      const guardedExtras: RegisterActionExtras = {
        ...extras,
        ...(extras.overflow === undefined ? {} : { overflow: guard(extras.overflow) }),
        ...(extras.underflow === undefined ? {} : { underflow: guard(extras.underflow) }),
      };
      return new RegisterAction(name, register, guard(apply), current, trace, ps, guardedExtras);
    },
    directRegisterAction(name: string, register: DirectRegister, apply: RegisterApply): DirectRegisterAction {
      return new DirectRegisterAction(name, register, apply, current, trace);
    },
    table: byName(state.tables, 'table'),
    register: byName(state.registers, 'register'),
    counter: byName(state.counters, 'counter'),
    meter: byName(state.meters, 'meter'),
    directCounter: byName(directCounters, 'direct counter'),
    directRegister: byName(directRegisters, 'direct register'),
    directMeter: byName(directMeters, 'direct meter'),
    valueSet: byName(state.valueSets, 'value set'),
    digest: byName(digests, 'digest'),
    mirror: byName(mirrors, 'mirror'),
    resubmit: byName(resubmits, 'resubmit'),
  };
  return { services, ingressRequests, egressRequests, passStates, strict };
}
