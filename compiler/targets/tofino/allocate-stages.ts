// Places every unit of a pipe in a stage, in program order: the earliest stage its
// dependencies allow (or its @stage pin) where the stage still has the resources, a
// register's accesses all in the register's stage. Ingress and egress share each stage's
// resources. Reports the first unit of each gress that runs past the last stage.

import { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import { type Dependency, dependenciesOf, describeDependency, type StageRule } from './dependencies.js';
import { TofinoMessages as M } from './messages.js';
import type { PlacedRegister, PlacedUnit, StageUsage } from './resource-map.js';
import { saluFamily } from './salu-externs.js';
import {
  addDemand,
  DEMAND_LABELS,
  emptyDemand,
  exceeded,
  isTernaryTable,
  registerDemand,
  type StageDemand,
  tableDemand,
} from './table-resources.js';
import type { TargetModel } from './target-model.js';
import { describeUnit, type Gress, type RegisterUse, type Unit } from './units.js';

/** A register as the allocator sees it: its stateful-ALU memory and where it was first used. */
export interface RegisterInfo {
  readonly name: string;
  readonly blocks: number;
  readonly cellBits: number;
  readonly pair: boolean;
  readonly size: number;
  readonly actions: readonly string[];
}

export interface Allocation {
  readonly units: PlacedUnit[];
  readonly registers: PlacedRegister[];
  readonly stages: StageUsage[];
  readonly fits: boolean;
  /**
   * Per register, the latest stage one of its accesses could start in (dependencies and pins);
   * the same for each table applied more than once, keyed `table <first apply's name>`.
   */
  readonly registerWants: ReadonlyMap<string, number>;
  /** The stage of each table applied more than once, by the same key. */
  readonly sharedTables: ReadonlyMap<string, number>;
}

/**
 * Places a pipe's units, moving a register (and every access to it) to the stage its latest
 * access needs, as bf-p4c's placement does, instead of fixing it where the first access
 * landed: a few silent rounds find each register's stage, the last one reports.
 */
export function allocatePipe(
  units: readonly Unit[],
  registers: ReadonlyMap<string, RegisterInfo>,
  model: TargetModel,
  sink: DiagnosticSink,
  /** `--strict-fit`: every overflow of our placement is an error, estimate or not. */
  strictFit = false,
): Allocation {
  const floors = registerFloors(units, registers, model, 'strict');
  const strictSink = sink.fork();
  const strict = allocateStages(units, registers, model, strictSink, floors);
  if (!strict.fits && !strictFit) {
    // Output (write-after-write) orderings are where our model and bf-p4c's placement part
    // most often: bf-p4c fits programs that run on hardware and that these orderings push
    // past the last stage here (tofino-ascon's ascon_4.p4), or past a unit's @stage pin.
    // When they alone are the difference, accept with a warning instead of rejecting
    // (docs/tofino-resources.md); the warning is given whenever the relaxed placement is used,
    // at the place and with the words of the strict placement's first error.
    const trial = new DiagnosticSink();
    const relaxed = allocateStages(units, registers, model, trial, floors, 'output');
    if (relaxed.fits && trial.errorCount === 0) {
      const first = strictSink.diagnostics.find((d) => d.severity === 'error');
      const reason = first === undefined ? 'the pipe needs more stages' : first.message;
      sink.reportAt(M.overflowByWriteOrder, first?.loc, reason);
      return allocateStages(units, registers, model, sink, floors, 'output');
    }
    // Dependency chains are surer than packing (a match or action dependency needs the next
    // stage on Tofino); how many tables, gateways and memory blocks share a stage is our
    // estimate. When the pipe ran past its last stage (or past a pin) only because stages
    // filled up, and fits once per-stage resources are unbounded, accept it with a warning
    // (docs/tofino-resources.md "Estimates and certainties"). A chain longer than the target
    // is warning 4009 or error 4000 (below); a unit that no stage could hold alone, or a full
    // pinned stage, stays error 4001.
    const chainsOnly = new DiagnosticSink();
    const byPacking = strictSink.diagnostics.every(
      (d) => d.severity !== 'error' || d.code === M.pipelineOverflow.code || d.code === M.pinBeforeDependency.code,
    );
    // The registers' stages come from the same unbounded placement: a register that full
    // stages pushed late in the strict placement must not hold its accesses there.
    const free = unboundedStages(model);
    const freeFloors = byPacking ? registerFloors(units, registers, free, 'output') : floors;
    const unbounded = byPacking ? allocateStages(units, registers, free, chainsOnly, freeFloors, 'output') : undefined;
    if (unbounded?.fits === true && chainsOnly.errorCount === 0) {
      const first = strictSink.diagnostics.find((d) => d.severity === 'error');
      const reason = first === undefined ? 'the pipe needs more stages' : first.message;
      sink.reportAt(M.overflowByEstimate, first?.loc, reason, stagesUsed(unbounded), model.stages);
      return allocateStages(units, registers, free, sink, freeFloors, 'output');
    }
    // Our chains overflow, but not the ones bf-p4c must pay a stage for (match dependencies,
    // action dependencies on a declared table or a stateful ALU, registers in one stage,
    // @stage pins): the rest are action dependencies between statements bf-p4c may fold
    // into one action. Accept with warning 4009, placed by the certain chains (program order
    // within a stage keeps what the program computes); `--strict-fit` keeps the error.
    if (byPacking) {
      const certainSink = new DiagnosticSink();
      const certainFloors = registerFloors(units, registers, free, 'certain');
      const certain = allocateStages(units, registers, free, certainSink, certainFloors, 'certain');
      if (certain.fits && certainSink.errorCount === 0) {
        const first = strictSink.diagnostics.find((d) => d.severity === 'error');
        const reason = first === undefined ? 'the pipe needs more stages' : first.message;
        const needed = Math.max(stagesUsed(strict), stagesUsed(unbounded ?? strict));
        sink.reportAt(M.overflowByActionChain, first?.loc, needed, model.stages, reason, stagesUsed(certain));
        return allocateStages(units, registers, free, sink, certainFloors, 'certain');
      }
      // The certain chains alone are too long: error 4000 names such a chain.
      if (certainSink.diagnostics.every((d) => d.severity !== 'error' || d.code === M.pipelineOverflow.code))
        return allocateStages(units, registers, free, sink, certainFloors, 'certain');
    }
    // A chain too long for the target: name that chain, not where full stages first pushed a unit.
    if (
      unbounded !== undefined &&
      chainsOnly.diagnostics.every((d) => d.severity !== 'error' || d.code === M.pipelineOverflow.code)
    )
      return allocateStages(units, registers, free, sink, freeFloors, 'output');
  }
  return allocateStages(units, registers, model, sink, floors);
}

/**
 * Each register's stage: the latest stage an access to it needs, found in a few silent
 * rounds of placement under `model` (`outputSameStage` as allocateStages takes it); the
 * same for each table applied on several exclusive paths (its one placement).
 */
/**
 * Rounds of registerFloors. Each round moves the registers that ended too early, and that can
 * free a stage for the next registers in program order, which then move in the next round
 * (NetCL's agg-ours: 34 registers, 4 a stage, took 9 rounds). The rounds stop as soon as
 * nothing moves; this only bounds a placement that never settles.
 */
const MAX_FLOOR_ROUNDS = 64;

function registerFloors(
  units: readonly Unit[],
  registers: ReadonlyMap<string, RegisterInfo>,
  model: TargetModel,
  rule: StageRule,
): Map<string, number> {
  const floors = new Map<string, number>();
  for (let round = 0; round < MAX_FLOOR_ROUNDS; round++) {
    const trial = allocateStages(units, registers, model, new DiagnosticSink(), floors, rule);
    let moved = false;
    const placedAt = [...trial.registers.map((r): [string, number] => [r.name, r.stage]), ...trial.sharedTables];
    for (const [name, stage] of placedAt) {
      const want = trial.registerWants.get(name) ?? 0;
      if (want > stage && want > (floors.get(name) ?? 0)) {
        floors.set(name, want);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return floors;
}

/** The target with no per-stage limits: only dependencies (and pins) decide the stages. */
function unboundedStages(model: TargetModel): TargetModel {
  const stage = Object.fromEntries(Object.keys(model.stage).map((k) => [k, Number.POSITIVE_INFINITY]));
  return { ...model, stage: stage as unknown as TargetModel['stage'] };
}

function stagesUsed(a: Allocation): number {
  return a.units.reduce((n, u) => Math.max(n, u.lastStage + 1), 0);
}

interface Placed {
  readonly unit: Unit;
  readonly stage: number;
  readonly lastStage: number;
  readonly demand: StageDemand;
  readonly because: Dependency | undefined;
}

export function allocateStages(
  units: readonly Unit[],
  registers: ReadonlyMap<string, RegisterInfo>,
  model: TargetModel,
  sink: DiagnosticSink,
  /** The earliest stage of each register (allocatePipe finds them). */
  floors: ReadonlyMap<string, number> = new Map(),
  /** Which dependencies cost a stage (allocatePipe's fallbacks relax the strict rule). */
  rule: StageRule = 'strict',
): Allocation {
  const limits = model.stage;
  const wants = new Map<string, number>();
  const used: StageDemand[] = [];
  const occupants: string[][] = [];
  const stageOf = (s: number): StageDemand => {
    while (used.length <= s) {
      used.push(emptyDemand());
      occupants.push([]);
    }
    return used[s] as StageDemand;
  };
  const placed = new Map<number, Placed>();
  const regStage = new Map<string, { stage: number; use: RegisterUse; unit: Unit; gress: Gress }>();
  const overflowReported = new Set<Gress>();
  let fits = true;

  const fail = (): void => {
    fits = false;
  };
  /** A unit spread over stages `first`..`lastStage`: past the last stage is an overflow (reported once per gress). */
  const reportSpan = (u: Unit, first: number, lastStage: number, because: Dependency | undefined): void => {
    if (lastStage < model.stages) {
      sink.report(M.tableSpansStages, u.span, describeUnit(u), first, lastStage);
      return;
    }
    fail();
    if (overflowReported.has(u.gress)) return;
    overflowReported.add(u.gress);
    sink.report(M.pipelineOverflow, u.span, describeUnit(u), lastStage, model.stages, chainOf(u, because, placed));
  };

  for (const u of units) {
    const deps = dependenciesOf(u, units.slice(0, units.indexOf(u)), rule);
    let earliest = 0;
    let because: Dependency | undefined;
    for (const d of deps) {
      const p = placed.get(d.from.id);
      if (p === undefined) continue;
      const s = p.lastStage + d.gap;
      if (s > earliest || (s === earliest && because === undefined && d.gap === 1)) {
        earliest = s;
        because = d;
      }
    }
    // A later apply of a table placed once (units.ts `sameTableAs`): it runs in the first
    // apply's stages and costs nothing more there. When its own dependencies come later, the
    // first apply is moved there in allocatePipe's next round; failing that (a pin), it is
    // placed as a table of its own, as before.
    const firstApply = u.sameTableAs === undefined ? undefined : placed.get(u.sameTableAs);
    if (firstApply !== undefined) {
      const key = sharedTableKey(firstApply.unit);
      wants.set(key, Math.max(wants.get(key) ?? 0, earliest));
      if (earliest <= firstApply.stage) {
        const { stage, lastStage } = firstApply;
        placed.set(u.id, { unit: u, stage, lastStage, demand: emptyDemand(), because });
        continue;
      }
    }
    // Past the last stage, the later apply is placed alone and its overflow names its chain.
    const sharedFloor = floors.get(sharedTableKey(u)) ?? 0;
    if (u.pin === undefined && u.sameTableAs === undefined && sharedFloor < model.stages)
      earliest = Math.max(earliest, sharedFloor);
    const uses = u.actions.flatMap((a) => a.registers);
    for (const use of uses) {
      const want = Math.max(earliest, u.pin?.stage ?? 0);
      wants.set(use.register, Math.max(wants.get(use.register) ?? 0, want));
    }
    // A pin is kept as written: if the register's stage is earlier, 4014 says so below.
    if (u.pin === undefined) for (const use of uses) earliest = Math.max(earliest, floors.get(use.register) ?? 0);
    const newRegs = [...new Set(uses.map((r) => r.register))].filter((r) => !regStage.has(r));
    const base = tableDemand(u);
    const demand = { ...base };
    // A register too large for any stage was reported by the register rules; count what fits.
    for (const r of newRegs)
      addDemand(demand, registerDemand(Math.min(registers.get(r)?.blocks ?? 1, model.maxRegisterBlocks + 1)));

    // A register already placed fixes this unit's stage.
    let fixed: number | undefined;
    for (const use of uses) {
      const r = regStage.get(use.register);
      if (r === undefined) continue;
      if (fixed !== undefined && fixed !== r.stage) {
        // Two registers this unit executes were placed apart by other accesses: both go to
        // the later stage in allocatePipe's next round, where the unit can reach them both.
        const later = Math.max(fixed, r.stage);
        for (const x of uses) wants.set(x.register, Math.max(wants.get(x.register) ?? 0, later));
        continue;
      }
      // `@stage(N)` is the earliest stage (bf-p4c, table_placement.cpp: the larger of the
      // pragma's stage and the placement's), so only an access that cannot run as early as
      // the register's stage conflicts; one pinned before it runs there, with warning 4002
      // (Eris optkv.p4: four exclusive accesses pinned `@stage(1)`, the first placed in 2).
      const notBefore = Math.max(earliest, u.pin?.stage ?? 0);
      if (notBefore > r.stage) {
        sink.report(M.registerStageConflict, use.span, use.register, r.use.action, r.stage, use.action, notBefore);
        fail();
      } else if (u.pin !== undefined && u.pin.stage < r.stage && fixed === undefined) {
        const reason = `register '${use.register}' is in stage ${r.stage}, where '${r.use.action}' runs`;
        sink.report(M.pinBeforeDependency, u.span, describeUnit(u), u.pin.stage, r.stage, reason);
      }
      fixed = r.stage;
    }

    let stage: number;
    let lastStage: number;
    let splitWithRegister = false;
    if (u.pin !== undefined && u.pin.stage >= model.stages) {
      sink.report(M.pinOutOfRange, u.span, describeUnit(u), u.pin.text, model.stages);
      fail();
    }
    let pinned = u.pin !== undefined && u.pin.stage < model.stages ? u.pin.stage : undefined;
    if (fixed === undefined && pinned !== undefined && pinned < earliest && because !== undefined) {
      // bf-p4c takes `@stage(N)` as the earliest stage (table_placement.cpp: the stage is the
      // larger of the pragma's and the dependencies'; it only logs "placing in stage S despite
      // @stage(N)"): warn, and place the unit as if unpinned.
      const reason = `${describeUnit(because.from)} is in stage ${placed.get(because.from.id)?.lastStage} (${describeDependency(because)})`;
      sink.report(M.pinBeforeDependency, u.span, describeUnit(u), pinned, earliest, reason);
      pinned = undefined;
    }
    const pin = fixed ?? pinned;
    if (pin !== undefined) {
      stage = pin;
      lastStage = pin;
      const share = fixed === undefined ? pinnedShare(u, demand) : undefined;
      const over = exceeded(stageOf(pin), share?.first ?? demand, limits);
      // An access that no longer fits in its register's stage: the register goes one stage
      // later in allocatePipe's next round (the first access fixed it greedily, bf-p4c's
      // placement is not so bound: p4-bier-tofino fills stage 0 before its last access).
      if (over !== undefined && fixed !== undefined)
        for (const use of uses)
          if (regStage.get(use.register)?.stage === fixed)
            wants.set(use.register, Math.max(wants.get(use.register) ?? 0, fixed + 1));
      if (share !== undefined && over === undefined) {
        // `@stage(N, entries)`: those entries in stage N, the rest split over the stages after.
        addDemand(stageOf(pin), share.first);
        occupants[pin]?.push(u.name);
        const parts = partsNeeded(share.rest, limits, uses);
        const part = parts > 1 ? splitDemand(share.rest, parts) : share.rest;
        let from = pin + 1;
        for (let tries = 0; tries < model.stages + 64; tries++, from++) {
          let ok = true;
          for (let i = 0; i < parts && ok; i++) ok = exceeded(stageOf(from + i), part, limits) === undefined;
          if (ok) break;
        }
        lastStage = from + parts - 1;
        for (let i = 0; i < parts; i++) {
          addDemand(stageOf(from + i), part);
          occupants[from + i]?.push(u.name);
        }
        reportSpan(u, pin, lastStage, because);
      } else if (over !== undefined) {
        sink.report(
          M.stageFull,
          u.span,
          describeUnit(u),
          pin,
          shortage(over, demand, stageOf(pin), limits, occupants[pin] ?? []),
        );
        fail();
      }
    } else if (statefulSplit(u, base, uses, newRegs, fixed, model) > 1) {
      // Tofino 2: the match memory over several stages, the register in the last of them.
      const parts = statefulSplit(u, base, uses, newRegs, fixed, model);
      const part = splitDemand(base, parts);
      const last = { ...part };
      for (const r of newRegs)
        addDemand(last, registerDemand(Math.min(registers.get(r)?.blocks ?? 1, model.maxRegisterBlocks + 1)));
      const fitsFrom = (from: number): boolean => {
        for (let i = 0; i < parts; i++)
          if (exceeded(stageOf(from + i), i === parts - 1 ? last : part, limits) !== undefined) return false;
        return true;
      };
      stage = earliest;
      while (!fitsFrom(stage) && stage + parts <= model.stages + 64) stage++;
      lastStage = stage + parts - 1;
      for (let i = 0; i < parts; i++) {
        addDemand(stageOf(stage + i), i === parts - 1 ? last : part);
        occupants[stage + i]?.push(u.name);
      }
      splitWithRegister = true;
      reportSpan(u, stage, lastStage, because);
    } else {
      const parts = partsNeeded(demand, limits, uses);
      const part = parts > 1 ? splitDemand(demand, parts) : demand;
      stage = earliest;
      const never = exceeded(emptyDemand(), part, limits);
      if (never !== undefined) {
        // No stage could ever hold it: say why once, and place it where it would start.
        sink.report(M.stageFull, u.span, describeUnit(u), earliest, shortage(never, part, emptyDemand(), limits, []));
        fail();
      }
      for (; never === undefined; ) {
        let ok = true;
        for (let i = 0; i < parts && ok; i++) ok = exceeded(stageOf(stage + i), part, limits) === undefined;
        if (ok || stage + parts > model.stages + 64) break;
        stage++;
      }
      lastStage = stage + parts - 1;
      if (parts > 1 && lastStage < model.stages)
        sink.report(M.tableSpansStages, u.span, describeUnit(u), stage, lastStage);
      if (lastStage >= model.stages) {
        fail();
        if (!overflowReported.has(u.gress)) {
          overflowReported.add(u.gress);
          const chain = chainOf(u, because, placed);
          const why =
            earliest >= model.stages || because === undefined || lastStage === earliest
              ? chain
              : `${chain}; stages ${earliest} to ${model.stages - 1} are full`;
          sink.report(M.pipelineOverflow, u.span, describeUnit(u), lastStage, model.stages, why);
        }
      }
      if (parts > 1) {
        for (let i = 0; i < parts; i++) {
          addDemand(stageOf(stage + i), part);
          occupants[stage + i]?.push(u.name);
        }
      }
    }
    const shared = pin !== undefined && fixed === undefined && pinnedShare(u, demand) !== undefined;
    if (!shared && !splitWithRegister && (pin !== undefined || partsNeeded(demand, limits, uses) <= 1)) {
      addDemand(stageOf(stage), demand);
      occupants[stage]?.push(u.name);
    }
    const regAt = splitWithRegister ? lastStage : stage;
    for (const use of uses) {
      if (!regStage.has(use.register)) regStage.set(use.register, { stage: regAt, use, unit: u, gress: u.gress });
    }
    placed.set(u.id, { unit: u, stage, lastStage, demand, because });
  }

  const placedUnits: PlacedUnit[] = units.map((u) => {
    const p = placed.get(u.id) as Placed;
    return {
      name: u.name,
      gress: u.gress,
      kind: u.kind,
      stage: p.stage,
      lastStage: p.lastStage,
      pinned: u.pin?.stage,
      match:
        u.kind === 'gateway'
          ? 'gateway'
          : u.table === undefined || u.table.keys.length === 0
            ? 'keyless'
            : isTernaryTable(u.table)
              ? 'ternary'
              : 'exact',
      demand: p.demand,
      registers: [...new Set(u.actions.flatMap((a) => a.registers.map((r) => r.register)))],
      dependsOn: dependenciesOf(u, units.slice(0, units.indexOf(u))).map((d) => ({
        name: d.from.name,
        kind: d.kind,
        ...(d.field === undefined ? {} : { field: d.field }),
      })),
    };
  });
  const placedRegisters: PlacedRegister[] = [...regStage].map(([name, r]) => {
    const info = registers.get(name);
    return {
      name,
      gress: r.gress,
      stage: r.stage,
      cellBits: info?.cellBits ?? 0,
      pair: info?.pair ?? false,
      size: info?.size ?? 0,
      blocks: info?.blocks ?? 0,
      actions: info?.actions ?? [],
    };
  });
  const stageCount = Math.max(used.length, 0);
  const stages: StageUsage[] = [];
  for (let s = 0; s < stageCount; s++) {
    const here = placedUnits.filter((p) => p.stage <= s && s <= p.lastStage);
    stages.push({
      stage: s,
      tables: here.filter((p) => p.kind !== 'gateway').map((p) => p.name),
      gateways: here.filter((p) => p.kind === 'gateway').map((p) => p.name),
      registers: placedRegisters.filter((r) => r.stage === s).map((r) => r.name),
      used: used[s] as StageDemand,
    });
  }
  const sharedTables = new Map<string, number>();
  for (const u of units)
    if (u.sameTableAs !== undefined) {
      const first = placed.get(u.sameTableAs);
      if (first !== undefined) sharedTables.set(sharedTableKey(first.unit), first.stage);
    }
  return { units: placedUnits, registers: placedRegisters, stages, fits, registerWants: wants, sharedTables };
}

/** The key under which a table applied more than once wants a later stage (in `wants` and floors). */
function sharedTableKey(first: Unit): string {
  return `table ${first.name}`;
}

/** How many consecutive stages a unit too large for one empty stage is split over. */
/**
 * Stages a table with indirect registers takes on a target that splits such tables
 * (TargetModel.splitStatefulTables): its match memory's stages when that exceeds one and
 * its registers are placed by this access, unpinned; 1 (no such split) otherwise.
 */
function statefulSplit(
  u: Unit,
  base: StageDemand,
  uses: readonly RegisterUse[],
  newRegs: readonly string[],
  fixed: number | undefined,
  model: TargetModel,
): number {
  if (!model.splitStatefulTables || u.pin !== undefined || fixed !== undefined || uses.length === 0) return 1;
  if (uses.some((r) => saluFamily(r.actionInstance.typeName) === 'DirectRegisterAction')) return 1;
  if (newRegs.length !== new Set(uses.map((r) => r.register)).size) return 1;
  return partsNeeded(base, model.stage, []);
}

function partsNeeded(d: StageDemand, limits: TargetModel['stage'], uses: readonly RegisterUse[]): number {
  // Only match memory splits; an indirect register cannot (it lives in one stage), while a
  // direct register is per entry and splits with the table (bf-p4c splits SwitchML's
  // 16K-entry ternary table with a DirectRegister over two stages).
  if (
    d.statefulAlus > 0 &&
    !(uses.length > 0 && uses.every((r) => saluFamily(r.actionInstance.typeName) === 'DirectRegisterAction'))
  )
    return 1;
  return Math.max(1, Math.ceil(d.sramBlocks / limits.sramBlocks), Math.ceil(d.tcamBlocks / limits.tcamBlocks));
}

/**
 * A table pinned with `@stage(N, entries)` and more entries than that: the memory for those
 * entries (its share of every memory kind, rounded up), and what the rest needs; other
 * resources (a logical table, ALUs, action data) go with both parts.
 */
function pinnedShare(u: Unit, d: StageDemand): { first: StageDemand; rest: StageDemand } | undefined {
  const entries = u.pin?.entries;
  const size = u.table?.size === undefined ? undefined : Number(u.table.size);
  if (entries === undefined || size === undefined || entries <= 0 || entries >= size) return undefined;
  const f = entries / size;
  const first = { ...d };
  const rest = { ...d };
  for (const k of ['sramBlocks', 'tcamBlocks', 'mapRams'] as const) {
    first[k] = Math.ceil(d[k] * f);
    rest[k] = Math.max(0, d[k] - first[k]);
  }
  return { first, rest };
}

function splitDemand(d: StageDemand, parts: number): StageDemand {
  const p = { ...d };
  p.sramBlocks = Math.ceil(d.sramBlocks / parts);
  p.tcamBlocks = Math.ceil(d.tcamBlocks / parts);
  p.mapRams = Math.ceil(d.mapRams / parts);
  return p;
}

function shortage(
  key: keyof StageDemand,
  demand: StageDemand,
  used: StageDemand,
  limits: TargetModel['stage'],
  occupants: readonly string[],
): string {
  const left = Math.max(0, limits[key] - used[key]);
  const by = occupants.length === 0 ? '' : ` (used by ${occupants.map((o) => `'${o}'`).join(', ')})`;
  return `it needs ${demand[key]} ${DEMAND_LABELS[key]} and the stage has ${left} of ${limits[key]} left${by}`;
}

/** `a → b → c (match dependency on 'md.x')`: the dependencies that pushed `u` this far. */
function chainOf(u: Unit, because: Dependency | undefined, placed: ReadonlyMap<number, Placed>): string {
  const names = [u.name];
  let d = because;
  const first = because;
  let guard = 0;
  while (d !== undefined && guard++ < 64) {
    names.push(d.from.name);
    d = placed.get(d.from.id)?.because;
  }
  const chain = names.reverse().join(' → ');
  return first === undefined ? chain : `${chain} (${describeDependency(first)})`;
}
