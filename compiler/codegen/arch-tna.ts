// TNA as a code-generation strategy: main is Switch(Pipeline(six blocks)); the module
// allocates the eight intrinsic structs and, per gress, the headers and metadata its parser
// fills; each gress runs parser → control (in stage order when the Tofino pass placed it) →
// deparser, and `create` returns the TnaBlocks of runtime/pipeline-module.ts.

import { TNA_DEFAULT_PORTS } from '../../contract/p4info.js';
import type * as Ir from '../ir/nodes.js';
import { type ArchStrategy, blockOf } from './arch.js';
import type { Gress, Scope } from './context.js';
import { controlContainsExit, emitControl } from './emit-control.js';
import { emitParser } from './emit-parser.js';
import { executionOf } from './emit-staged.js';
import { layoutOf, totalWidth, typeIdent } from './emit-types.js';
import { CodegenMessages as M } from './messages.js';

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

/** PORT_METADATA_SIZE of the program's specs file, in bytes (8, Tofino 1's, when it has none). */
function portMetadataBytes(ir: Ir.Program): number {
  const c = ir.constants.find((k) => k.name === 'PORT_METADATA_SIZE');
  const v = c?.value;
  const bits = typeof v === 'bigint' ? Number(v) : 64;
  return Math.ceil(bits / 8);
}

const ROLES = ['ingress_parser', 'ingress', 'ingress_deparser', 'egress_parser', 'egress', 'egress_deparser'] as const;

export const tnaStrategy: ArchStrategy = {
  arch: 'tna',
  ports: TNA_DEFAULT_PORTS,
  servicesType: 'TnaServices',
  blocksType: 'TnaBlocks',
  accepts: (main) => main.packageType === 'Switch',
  begin(gen, body, root, options, sink) {
    const main = gen.ir.main as Ir.PackageInstance;
    const pipes = main.args.filter((a) => a.value.kind === 'PackageInstance');
    if (pipes.length !== 1) {
      sink.report(M.unsupported, main.span, `${pipes.length} pipes (one Pipeline is generated)`);
      return undefined;
    }
    const pipe = (pipes[0] as Ir.PackageArgument).value as Ir.PackageInstance;
    const blocks: Record<string, Ir.Parser | Ir.Control> = {};
    for (const role of ROLES) {
      const decl = blockOf(gen, pipe, role, (span, what) => sink.report(M.noPipeline, span, what));
      if (decl === undefined) return undefined;
      blocks[role] = decl;
    }
    for (const v of Object.values(INTRINSIC)) gen.ident(v);
    for (const v of ['ig_hdr', 'ig_md', 'eg_hdr', 'eg_md', 'ig_out', 'eg_out', 'ig_exit', 'eg_exit']) gen.ident(v);

    // Objects allocated once: headers and metadata per gress, and the eight intrinsic structs.
    const typeByName = new Map(gen.ir.types.map((t) => [t.name, t.type]));
    const egressHeader = typeByName.get('egress_intrinsic_metadata_t');
    const egressLayout = egressHeader?.kind === 'header' ? layoutOf(egressHeader) : undefined;
    const egressIntrinsicBytes = egressLayout === undefined ? 27 : Math.ceil(totalWidth(egressLayout) / 8);
    for (const [tn, js] of Object.entries(INTRINSIC)) {
      const t = typeByName.get(tn);
      if (t === undefined || (t.kind !== 'struct' && t.kind !== 'header')) {
        sink.reportAt(M.noPipeline, undefined, `tna.p4 declares no ${tn}`);
        return undefined;
      }
      gen.types.add(t);
      body.line(`const ${js} = new ${typeIdent(t)}();`);
    }
    const userObjects = (p: Ir.Parser, gress: Gress): [string, Ir.Type][] => {
      const users = p.params.filter((x) => x.type.kind === 'struct' && INTRINSIC[x.type.name] === undefined);
      const names = gress === 'ingress' ? ['ig_hdr', 'ig_md'] : ['eg_hdr', 'eg_md'];
      return users.slice(0, 2).map((x, i) => [names[i] as string, x.type]);
    };
    const igParser = blocks.ingress_parser as Ir.Parser;
    const egParser = blocks.egress_parser as Ir.Parser;
    for (const [p, gress] of [
      [igParser, 'ingress'],
      [egParser, 'egress'],
    ] as const) {
      for (const [js, t] of userObjects(p, gress)) {
        gen.types.add(t);
        body.line(`const ${js} = new ${typeIdent(t as never)}();`);
      }
    }
    body.line('let ig_out;');
    body.line('let eg_out;');

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
        const js =
          gress === 'ingress' ? (['ig_hdr', 'ig_md'][user] ?? 'ig_md') : (['eg_hdr', 'eg_md'][user] ?? 'eg_md');
        user++;
        s.set(p.name, { kind: 'value', js, type: t });
      }
      return s;
    };

    const emitBlocks = () => {
      const execution: ReturnType<typeof executionOf>[] = [];
      const ingress = blocks.ingress as Ir.Control;
      const pipePlan = options.stagePlans?.find((p) =>
        p.gresses.some((g) => g.gress === 'ingress' && g.control === ingress.name),
      );
      for (const gress of ['ingress', 'egress'] as const) {
        gen.gress = gress;
        const pre = gress === 'ingress' ? 'ig' : 'eg';
        const parser = gress === 'ingress' ? igParser : egParser;
        const entry = emitParser(gen, body, parser, bindParams(parser.params, gress, 'pkt'), 'pkt');
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
          const apply = emitControl(gen, body, block, block.name, bindParams(block.params, gress, packet), how);
          const arg = packet === undefined ? '' : 'out';
          body.block(`function ${role}(${arg})`, () => {
            if (packet !== undefined) body.line(`${packet} = out;`);
            if (exits) body.line(`${flag} = false;`);
            body.line(`${apply}();`);
          });
        }
      }
      gen.exitFlag = undefined;
      return {
        execution,
        returns: [
          ...Object.values(INTRINSIC),
          `ingressReadsParserErr: ${gen.readsParserErr.ingress}`,
          `egressReadsParserErr: ${gen.readsParserErr.egress}`,
          `portMetadataBytes: ${portMetadataBytes(gen.ir)}`,
          `egressIntrinsicBytes: ${egressIntrinsicBytes}`,
          'ingressParser',
          'ingress',
          'ingressDeparser',
          'egressParser',
          'egress',
          'egressDeparser',
        ],
      };
    };
    return { emitBlocks };
  },
};
