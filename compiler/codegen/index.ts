// The code generator: typed IR of a TNA program → `pipeline.js` (an ES module in the shape of
// runtime/pipeline-module.ts), `pipeline.d.ts` and p4info. It finds the Pipeline's six blocks,
// allocates the per-gress objects once, emits each block, and gathers p4info as it goes, so
// that positions in p4info and `services.*` indexes agree. Output depends only on the IR and
// the options (declaration order everywhere), so it can be compared with golden files.

import type { P4Info } from '../../contract/p4info.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import type { GressExecution } from '../targets/tofino/resource-map.js';
import type { StagePlan } from '../targets/tofino/stage-plan.js';
import { Gen, type Gress, Scope } from './context.js';
import { controlContainsExit, emitAction, emitControl } from './emit-control.js';
import { emitTopLevelFunctions } from './emit-function.js';
import { emitParser } from './emit-parser.js';
import { executionOf } from './emit-staged.js';
import { layoutOf, totalWidth, typeIdent } from './emit-types.js';
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

const INTRINSIC: Readonly<Record<string, string>> = {
  ingress_intrinsic_metadata_t: 'ig_intr_md',
  ingress_intrinsic_metadata_for_tm_t: 'ig_intr_md_for_tm',
  ingress_intrinsic_metadata_from_parser_t: 'ig_intr_md_from_prsr',
  ingress_intrinsic_metadata_for_deparser_t: 'ig_intr_md_for_dprsr',
  egress_intrinsic_metadata_t: 'eg_intr_md',
  egress_intrinsic_metadata_from_parser_t: 'eg_intr_md_from_prsr',
  egress_intrinsic_metadata_for_deparser_t: 'eg_intr_md_for_dprsr',
  egress_intrinsic_metadata_for_output_port_t: 'eg_intr_md_for_oport',
};

/** Bytes of the target's egress intrinsic header (27 on Tofino 1, 28 on Tofino 2). */
function egressIntrinsicBytes(ir: Ir.Program): number {
  const t = ir.types.find((x) => x.name === 'egress_intrinsic_metadata_t')?.type;
  const layout = t?.kind === 'header' ? layoutOf(t) : undefined;
  return layout === undefined ? 27 : Math.ceil(totalWidth(layout) / 8);
}

/** PORT_METADATA_SIZE of the program's specs file, in bytes (8, Tofino 1's, when it has none). */
function portMetadataBytes(ir: Ir.Program): number {
  const c = ir.constants.find((k) => k.name === 'PORT_METADATA_SIZE');
  const v = c?.value;
  const bits = typeof v === 'bigint' ? Number(v) : 64;
  return Math.ceil(bits / 8);
}

const ROLES = ['ingress_parser', 'ingress', 'ingress_deparser', 'egress_parser', 'egress', 'egress_deparser'] as const;

interface Blocks {
  readonly ingress_parser: Ir.Parser;
  readonly ingress: Ir.Control;
  readonly ingress_deparser: Ir.Control;
  readonly egress_parser: Ir.Parser;
  readonly egress: Ir.Control;
  readonly egress_deparser: Ir.Control;
}

interface Pipe {
  /** The Pipeline instance's name (`pipe`, `pipeline_profile_a`). */
  readonly name: string;
  readonly blocks: Blocks;
}

