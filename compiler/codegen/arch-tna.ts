// TNA as a code-generation strategy: main is Switch(Pipeline(six blocks), …); each pipe
// allocates the eight intrinsic structs and, per gress, the headers and metadata its parser
// fills; each gress runs parser → control (in stage order when the Tofino pass placed it) →
// deparser, and `create` returns the TnaBlocks of runtime/pipeline-module.ts. With several
// Pipelines each pipe is a closure of its own (docs/multi-pipe.md).

import { TNA_DEFAULT_PORTS } from '../../contract/p4info.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import type { GressExecution } from '../targets/tofino/resource-map.js';
import { type ArchStrategy, blockOf } from './arch.js';
import type { Gen, Gress, Scope } from './context.js';
import { controlContainsExit, emitControl } from './emit-control.js';
import { emitParser } from './emit-parser.js';
import { executionOf } from './emit-staged.js';
import { classIdent, layoutOf, totalWidth } from './emit-types.js';
import type { CodegenOptions } from './index.js';
import { CodegenMessages as M } from './messages.js';
import type { Writer } from './writer.js';

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

/** Tofino 2's ghost thread metadata: allocated only when the target's includes declare it. */
const GHOST_INTRINSIC = { type: 'ghost_intrinsic_metadata_t', js: 'gh_intr_md' } as const;

/** Module-level names every pipe's code uses (reserved before any P4 name is mapped). */
const RESERVED = [
  'ig_hdr',
  'ig_md',
  'eg_hdr',
  'eg_md',
  'ig_out',
  'eg_out',
  'ig_exit',
  'eg_exit',
  'pipes',
  'gh_intr_md',
  'gh_exit',
  'ghost',
];

/** PORT_METADATA_SIZE of the program's specs file, in bytes (8, Tofino 1's, when it has none). */
function portMetadataBytes(ir: Ir.Program): number {
  const c = ir.constants.find((k) => k.name === 'PORT_METADATA_SIZE');
  const v = c?.value;
  const bits = typeof v === 'bigint' ? Number(v) : 64;
  return Math.ceil(bits / 8);
}

/** Bytes of the target's egress intrinsic header (27 on Tofino 1, 28 on Tofino 2). */
function egressIntrinsicBytes(ir: Ir.Program): number {
  const t = ir.types.find((x) => x.name === 'egress_intrinsic_metadata_t')?.type;
  const layout = t?.kind === 'header' ? layoutOf(t) : undefined;
  return layout === undefined ? 27 : Math.ceil(totalWidth(layout) / 8);
}

const ROLES = ['ingress_parser', 'ingress', 'ingress_deparser', 'egress_parser', 'egress', 'egress_deparser'] as const;

/** Hardware pipes of the emulated device when the program has more than one Pipeline. */
const MAX_PIPES = 4;

interface Pipe {
  /** The Pipeline instance's name (`pipe`, `pipeline_profile_a`). */
  readonly name: string;
  readonly blocks: Readonly<Record<(typeof ROLES)[number], Ir.Parser | Ir.Control>>;
  /** Tofino 2's optional seventh block: the ghost thread's control. */
  readonly ghost?: Ir.Control;
}

/**
 * The hardware pipes (port >> 7) a Pipeline serves: with n Pipelines on the 4-pipe device,
 * Pipeline k serves every pipe p with p mod n = k (two Pipelines: 0 and 2, 1 and 3, the
 * external/internal split of Tofino's 64Q folded-pipe setups). docs/multi-pipe.md.
 */
export function hwPipesOf(k: number, n: number): number[] {
  return [0, 1, 2, 3].filter((p) => p % n === k);
}

