// The code generator: typed IR of a TNA or v1model program → `pipeline.js` (an ES module in the shape of
// runtime/pipeline-module.ts), `pipeline.d.ts` and p4info. The architecture's strategy (arch.ts) finds
// its blocks, allocates the objects they share and emits them; p4info is gathered as it goes, so
// that positions in p4info and `services.*` indexes agree. Output depends only on the IR and
// the options (declaration order everywhere), so it can be compared with golden files.

import type { P4Info } from '../../contract/p4info.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { controlPlaneName } from '../ir/control-plane-name.js';
import type * as Ir from '../ir/nodes.js';
import type { GressExecution } from '../targets/tofino/resource-map.js';
import type { StagePlan } from '../targets/tofino/stage-plan.js';
import type { ArchStrategy } from './arch.js';
import { psaStrategy } from './arch-psa.js';
import { tnaStrategy } from './arch-tna.js';
import { v1modelStrategy } from './arch-v1model.js';
import { Gen, Scope } from './context.js';
import { containsExit, emitAction, emitFunction } from './emit-control.js';
import { declareInstance } from './emit-extern-decl.js';
import { CodegenMessages as M } from './messages.js';
import { P4InfoBuilder } from './p4info.js';
import { Writer } from './writer.js';

export interface CodegenOptions {
  /** The program's name (p4info.program, the build directory's name). */
  readonly program: string;
  /** The module specifier generated code imports the runtime from (`…/dist/runtime/index.js`). */
  readonly runtimeImport: string;
  readonly compilerVersion: string;
  /** Shown in the file header: the compile options that produced the output. */
  readonly describeOptions?: string;
  readonly source?: string;
  /**
   * Where the Tofino pass placed each unit: the ingress and egress controls then run in stage
   * order. Without it (or where a plan cannot be followed) they run in program order, and
   * `GeneratedPipeline.execution` and a comment in pipeline.js say why (`noStagePlan`).
   */
  readonly stagePlans?: readonly StagePlan[];
  readonly noStagePlan?: string;
}

export interface GeneratedPipeline {
  readonly pipelineJs: string;
  readonly pipelineDts: string;
  readonly p4info: P4Info;
  /** How the ingress and egress controls run: stage order, or program order and why. */
  readonly execution: readonly GressExecution[];
}

/** Returns the generated module, or undefined when something could not be generated (diagnosed). */
const STRATEGIES: readonly ArchStrategy[] = [tnaStrategy, v1modelStrategy, psaStrategy];

export function generatePipeline(
  ir: Ir.Program,
  options: CodegenOptions,
  sink: DiagnosticSink,
): GeneratedPipeline | undefined {
  const errorsBefore = sink.errorCount;
  const main = ir.main;
  if (main === undefined) {
    sink.reportAt(M.noPipeline, undefined, 'no main package');
    return undefined;
  }
  const strategy = STRATEGIES.find((s) => s.accepts(main));
  if (strategy === undefined) {
    sink.report(M.noPipeline, main.span, `main is a ${main.packageType}`);
    return undefined;
  }
  const info = new P4InfoBuilder(options.program, ir.errors);
  const gen = new Gen(ir, sink, info);
  gen.arch = strategy.arch;
  const body = new Writer(sink);
  body.indent();
  const root = new Scope();
  const blocks = strategy.begin(gen, body, root, options, sink);
  if (blocks === undefined) {
    if (sink.errorCount === errorsBefore) sink.reportAt(M.noPipeline, undefined, 'no pipeline');
    return undefined;
  }

  // Top-level extern instances (a v1model register declared outside any control), functions,
  // then actions (NoAction; an action may call a function), shared by every control.
  for (const inst of ir.externs)
    declareInstance(gen, body, inst, controlPlaneName(inst.name, inst.annotations, ''), root, [], []);
  for (const f of ir.functions) root.set(f.name, { kind: 'function', js: gen.ident(f.name), fn: f });
  for (const f of ir.functions) {
    const b = root.get(f.name);
    if (b?.kind === 'function') emitFunction(gen, body, root, f, b.js);
  }
  for (const a of ir.actions)
    root.set(a.name, {
      kind: 'action',
      js: gen.ident(a.name),
      action: a,
      p4Name: controlPlaneName(a.name, a.annotations, ''),
    });
  if (ir.actions.some((a) => containsExit(a.body))) {
    gen.sharedExitFlag = gen.ident('exit_flag');
    body.line(`let ${gen.sharedExitFlag} = false;`);
  }
  gen.exitFlag = gen.sharedExitFlag;
  for (const a of ir.actions) {
    const b = root.get(a.name);
    if (b?.kind === 'action') emitAction(gen, body, root, a, b.js, b.p4Name);
  }
  gen.exitFlag = undefined;

  const emitted = blocks.emitBlocks();
  if (emitted === undefined || sink.errorCount > errorsBefore) {
    if (sink.errorCount === errorsBefore) sink.reportAt(M.noPipeline, undefined, 'no pipeline');
    return undefined;
  }

  const p4info = info.build(strategy.arch, emitted.ports ?? strategy.ports);
  const head = new Writer(sink);
  head.line(`// Generated by p4ts ${options.compilerVersion} from ${options.source ?? options.program}: do not edit.`);
  head.line(
    `// Program ${options.program}, architecture ${strategy.arch}${options.describeOptions === undefined ? '' : `, options ${options.describeOptions}`}.`,
  );
  head.line(
    '// The module contract is docs/pipeline-module.md: create(services) once, then the six blocks per packet.',
  );
  head.line();
  head.line(`import { ${[...gen.imports].sort().join(', ')} } from ${JSON.stringify(options.runtimeImport)};`);
  head.line();
  head.line(`export const arch = '${strategy.arch}';`);
  head.line(`export const p4info = ${JSON.stringify(p4info, null, 2)};`);
  head.line();
  gen.types.emit(head);
  head.line();
  for (const emitHelper of gen.moduleHelpers.values()) {
    emitHelper(head);
    head.line();
  }
  head.line('export function create(services) {');
  head.line('  const tr = services.trace;');
  head.line('  const cur = services.current;');
  for (const l of strategy.prelude ?? []) head.line(`  ${l}`);
  const tail = new Writer();
  tail.indent();
  tail.block(
    'return',
    () => {
      for (const r of emitted.returns) tail.line(`${r},`);
    },
    '};',
  );
  tail.dedent();
  tail.line('}');
  const pipelineJs = head.toString() + body.toString() + tail.toString();
  const pipelineDts = [
    `// Types of pipeline.js (program ${options.program}), generated by p4ts ${options.compilerVersion}.`,
    `import type { P4Info, ${strategy.blocksType}, ${strategy.servicesType} } from ${JSON.stringify(options.runtimeImport)};`,
    `export declare const arch: '${strategy.arch}';`,
    'export declare const p4info: P4Info;',
    `export declare function create(services: ${strategy.servicesType}): ${strategy.blocksType};`,
    '',
  ].join('\n');
  return { pipelineJs, pipelineDts, p4info, execution: emitted.execution };
}