/** The Switch's pipelines, in argument order (pipe0, pipe1, …). */
function findPipes(ir: Ir.Program, sink: DiagnosticSink): Pipe[] | undefined {
  const main = ir.main;
  if (main === undefined) return undefined;
  if (main.packageType !== 'Switch') {
    if (main.packageType === 'V1Switch') sink.report(M.targetMismatch, main.span, 'v1model');
    else sink.report(M.noPipeline, main.span, `main is a ${main.packageType}`);
    return undefined;
  }
  const pipes: Pipe[] = [];
  for (const arg of main.args) {
    if (arg.value.kind !== 'PackageInstance') continue;
    const pipe = arg.value;
    const found: Record<string, Ir.Parser | Ir.Control> = {};
    for (const role of ROLES) {
      const a = pipe.args.find((x) => x.role === role)?.value;
      if (a?.kind !== 'BlockInstance') {
        sink.report(M.noPipeline, pipe.span, `no ${role} block`);
        return undefined;
      }
      const decl =
        a.block === 'parser' ? ir.parsers.find((p) => p.name === a.name) : ir.controls.find((c) => c.name === a.name);
      if (decl === undefined) return undefined;
      if (a.ctorArgs.length > 0) {
        sink.report(M.unsupported, a.span, 'blocks with constructor arguments');
        return undefined;
      }
      found[role] = decl;
    }
    pipes.push({ name: pipe.name, blocks: found as unknown as Blocks });
  }
  if (pipes.length === 0) {
    sink.report(M.noPipeline, main.span, 'the Switch has no Pipeline');
    return undefined;
  }
  if (pipes.length > MAX_PIPES) {
    sink.report(M.unsupported, main.span, `${pipes.length} pipes (Tofino has at most ${MAX_PIPES})`);
    return undefined;
  }
  return pipes;
}

/** Hardware pipes of the emulated device when the program has more than one Pipeline. */
const MAX_PIPES = 4;

/** Returns the generated module, or undefined when something could not be generated (diagnosed). */
export function generatePipeline(
  ir: Ir.Program,
  options: CodegenOptions,
  sink: DiagnosticSink,
): GeneratedPipeline | undefined {
  const errorsBefore = sink.errorCount;
  const pipes = findPipes(ir, sink);
  if (pipes === undefined) {
    if (sink.errorCount === errorsBefore) sink.reportAt(M.noPipeline, undefined, 'no main package');
    return undefined;
  }
  const info = new P4InfoBuilder(options.program, ir.errors);
  const gen = new Gen(ir, sink, info);
  for (const v of Object.values(INTRINSIC)) gen.ident(v);
  for (const v of ['ig_hdr', 'ig_md', 'eg_hdr', 'eg_md', 'ig_out', 'eg_out', 'ig_exit', 'eg_exit', 'pipes'])
    gen.ident(v);
  const body = new Writer(sink);
  body.indent();
  const root = new Scope();

  // Top-level actions (NoAction) and functions are shared by every control of every pipe.
  const topLevel = () => {
    // Functions first: actions and blocks may call them.
    emitTopLevelFunctions(gen, body, root);
    for (const a of ir.actions) root.set(a.name, { kind: 'action', js: gen.ident(a.name), action: a, p4Name: a.name });
    for (const a of ir.actions) {
      const b = root.get(a.name);
      if (b?.kind === 'action') emitAction(gen, body, root, a, b.js, b.p4Name);
    }
  };

  const execution: GressExecution[] = [];
  if (pipes.length === 1) {
    const only = pipes[0] as Pipe;
    if (!emitPipe(gen, body, root, only, undefined, options, execution, topLevel)) return undefined;
  } else {
    topLevel();
    // Each pipe is a closure of its own: its blocks, headers, metadata and extern instances
    // (P4 names prefixed by the pipe's name) are separate from every other pipe's.
    const fns: string[] = [];
    for (const [i, pipe] of pipes.entries()) {
      gen.pipe = i;
      const fn = gen.ident(`${pipe.name}_blocks`);
      fns.push(fn);
      body.line();
      body.line(`// ==== pipe ${i}: ${pipe.name} ${'='.repeat(Math.max(0, 70 - pipe.name.length))}`);
      let okPipe = true;
      body.block(`function ${fn}()`, () => {
        okPipe = emitPipe(gen, body, root, pipe, `${pipe.name}.`, options, execution);
        body.block('return', () => blocksObject(gen, body), '};');
      });
      if (!okPipe) return undefined;
      info.pipes.push({ name: pipe.name, hwPipes: hwPipesOf(i, pipes.length) });
    }
    body.line(`const pipes = [${fns.map((f) => `${f}()`).join(', ')}];`);
  }
  if (sink.errorCount > errorsBefore) return undefined;

  const p4info = info.build();
  const head = new Writer(sink);
  head.line(`// Generated by p4ts ${options.compilerVersion} from ${options.source ?? options.program}: do not edit.`);
  head.line(
    `// Program ${options.program}, architecture tna${options.describeOptions === undefined ? '' : `, options ${options.describeOptions}`}.`,
  );
  head.line(
    '// The module contract is docs/pipeline-module.md: create(services) once, then the six blocks per packet.',
  );
  head.line();
  head.line(`import { ${[...gen.imports].sort().join(', ')} } from ${JSON.stringify(options.runtimeImport)};`);
  head.line();
  head.line("export const arch = 'tna';");
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
  const tail = new Writer();
  tail.indent();
  if (pipes.length === 1) tail.block('return', () => blocksObject(gen, tail), '};');
  else tail.line('return { ...pipes[0], pipes };');
  tail.dedent();
  tail.line('}');
  const pipelineJs = head.toString() + body.toString() + tail.toString();
  const pipelineDts = [
    `// Types of pipeline.js (program ${options.program}), generated by p4ts ${options.compilerVersion}.`,
    `import type { P4Info, TnaBlocks, TnaServices } from ${JSON.stringify(options.runtimeImport)};`,
    "export declare const arch: 'tna';",
    'export declare const p4info: P4Info;',
    'export declare function create(services: TnaServices): TnaBlocks;',
    '',
  ].join('\n');
  return { pipelineJs, pipelineDts, p4info, execution };
}

