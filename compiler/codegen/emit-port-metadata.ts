// port_metadata_unpack<T>(pkt) in an ingress parser: the per-port metadata Tofino prepends
// after the ingress intrinsic header, read as T (or only skipped) and declared in p4info so
// the control plane can set it per port (docs/control-plane.md "Port metadata").

import type * as Ir from '../ir/nodes.js';
import { type FnCtx, widthOfScalar } from './emit-expr.js';
import { layoutOf, readField, totalWidth } from './emit-types.js';

/**
 * `dst = port_metadata_unpack<T>(pkt)`: reads T from the 64 bits of port metadata that follow
 * the ingress intrinsic header (first field in the most significant bits) and moves past all
 * 64 (docs/control-plane.md "Port metadata"). With `dst` undefined the bits are only skipped.
 */
export function portMetadataUnpack(cx: FnCtx, call: Ir.Call, dst: string | undefined): string | undefined {
  const t = call.typeArgs[0] ?? call.type;
  const pkt = call.args[0];
  const binding = pkt?.kind === 'Ref' ? cx.scope.get(pkt.name) : undefined;
  if (cx.kind !== 'parser' || binding?.kind !== 'packet' || cx.gen.gress !== 'ingress') {
    cx.gen.unsupported(call.span, 'port_metadata_unpack outside the ingress parser');
    return undefined;
  }
  const fields =
    t.kind === 'struct' || t.kind === 'header'
      ? layoutOf(t)
      : [{ name: '', type: t, offset: 0, width: widthOfScalar(t) }];
  const bits = portMetadataBits(cx.gen.ir);
  if (fields === undefined || totalWidth(fields) > bits) {
    cx.gen.unsupported(call.span, `port_metadata_unpack of a type that is not ${bits} flat bits or fewer`);
    return undefined;
  }
  cx.gen.p4info.portMetadata.set(cx.gen.pipe, {
    type: t.kind === 'struct' || t.kind === 'header' ? t.name : 'bits',
    fields: fields.map((f) => ({ name: f.name === '' ? 'value' : f.name, width: f.width })),
    ...(bits === 64 ? {} : { bits }),
  });
  const o = cx.gen.temp('pm');
  cx.flush();
  cx.w.line(`const ${o} = ${binding.js}.extract(${bits});`);
  cx.w.line(`if (${o} < 0) return ${tooShort(cx)};`);
  const only = fields[0];
  if (dst === undefined)
    return only?.name === '' ? readField(only.type, only.width, `${binding.js}.buf`, o) : undefined;
  for (const f of fields) {
    const at = f.offset === 0 ? o : `${o} + ${f.offset}`;
    cx.w.line(`${f.name === '' ? dst : `${dst}.${f.name}`} = ${readField(f.type, f.width, `${binding.js}.buf`, at)};`);
  }
  if (t.kind === 'header') cx.w.line(`${dst}.$valid = true;`);
  return undefined;
}

/** The target's PORT_METADATA_SIZE (64 bits on Tofino 1, 192 on Tofino 2). */
function portMetadataBits(ir: Ir.Program): number {
  const v = ir.constants.find((k) => k.name === 'PORT_METADATA_SIZE')?.value;
  return typeof v === 'bigint' ? Number(v) : 64;
}

function tooShort(cx: FnCtx): string {
  return String(cx.gen.errorIndex('PacketTooShort'));
}