/** The Switch's pipelines, in argument order (pipe0, pipe1, …); undefined when diagnosed. */
function findPipes(gen: Gen, sink: DiagnosticSink): Pipe[] | undefined {
  const main = gen.ir.main as Ir.PackageInstance;
  const pipes: Pipe[] = [];
  for (const arg of main.args) {
    if (arg.value.kind !== 'PackageInstance') continue;
    const pipe = arg.value;
    const blocks: Record<string, Ir.Parser | Ir.Control> = {};
    for (const role of ROLES) {
      const decl = blockOf(gen, pipe, role, (span, what) => sink.report(M.noPipeline, span, what));
      if (decl === undefined) return undefined;
      blocks[role] = decl;
    }
    let ghost: Ir.Control | undefined;
    if (pipe.args.some((a) => a.role === 'ghost')) {
      const g = blockOf(gen, pipe, 'ghost', (span, what) => sink.report(M.noPipeline, span, what));
      if (g === undefined || g.kind !== 'Control') return undefined;
      ghost = g;
    }
    pipes.push({ name: pipe.name, blocks: blocks as Pipe['blocks'], ...(ghost === undefined ? {} : { ghost }) });
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

/**
 * Allocates one pipe's objects into `body`: the eight intrinsic structs, then per gress the
 * headers and metadata its parser fills. False when tna.p4 lacks an intrinsic type (diagnosed).
 */
function allocate(gen: Gen, body: Writer, pipe: Pipe, sink: DiagnosticSink): boolean {
  const typeByName = new Map(gen.ir.types.map((t) => [t.name, t.type]));
  for (const [tn, js] of Object.entries(INTRINSIC)) {
    const t = typeByName.get(tn);
    if (t === undefined || (t.kind !== 'struct' && t.kind !== 'header')) {
      sink.reportAt(M.noPipeline, undefined, `tna.p4 declares no ${tn}`);
      return false;
    }
    gen.types.add(t);
    body.line(`const ${js} = new ${classIdent(t)}();`);
  }
  for (const [p, names] of [
    [pipe.blocks.ingress_parser, ['ig_hdr', 'ig_md']],
    [pipe.blocks.egress_parser, ['eg_hdr', 'eg_md']],
  ] as const) {
    // The user's header and metadata objects: a struct, or a header (some programs declare
    // their metadata as one), bound in the same order by bindParams.
    const users = p.params.filter(
      (x) => (x.type.kind === 'struct' || x.type.kind === 'header') && INTRINSIC[x.type.name] === undefined,
    );
    users.slice(0, 2).forEach((x, i) => {
      gen.types.add(x.type);
      body.line(`const ${names[i]} = new ${classIdent(x.type as never)}();`);
    });
  }
  const ghostType = typeByName.get(GHOST_INTRINSIC.type);
  if (ghostType?.kind === 'header') {
    gen.types.add(ghostType);
    body.line(`const ${GHOST_INTRINSIC.js} = new ${classIdent(ghostType)}();`);
  }
  body.line('let ig_out;');
  body.line('let eg_out;');
  return true;
}

/** Binds a block's parameters to the pipe's allocated objects (packet parameters to `packet`). */
function bindParams(root: Scope, params: readonly Ir.Param[], gress: Gress, packet: string | undefined): Scope {
  const s = root.child();
  let user = 0;
  for (const p of params) {
    const t = p.type;
    if (t.kind === 'extern' && (t.name === 'packet_in' || t.name === 'packet_out')) {
      s.set(p.name, { kind: 'packet', js: packet ?? 'pkt', dir: t.name === 'packet_in' ? 'in' : 'out' });
      continue;
    }
    const name =
      t.kind === 'struct' || t.kind === 'header'
        ? (INTRINSIC[t.name] ?? (t.name === GHOST_INTRINSIC.type ? GHOST_INTRINSIC.js : undefined))
        : undefined;
    if (name !== undefined) {
      s.set(p.name, { kind: 'value', js: name, type: t });
      continue;
    }
    const js = gress === 'ingress' ? (['ig_hdr', 'ig_md'][user] ?? 'ig_md') : (['eg_hdr', 'eg_md'][user] ?? 'eg_md');
    user++;
    s.set(p.name, { kind: 'value', js, type: t });
  }
  return s;
}

/**
 * Emits one pipe's six blocks into `body` (its objects already allocated); `prefix`
 * ("pipe_a.") goes before every P4 name it puts in p4info when the program has several pipes.
 */
function emitPipeBlocks(
  gen: Gen,
  body: Writer,
  root: Scope,
  pipe: Pipe,
  prefix: string,
  options: CodegenOptions,
  execution: GressExecution[],
): void {
  const { blocks } = pipe;
  gen.readsParserErr.ingress = false;
  gen.readsParserErr.egress = false;
  const pipePlan =
    options.stagePlans?.find((p) => p.pipe === pipe.name) ??
    options.stagePlans?.find((p) => p.gresses.some((g) => g.gress === 'ingress' && g.control === blocks.ingress.name));
  for (const gress of ['ingress', 'egress'] as const) {
    gen.gress = gress;
    const pre = gress === 'ingress' ? 'ig' : 'eg';
    const parser = (gress === 'ingress' ? blocks.ingress_parser : blocks.egress_parser) as Ir.Parser;
    const entry = emitParser(
      gen,
      body,
      parser,
      bindParams(root, parser.params, gress, 'pkt'),
      'pkt',
      prefix + parser.name,
    );
    body.line(`const ${gress}Parser = ${entry};`);
    for (const [role, block, packet] of [
      [gress, (gress === 'ingress' ? blocks.ingress : blocks.egress) as Ir.Control, undefined],
      [
        `${gress}Deparser`,
        (gress === 'ingress' ? blocks.ingress_deparser : blocks.egress_deparser) as Ir.Control,
        `${pre}_out`,
      ],
    ] as const) {
      const exits = controlContainsExit(gen, block);
      const flag = gen.sharedExitFlag ?? `${pre}_exit`;
      gen.exitFlag = exits ? flag : undefined;
      if (exits && gen.sharedExitFlag === undefined) body.line(`let ${flag} = false;`);
      let how: Parameters<typeof emitControl>[5];
      if (packet === undefined) {
        const plan = pipePlan?.gresses.find((g) => g.gress === gress && g.control === block.name);
        const noPlan = options.noStagePlan ?? 'no stage allocation was given';
        how = { how: executionOf(gress, block, plan, noPlan), plan };
        execution.push(how.how);
      }
      const apply = emitControl(
        gen,
        body,
        block,
        prefix + block.name,
        bindParams(root, block.params, gress, packet),
        how,
      );
      const arg = packet === undefined ? '' : 'out';
      body.block(`function ${role}(${arg})`, () => {
        if (packet !== undefined) body.line(`${packet} = out;`);
        if (exits) body.line(`${flag} = false;`);
        body.line(`${apply}();`);
      });
    }
  }
  gen.exitFlag = undefined;
  if (pipe.ghost !== undefined) emitGhost(gen, body, root, pipe.ghost, prefix);
}

/**
 * The ghost thread's control (Tofino 2): no packet, no parser or deparser; it reads the
 * traffic manager's queue update in gh_intr_md, which the engine fills before each call.
 * It is not stage-allocated (run in statement order, like a deparser).
 */
function emitGhost(gen: Gen, body: Writer, root: Scope, block: Ir.Control, prefix: string): void {
  gen.gress = 'ingress';
  const exits = controlContainsExit(gen, block);
  const flag = gen.sharedExitFlag ?? 'gh_exit';
  gen.exitFlag = exits ? flag : undefined;
  if (exits && gen.sharedExitFlag === undefined) body.line(`let ${flag} = false;`);
  const apply = emitControl(
    gen,
    body,
    block,
    prefix + block.name,
    bindParams(root, block.params, 'ingress', undefined),
  );
  body.block('function ghost()', () => {
    if (exits) body.line(`${flag} = false;`);
    body.line(`${apply}();`);
  });
  gen.exitFlag = undefined;
}

/** The members of the TnaBlocks object a pipe's code returns (names local to the pipe's scope). */
function blocksMembers(gen: Gen, pipe: Pipe): string[] {
  return [
    ...(pipe.ghost === undefined ? [] : [GHOST_INTRINSIC.js, 'ghost']),
    ...Object.values(INTRINSIC),
    `ingressReadsParserErr: ${gen.readsParserErr.ingress}`,
    `egressReadsParserErr: ${gen.readsParserErr.egress}`,
    `portMetadataBytes: ${portMetadataBytes(gen.ir)}`,
    `egressIntrinsicBytes: ${egressIntrinsicBytes(gen.ir)}`,
    'ingressParser',
    'ingress',
    'ingressDeparser',
    'egressParser',
    'egress',
    'egressDeparser',
  ];
}

export const tnaStrategy: ArchStrategy = {
  arch: 'tna',
  ports: TNA_DEFAULT_PORTS,
  servicesType: 'TnaServices',
  blocksType: 'TnaBlocks',
  accepts: (main) => main.packageType === 'Switch',
  begin(gen, body, root, options, sink) {
    const pipes = findPipes(gen, sink);
    if (pipes === undefined) return undefined;
    for (const v of Object.values(INTRINSIC)) gen.ident(v);
    for (const v of RESERVED) gen.ident(v);
    const execution: GressExecution[] = [];

    if (pipes.length === 1) {
      // One pipe: its objects sit at the top of `create`, before the shared actions and functions.
      const only = pipes[0] as Pipe;
      if (!allocate(gen, body, only, sink)) return undefined;
      return {
        emitBlocks: () => {
          emitPipeBlocks(gen, body, root, only, '', options, execution);
          return { execution, returns: blocksMembers(gen, only) };
        },
      };
    }

    // Several pipes: each is a closure of its own with its blocks, headers, metadata and extern
    // instances (P4 names prefixed by the pipe's name), separate from every other pipe's; the
    // top-level actions and functions before them are shared.
    return {
      emitBlocks: () => {
        const fns: string[] = [];
        for (const [i, pipe] of pipes.entries()) {
          gen.pipe = i;
          const fn = gen.ident(`${pipe.name}_blocks`);
          fns.push(fn);
          body.line();
          body.line(`// ==== pipe ${i}: ${pipe.name} ${'='.repeat(Math.max(0, 70 - pipe.name.length))}`);
          let allocated = true;
          body.block(`function ${fn}()`, () => {
            allocated = allocate(gen, body, pipe, sink);
            if (!allocated) return;
            emitPipeBlocks(gen, body, root, pipe, `${pipe.name}.`, options, execution);
            body.block(
              'return',
              () => {
                for (const m of blocksMembers(gen, pipe)) body.line(`${m},`);
              },
              '};',
            );
          });
          if (!allocated) return undefined;
          gen.p4info.pipes.push({ name: pipe.name, hwPipes: hwPipesOf(i, pipes.length) });
        }
        gen.pipe = 0;
        body.line(`const pipes = [${fns.map((f) => `${f}()`).join(', ')}];`);
        return { execution, returns: ['...pipes[0]', 'pipes'] };
      },
    };
  },
};