/** The TnaBlocks object a pipe's code returns (its names are local to the pipe's scope). */
function blocksObject(gen: Gen, w: Writer): void {
  for (const v of Object.values(INTRINSIC)) w.line(`${v},`);
  w.line(`ingressReadsParserErr: ${gen.readsParserErr.ingress},`);
  w.line(`egressReadsParserErr: ${gen.readsParserErr.egress},`);
  w.line(`portMetadataBytes: ${portMetadataBytes(gen.ir)},`);
  w.line(`egressIntrinsicBytes: ${egressIntrinsicBytes(gen.ir)},`);
  for (const f of ['ingressParser', 'ingress', 'ingressDeparser', 'egressParser', 'egress', 'egressDeparser'])
    w.line(`${f},`);
}

/**
 * The hardware pipes (port >> 7) a Pipeline serves: with n Pipelines on the 4-pipe device,
 * Pipeline k serves every pipe p with p mod n = k (two Pipelines: 0 and 2, 1 and 3, the
 * external/internal split of Tofino's 64Q folded-pipe setups). docs/multi-pipe.md.
 */
export function hwPipesOf(k: number, n: number): number[] {
  return [0, 1, 2, 3].filter((p) => p % n === k);
}

/**
 * Emits one pipe's six blocks (allocating its headers, metadata and intrinsic structs first)
 * into `body`; `prefix` ("pipe_a.") goes before every P4 name it puts in p4info when the
 * program has several pipes. Returns false when something could not be generated.
 */
