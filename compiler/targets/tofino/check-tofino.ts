// The Tofino target pass: for each pipeline of a TNA program, collect the units of its
// ingress and egress controls, check the register, stateful-ALU and action rules, and place
// every unit in a stage. Reports into the sink; returns the resource map either way.

import { basename, extname } from 'node:path';
import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import type * as Ir from '../../ir/nodes.js';
import { lineColOf } from '../../source/source-file.js';
import type { Span } from '../../source/span.js';
import { checkAction } from './action-rules.js';
import { allocatePipe } from './allocate-stages.js';
import { UnitCollector } from './collect-units.js';
import { checkIndirectCounterAddressing } from './indirect-address.js';
import { TofinoMessages as M } from './messages.js';
import { checkParseDepths } from './parse-depth.js';
import { checkParserWrites } from './parser-rules.js';
import { checkRegisterMethodActions } from './register-methods.js';
import { checkRegisters } from './register-rules.js';
import type { PipeResources, ResourceMap } from './resource-map.js';
import { checkRegisterAction } from './salu-rules.js';
import type { StagePlan } from './stage-plan.js';
import { addDemand, emptyDemand } from './table-resources.js';
import { type TofinoModel, targetModel } from './target-model.js';
import type { CollectedGress, Gress, Unit } from './units.js';

export interface TofinoOptions {
  /** `tofino` (default, 12 stages) or `tofino2` (20 stages). */
  readonly model?: TofinoModel;
  /** false: bf-p4c's `--disable-parse-depth-limit` (Tofino 1's egress parse depth not checked). */
  readonly parseDepthLimit?: boolean;
  /**
   * `--strict-fit`: an overflow of our own placement is an error even where only our estimates
   * overflow (warnings 4007, 4008 and 4009 become error 4000 or 4001).
   */
  readonly strictFit?: boolean;
}

interface PipeBlocks {
  readonly name: string;
  readonly ingress: Ir.Control | undefined;
  readonly egress: Ir.Control | undefined;
  readonly parsers: readonly Ir.Parser[];
}

export function checkTofino(ir: Ir.Program, sink: DiagnosticSink, options: TofinoOptions = {}): ResourceMap {
  return planTofino(ir, sink, options).resources;
}

/** The checks, and for each pipe the plan that stage-ordered code generation follows. */
export function planTofino(
  ir: Ir.Program,
  sink: DiagnosticSink,
  options: TofinoOptions = {},
): { resources: ResourceMap; plans: StagePlan[] } {
  const model = targetModel(options.model);
  const pipes: PipeResources[] = [];
  const plans: StagePlan[] = [];
  let fits = true;
  if (options.parseDepthLimit !== false) checkParseDepths(ir, sink, model.name);
  const placeName = (span: Span): string => {
    const loc = sink.locate(span);
    if (loc === undefined) return `at${span.start}`;
    const file = basename(loc.file.path, extname(loc.file.path)).replace(/[^A-Za-z0-9_]/g, '_');
    return `${file}_l${lineColOf(loc.file, loc.start).line}`;
  };
  for (const pipe of pipelinesOf(ir)) {
    const units: Unit[] = [];
    const reachedActions = [];
    const collectedGresses: { gress: Gress; control: Ir.Control; collected: CollectedGress }[] = [];
    for (const [gress, control] of [
      ['ingress', pipe.ingress],
      ['egress', pipe.egress],
    ] as [Gress, Ir.Control | undefined][]) {
      if (control === undefined) continue;
      const collected = new UnitCollector(ir, gress, placeName, units.length).collectControl(control);
      for (const span of collected.loops) sink.report(M.loopInControl, span);
      for (const r of collected.reapplied) sink.report(M.tableAppliedTwice, r.span, r.table);
      units.push(...collected.units);
      reachedActions.push(...collected.actions);
      collectedGresses.push({ gress, control, collected });
    }
    const errorsBefore = sink.errorCount;
    for (const p of pipe.parsers) checkParserWrites(p, sink, model.name);
    for (const a of reachedActions) checkAction(a, sink);
    checkIndirectCounterAddressing(units, sink);
    const seenRa = new Set<string>();
    for (const u of units) {
      for (const a of u.actions) {
        for (const r of a.registers) {
          if (seenRa.has(r.action)) continue;
          seenRa.add(r.action);
          checkRegisterAction(r.actionInstance, r.action, sink, model);
        }
      }
    }
    const registers = checkRegisters(units, model, sink);
    checkRegisterMethodActions(
      reachedActions,
      collectedGresses.map((g) => g.control),
      registers,
      sink,
    );
    const alloc = allocatePipe(units, registers, model, sink, options.strictFit === true);
    if (!alloc.fits || sink.errorCount > errorsBefore) fits = false;
    const totals = emptyDemand();
    for (const s of alloc.stages) addDemand(totals, s.used);
    const used = (g: Gress): number =>
      Math.max(0, ...alloc.units.filter((u) => u.gress === g).map((u) => u.lastStage + 1));
    const stageById = new Map(units.map((u, i) => [u.id, alloc.units[i]?.stage ?? -1]));
    plans.push({
      pipe: pipe.name,
      gresses: collectedGresses.map(({ gress, control, collected }) => ({
        gress,
        control: control.name,
        units: collected.units.map((unit) => ({ unit, stage: stageById.get(unit.id) ?? -1 })),
        points: collected.points,
        unstaged: collected.unstaged,
      })),
    });
    pipes.push({
      name: pipe.name,
      units: alloc.units,
      registers: alloc.registers,
      stages: alloc.stages,
      stagesUsed: { ingress: used('ingress'), egress: used('egress') },
      totals,
    });
  }
  return { resources: { target: model.name, stageCount: model.stages, limits: model.stage, fits, pipes }, plans };
}

/** Every Pipeline package in `main` (Switch(pipe0, pipe1, ...)), each once. */
function pipelinesOf(ir: Ir.Program): PipeBlocks[] {
  const out: PipeBlocks[] = [];
  const seen = new Set<string>();
  const control = (name: string | undefined) =>
    name === undefined ? undefined : ir.controls.find((c) => c.name === name);
  const visit = (p: Ir.PackageInstance): void => {
    const arg = (role: string) => {
      const v = p.args.find((a) => a.role === role)?.value;
      return v?.kind === 'BlockInstance' && v.block === 'control' ? v.name : undefined;
    };
    const ingress = arg('ingress');
    const egress = arg('egress');
    const parserNamed = (role: string): Ir.Parser[] => {
      const v = p.args.find((a) => a.role === role)?.value;
      const found =
        v?.kind === 'BlockInstance' && v.block === 'parser' ? ir.parsers.find((x) => x.name === v.name) : undefined;
      return found === undefined ? [] : [found];
    };
    if (ingress !== undefined || egress !== undefined) {
      const key = `${ingress}/${egress}`;
      if (!seen.has(key)) {
        seen.add(key);
        const parsers = [...parserNamed('ingress_parser'), ...parserNamed('egress_parser')];
        out.push({ name: p.name, ingress: control(ingress), egress: control(egress), parsers });
      }
    }
    for (const a of p.args) if (a.value.kind === 'PackageInstance') visit(a.value);
  };
  if (ir.main !== undefined) visit(ir.main);
  return out;
}
