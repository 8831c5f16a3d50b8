// v1model as a code-generation strategy: main is V1Switch(p, vr, ig, eg, ck, dep). One set
// of headers (`hdr`), user metadata (`meta`) and `standard_metadata` is allocated once and
// shared by the six blocks, as bmv2 keeps one PHV per packet. Besides the blocks, `create`
// returns what the engine (runtime/arch/v1model.ts) needs to move a packet's PHV between
// passes: reset the metadata, snapshot and restore hdr/meta/standard_metadata, and copy the
// fields of a field list (`@field_list(i)`, or a clone3/resubmit/recirculate call's list)
// from a snapshot into the current packet.

import type { StructLikeType, Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { type ArchStrategy, blockOf } from './arch.js';
import type { Gen, Scope } from './context.js';
import { controlContainsExit, emitControl } from './emit-control.js';
import { emitParser } from './emit-parser.js';
import { classIdent, copyLine, repOf, typeIdent } from './emit-types.js';
import { CodegenMessages as M } from './messages.js';
import type { Writer } from './writer.js';

/** The engine's names for the PHV objects: field-list copies rewrite these roots. */
export const V1_OBJECTS = ['hdr', 'meta', 'standard_metadata'] as const;

/** The v1model ports: bmv2 has no recirculation port (recirculate is a flag); no CPU port either. */
const V1MODEL_PORTS = { recirculation: [] as number[], cpu: 510 };

const ROLES = [
  ['p', 'parser'],
  ['vr', 'verifyChecksum'],
  ['ig', 'ingress'],
  ['eg', 'egress'],
  ['ck', 'computeChecksum'],
  ['dep', 'deparser'],
] as const;

export const v1modelStrategy: ArchStrategy = {
  arch: 'v1model',
  ports: V1MODEL_PORTS,
  servicesType: 'V1ModelServices',
  blocksType: 'V1ModelBlocks',
  prelude: ['const v1 = services.v1;'],
  accepts: (main) => main.packageType === 'V1Switch',
  begin(gen, body, root, _options, sink) {
    const main = gen.ir.main as Ir.PackageInstance;
    const blocks = new Map<string, Ir.Parser | Ir.Control>();
    for (const [role] of ROLES) {
      const decl = blockOf(gen, main, role, (span, what) => sink.report(M.noPipeline, span, what));
      if (decl === undefined) return undefined;
      blocks.set(role, decl);
    }
    const parser = blocks.get('p') as Ir.Parser;
    const smType = gen.ir.types.find((t) => t.name === 'standard_metadata_t')?.type;
    const hdrType = parser.params[1]?.type;
    const metaType = parser.params[2]?.type;
    if (
      smType === undefined ||
      smType.kind !== 'struct' ||
      hdrType?.kind !== 'struct' ||
      (metaType?.kind !== 'struct' && metaType?.kind !== 'header')
    ) {
      sink.report(M.unsupported, parser.span, 'a v1model parser whose headers and metadata are not structs');
      return undefined;
    }
    for (const v of [...V1_OBJECTS, 'out_pkt', 'v1', 'resetMetadata', 'snapshot', 'restore', 'preserveFieldList'])
      gen.ident(v);
    for (const [, name] of ROLES) gen.ident(name);
    for (const [js, t] of [
      ['standard_metadata', smType],
      ['hdr', hdrType],
      ['meta', metaType],
    ] as const) {
      gen.types.add(t);
      body.line(`const ${js} = new ${classIdent(t)}();`);
    }
    body.line('let out_pkt;');
    const types = { hdr: hdrType, meta: metaType, standard_metadata: smType as StructLikeType };

    /** Non-packet parameters bind, in order, to hdr, meta, standard_metadata (the package's signature). */
    const bindParams = (params: readonly Ir.Param[], objects: readonly string[], packet?: string): Scope => {
      const s = root.child();
      let i = 0;
      for (const p of params) {
        const t = p.type;
        if (t.kind === 'extern' && (t.name === 'packet_in' || t.name === 'packet_out')) {
          s.set(p.name, { kind: 'packet', js: packet ?? 'pkt', dir: t.name === 'packet_in' ? 'in' : 'out' });
          continue;
        }
        const js = t.kind === 'struct' && t.name === 'standard_metadata_t' ? 'standard_metadata' : objects[i];
        i++;
        if (js !== undefined) s.set(p.name, { kind: 'value', js, type: t });
      }
      return s;
    };

    const emitBlocks = () => {
      gen.gress = 'ingress';
      const entry = emitParser(gen, body, parser, bindParams(parser.params, V1_OBJECTS, 'pkt'), 'pkt');
      body.line(`const parser = ${entry};`);
      for (const [role, name] of ROLES) {
        if (role === 'p') continue;
        if (role === 'eg') gen.gress = 'egress';
        const block = blocks.get(role) as Ir.Control;
        const exits = controlContainsExit(gen, block);
        const flag = `${role}_exit`;
        gen.exitFlag = exits ? (gen.sharedExitFlag ?? gen.ident(flag)) : undefined;
        if (exits && gen.sharedExitFlag === undefined) body.line(`let ${gen.exitFlag} = false;`);
        const packet = role === 'dep' ? 'out_pkt' : undefined;
        const apply = emitControl(gen, body, block, block.name, bindParams(block.params, V1_OBJECTS, packet));
        const exitFlag = gen.exitFlag;
        body.block(`function ${name}(${packet === undefined ? '' : 'out'})`, () => {
          if (packet !== undefined) body.line(`${packet} = out;`);
          if (exitFlag !== undefined) body.line(`${exitFlag} = false;`);
          body.line(`${apply}();`);
        });
      }
      gen.exitFlag = undefined;
      collectFieldListAnnotations(gen, types.meta);
      emitPhvHelpers(gen, body, types);
      return {
        execution: [],
        returns: [
          'standard_metadata',
          'hdr',
          'meta',
          'parser',
          'verifyChecksum',
          'ingress',
          'egress',
          'computeChecksum',
          'deparser',
          'resetMetadata',
          'snapshot',
          'restore',
          'preserveFieldList',
        ],
      };
    };
    return { emitBlocks };
  },
};

/** `@field_list(1, 2)` on user metadata fields (at any depth): each index lists the field. */
function collectFieldListAnnotations(gen: Gen, meta: StructLikeType): void {
  const visit = (t: StructLikeType, path: string) => {
    for (const f of t.fields) {
      const js = `${path}.${f.name}`;
      for (const a of f.decl?.annotations ?? []) {
        if (a.name.name !== 'field_list') continue;
        for (const tok of a.tokens) {
          if (tok.kind !== 'IntegerLiteral') continue;
          const n = Number(tok.text.replace(/^.*[wsWS]/, ''));
          if (!Number.isInteger(n)) continue;
          gen.fieldLists.set(n, [...(gen.fieldLists.get(n) ?? []), { js, type: f.type }]);
        }
      }
      if (f.type.kind === 'struct') visit(f.type, js);
    }
  };
  visit(meta, 'meta');
}

function emitPhvHelpers(gen: Gen, w: Writer, types: Record<(typeof V1_OBJECTS)[number], Type>): void {
  w.line();
  w.line('// ---- the PHV between passes (runtime/arch/v1model.ts) ------------------------------');
  w.line('/** A new packet: user metadata and standard_metadata start at zero (bmv2 resets metadata). */');
  w.block('function resetMetadata()', () => {
    w.line(`reset_${typeIdent(types.meta as StructLikeType)}(meta);`);
    w.line(`reset_${typeIdent(types.standard_metadata as StructLikeType)}(standard_metadata);`);
  });
  w.line('/** A copy of hdr, meta and standard_metadata: what a queued copy of the packet carries. */');
  w.block('function snapshot()', () => {
    w.line('const s = {');
    for (const o of V1_OBJECTS) w.line(`  ${o}: new ${classIdent(types[o] as StructLikeType)}(),`);
    w.line('};');
    for (const o of V1_OBJECTS) copyLine(w, types[o], `s.${o}`, o);
    w.line('return s;');
  });
  w.block('function restore(s)', () => {
    for (const o of V1_OBJECTS) copyLine(w, types[o], o, `s.${o}`);
  });
  w.line('/** Copies the fields of field list `index` from snapshot `s` into the packet (bmv2 field lists). */');
  w.block('function preserveFieldList(index, s)', () => {
    w.block('switch (index)', () => {
      for (const [i, fields] of [...gen.fieldLists].sort((a, b) => a[0] - b[0])) {
        w.line(`case ${i}:`);
        w.indent();
        for (const f of fields) {
          const src = `s.${f.js}`;
          if (repOf(f.type) === 'obj') {
            gen.types.add(f.type);
            copyLine(w, f.type, f.js, src);
          } else w.line(`${f.js} = ${src};`);
        }
        w.line('break;');
        w.dedent();
      }
    });
  });
}