function emitPipe(
  gen: Gen,
  body: Writer,
  root: Scope,
  pipe: Pipe,
  prefix: string | undefined,
  options: CodegenOptions,
  execution: GressExecution[],
  afterAllocation?: () => void,
): boolean {
  const { ir, sink } = gen;
  const blocks = pipe.blocks;
  const errorsBefore = sink.errorCount;
  gen.readsParserErr.ingress = false;
  gen.readsParserErr.egress = false;
  // Objects allocated once: headers and metadata per gress, and the eight intrinsic structs.
  const typeByName = new Map(ir.types.map((t) => [t.name, t.type]));
  for (const [tn, js] of Object.entries(INTRINSIC)) {
    const t = typeByName.get(tn);
    if (t === undefined || (t.kind !== 'struct' && t.kind !== 'header')) {
      sink.reportAt(M.noPipeline, undefined, `tna.p4 declares no ${tn}`);
      return false;
    }
    gen.types.add(t);
    body.line(`const ${js} = new ${typeIdent(t)}();`);
  }
  const userObjects = (p: Ir.Parser, gress: Gress): [string, Ir.Type][] => {
    const users = p.params.filter((x) => x.type.kind === 'struct' && INTRINSIC[x.type.name] === undefined);
    const names = gress === 'ingress' ? ['ig_hdr', 'ig_md'] : ['eg_hdr', 'eg_md'];
    return users.slice(0, 2).map((x, i) => [names[i] as string, x.type]);
  };
  for (const [p, gress] of [
    [blocks.ingress_parser, 'ingress'],
    [blocks.egress_parser, 'egress'],
  ] as const) {
    for (const [js, t] of userObjects(p, gress)) {
      gen.types.add(t);
      body.line(`const ${js} = new ${typeIdent(t as never)}();`);
    }
  }
  body.line('let ig_out;');
  body.line('let eg_out;');
  afterAllocation?.();

  const bindParams = (params: readonly Ir.Param[], gress: Gress, packet: string | undefined): Scope => {
    const s = root.child();
    let user = 0;
    for (const p of params) {
      const t = p.type;
      if (t.kind === 'extern' && (t.name === 'packet_in' || t.name === 'packet_out')) {
        s.set(p.name, { kind: 'packet', js: packet ?? 'pkt', dir: t.name === 'packet_in' ? 'in' : 'out' });
        continue;
      }
      const name = t.kind === 'struct' || t.kind === 'header' ? INTRINSIC[t.name] : undefined;
      if (name !== undefined) {
        s.set(p.name, { kind: 'value', js: name, type: t });
        continue;
      }
      const js = gress === 'ingress' ? (['ig_hdr', 'ig_md'][user] ?? 'ig_md') : (['eg_hdr', 'eg_md'][user] ?? 'eg_md');
      user++;
      s.set(p.name, { kind: 'value', js, type: t });
    }
    return s;
  };

  const pipePlan =
    options.stagePlans?.find((p) => p.pipe === pipe.name) ??
    options.stagePlans?.find((p) => p.gresses.some((g) => g.gress === 'ingress' && g.control === blocks.ingress.name));
  const path = (name: string) => `${prefix ?? ''}${name}`;
  for (const gress of ['ingress', 'egress'] as const) {
    gen.gress = gress;
    const pre = gress === 'ingress' ? 'ig' : 'eg';
    const parser = gress === 'ingress' ? blocks.ingress_parser : blocks.egress_parser;
    const entry = emitParser(gen, body, parser, bindParams(parser.params, gress, 'pkt'), 'pkt', path(parser.name));
    body.line(`const ${gress}Parser = ${entry};`);
    for (const [role, block, packet] of [
      [gress, gress === 'ingress' ? blocks.ingress : blocks.egress, undefined],
      [`${gress}Deparser`, gress === 'ingress' ? blocks.ingress_deparser : blocks.egress_deparser, `${pre}_out`],
    ] as const) {
      const exits = controlContainsExit(gen, block);
      gen.exitFlag = exits ? `${pre}_exit` : undefined;
      if (exits) body.line(`let ${pre}_exit = false;`);
      let how: Parameters<typeof emitControl>[5];
      if (packet === undefined) {
        const plan = pipePlan?.gresses.find((g) => g.gress === gress && g.control === block.name);
        const noPlan = options.noStagePlan ?? 'no stage allocation was given';
        how = { how: executionOf(gress, block, plan, noPlan), plan };
        execution.push(how.how);
      }
      const apply = emitControl(gen, body, block, path(block.name), bindParams(block.params, gress, packet), how);
      const arg = packet === undefined ? '' : 'out';
      body.block(`function ${role}(${arg})`, () => {
        if (packet !== undefined) body.line(`${packet} = out;`);
        if (exits) body.line(`${pre}_exit = false;`);
        body.line(`${apply}();`);
      });
    }
  }
  gen.exitFlag = undefined;
  return sink.errorCount === errorsBefore;
}
