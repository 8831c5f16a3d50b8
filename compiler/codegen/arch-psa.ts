// PSA as a code-generation strategy: main is PSA_Switch(IngressPipeline(ip, ig, id), pre,
// EgressPipeline(ep, eg, ed), bqe). Ingress and egress each get their own headers and user
// metadata (a packet is parsed again in egress), the seven standard metadata structs are
// allocated once and filled by the engine (runtime/arch/psa.ts), and the five user metadata
// structs that travel between passes (normal, clone I2E, clone E2E, resubmit, recirculate) are
// saved and loaded by role. docs/psa.md describes the packet paths.

import { PSA_PORTS } from '../../contract/p4info.js';
import type { StructLikeType, Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { type ArchStrategy, blockOf } from './arch.js';
import type { Scope } from './context.js';
import { controlContainsExit, emitControl } from './emit-control.js';
import { emitParser } from './emit-parser.js';
import { psaPorts } from './emit-psa.js';
import { classIdent, copyLine, typeIdent } from './emit-types.js';
import { CodegenMessages as M } from './messages.js';
import type { Writer } from './writer.js';

/** The user metadata that crosses from one pass to another, by role. */
export const PSA_BRIDGED = ['normal', 'clone_i2e', 'clone_e2e', 'resubmit', 'recirculate'] as const;
export type PsaBridged = (typeof PSA_BRIDGED)[number];

/**
 * Each block's non-packet parameters, in the order psa.p4 declares them, as the module's
 * objects: `ihdr`/`imeta` (ingress), `ehdr`/`emeta` (egress), the standard metadata the
 * engine fills (`*_istd`, `*_ostd`), and the bridged metadata `b_<role>`.
 */
const BLOCKS = [
  ['ip', 'ingressParser', ['ihdr', 'imeta', 'ip_istd', 'b_resubmit', 'b_recirculate']],
  ['ig', 'ingress', ['ihdr', 'imeta', 'ig_istd', 'ig_ostd']],
  ['id', 'ingressDeparser', ['b_clone_i2e', 'b_resubmit', 'b_normal', 'ihdr', 'imeta', 'ig_ostd']],
  ['ep', 'egressParser', ['ehdr', 'emeta', 'ep_istd', 'b_normal', 'b_clone_i2e', 'b_clone_e2e']],
  ['eg', 'egress', ['ehdr', 'emeta', 'eg_istd', 'eg_ostd']],
  ['ed', 'egressDeparser', ['b_clone_e2e', 'b_recirculate', 'ehdr', 'emeta', 'eg_ostd', 'ed_istd']],
] as const;

/** The standard metadata objects and the psa.p4 struct each one is. */
const STANDARD: readonly (readonly [string, string])[] = [
  ['ip_istd', 'psa_ingress_parser_input_metadata_t'],
  ['ig_istd', 'psa_ingress_input_metadata_t'],
  ['ig_ostd', 'psa_ingress_output_metadata_t'],
  ['ep_istd', 'psa_egress_parser_input_metadata_t'],
  ['eg_istd', 'psa_egress_input_metadata_t'],
  ['eg_ostd', 'psa_egress_output_metadata_t'],
  ['ed_istd', 'psa_egress_deparser_input_metadata_t'],
];

/** A sub-package argument of main (`IngressPipeline(...)` / `EgressPipeline(...)`). */
function subPackage(main: Ir.PackageInstance, role: string): Ir.PackageInstance | undefined {
  const v = main.args.find((a) => a.role === role)?.value;
  return v?.kind === 'PackageInstance' ? v : undefined;
}

export const psaStrategy: ArchStrategy = {
  arch: 'psa',
  ports: PSA_PORTS,
  servicesType: 'PsaServices',
  blocksType: 'PsaBlocks',
  prelude: ['const v1 = services.v1;'],
  accepts: (main) => main.packageType === 'PSA_Switch',
  begin(gen, body, root, _options, sink) {
    const main = gen.ir.main as Ir.PackageInstance;
    const ingress = subPackage(main, 'ingress');
    const egress = subPackage(main, 'egress');
    if (ingress === undefined || egress === undefined) {
      sink.report(M.noPipeline, main.span, 'PSA_Switch needs IngressPipeline(...) and EgressPipeline(...) arguments');
      return undefined;
    }
    const blocks = new Map<string, Ir.Parser | Ir.Control>();
    for (const [role] of BLOCKS) {
      const pkg = role.startsWith('i') ? ingress : egress;
      const decl = blockOf(gen, pkg, role, (span, what) => sink.report(M.noPipeline, span, what));
      if (decl === undefined) return undefined;
      blocks.set(role, decl);
    }
    // Every object's type, from the parameter that names it first.
    const types = new Map<string, Type>();
    for (const [role, , objects] of BLOCKS) {
      const params = (blocks.get(role) as Ir.Parser | Ir.Control).params.filter((p) => !isPacket(p.type));
      objects.forEach((o, i) => {
        const t = params[i]?.type;
        if (t !== undefined && !types.has(o)) types.set(o, t);
      });
    }
    for (const [o, name] of STANDARD) {
      const t = gen.ir.types.find((x) => x.name === name)?.type;
      if (t !== undefined) types.set(o, t);
    }
    for (const [o, t] of types)
      if (t.kind !== 'struct' && t.kind !== 'header') {
        sink.report(M.unsupported, main.span, `a PSA block parameter ${o} that is not a struct or header`);
        return undefined;
      }
    for (const o of types.keys()) gen.ident(o);
    for (const v of ['out_pkt', 'v1', 'resetIngress', 'resetEgress', 'saveBridged', 'loadBridged']) gen.ident(v);
    for (const [, name] of BLOCKS) gen.ident(name);
    for (const [o, t] of types) {
      gen.types.add(t);
      body.line(`const ${o} = new ${classIdent(t as StructLikeType)}();`);
    }
    body.line('let out_pkt;');

    const bindParams = (params: readonly Ir.Param[], objects: readonly string[], packet: string): Scope => {
      const s = root.child();
      let i = 0;
      for (const p of params) {
        if (isPacket(p.type)) {
          const dir = p.type.kind === 'extern' && p.type.name === 'packet_in' ? 'in' : 'out';
          s.set(p.name, { kind: 'packet', js: packet, dir });
          continue;
        }
        const js = objects[i++];
        if (js !== undefined) s.set(p.name, { kind: 'value', js, type: p.type });
      }
      return s;
    };

    const emitBlocks = () => {
      for (const [role, name, objects] of BLOCKS) {
        gen.gress = role.startsWith('i') ? 'ingress' : 'egress';
        const block = blocks.get(role) as Ir.Parser | Ir.Control;
        if (block.kind === 'Parser') {
          const entry = emitParser(gen, body, block, bindParams(block.params, objects, 'pkt'), 'pkt');
          body.line(`const ${name} = ${entry};`);
          continue;
        }
        const exits = controlContainsExit(gen, block);
        gen.exitFlag = exits ? (gen.sharedExitFlag ?? gen.ident(`${role}_exit`)) : undefined;
        if (exits && gen.sharedExitFlag === undefined) body.line(`let ${gen.exitFlag} = false;`);
        const deparser = role === 'id' || role === 'ed';
        const apply = emitControl(gen, body, block, block.name, bindParams(block.params, objects, 'out_pkt'));
        const exitFlag = gen.exitFlag;
        body.block(`function ${name}(${deparser ? 'out' : ''})`, () => {
          if (deparser) body.line('out_pkt = out;');
          if (exitFlag !== undefined) body.line(`${exitFlag} = false;`);
          body.line(`${apply}();`);
        });
      }
      gen.exitFlag = undefined;
      emitPassHelpers(body, types);
      return {
        execution: [],
        ports: psaPorts(gen),
        returns: [
          ...STANDARD.map(([o]) => o),
          ...BLOCKS.map(([, name]) => name),
          'resetIngress',
          'resetEgress',
          'saveBridged',
          'loadBridged',
        ],
      };
    };
    return { emitBlocks };
  },
};

function isPacket(t: Type): boolean {
  return t.kind === 'extern' && (t.name === 'packet_in' || t.name === 'packet_out');
}

/** The helpers the engine calls between blocks: fresh metadata per pass, bridged metadata by role. */
function emitPassHelpers(w: Writer, types: ReadonlyMap<string, Type>): void {
  const reset = (o: string) => {
    const t = types.get(o);
    if (t !== undefined) w.line(`reset_${typeIdent(t as StructLikeType)}(${o});`);
  };
  /** `switch (role)` with a case for each bridged-metadata object the program has. */
  const bridgedCases = (body: (o: string, t: StructLikeType) => void) =>
    w.block('switch (role)', () => {
      for (const r of PSA_BRIDGED) {
        const o = `b_${r}`;
        const t = types.get(o);
        if (t !== undefined) w.block(`case '${r}':`, () => body(o, t as StructLikeType));
      }
    });
  w.line();
  w.line('// ---- between blocks (runtime/arch/psa.ts) -----------------------------------------');
  w.line('/** A new ingress pass: user metadata and the standard metadata start at zero. */');
  w.block('function resetIngress()', () => {
    for (const o of ['imeta', 'ip_istd', 'ig_istd', 'ig_ostd', 'b_clone_i2e', 'b_resubmit', 'b_normal']) reset(o);
  });
  w.line('/** A new egress pass. */');
  w.block('function resetEgress()', () => {
    for (const o of ['emeta', 'ep_istd', 'eg_istd', 'eg_ostd', 'ed_istd', 'b_clone_e2e', 'b_recirculate']) reset(o);
  });
  w.line('/** A copy of the bridged metadata of `role` as the deparser left it. */');
  w.block('function saveBridged(role)', () => {
    bridgedCases((o, t) => {
      w.line(`const s = new ${classIdent(t)}();`);
      copyLine(w, t, 's', o);
      w.line('return s;');
    });
    w.line('return undefined;');
  });
  w.line('/** The parser input of `role`: a saved copy, or zero when the packet has none (`s` undefined). */');
  w.block('function loadBridged(role, s)', () => {
    bridgedCases((o, t) => {
      w.line(`if (s === undefined) reset_${typeIdent(t)}(${o});`);
      w.line('else {');
      w.indent();
      copyLine(w, t, o, 's');
      w.dedent();
      w.line('}');
      w.line('break;');
    });
  });
}
