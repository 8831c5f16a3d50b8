// Control-plane methods on the ingress port metadata table (runtime/arch/port-metadata.ts):
// 64 bits per ingress port, given as the fields of the program's port_metadata_unpack<T>
// type (p4info.portMetadata) or as one raw 64-bit value. docs/control-plane.md "Port metadata".

import type { PipelineState } from '../arch/pipeline-state.js';
import { bytesOf, packPortMetadata, unpackPortMetadata } from '../arch/port-metadata.js';
import { describeValue, err, ok } from '../result.js';
import { formatFieldValue, parseFieldValue, parseInteger } from './json-values.js';
import { type CResult, type Params, requireInt } from './params.js';

function portOf(p: Params): CResult<number> {
  return requireInt(p, 'port', 0, 511, 'INVALID_PORT');
}

/** The port_metadata_unpack type of the pipe that serves `port` (port >> 7 is its hardware pipe). */
function infoOf(s: PipelineState, port: number) {
  const pipes = s.p4info.pipes;
  if (pipes === undefined) return s.p4info.portMetadata;
  return pipes.find((p) => p.hwPipes.includes(port >> 7))?.portMetadata;
}

/** portMetadata.set {port, fields: {name: value}} or {port, value}: replaces the port's 64 bits. */
export function portMetadataSet(s: PipelineState, p: Params): CResult<{ port: number }> {
  const port = portOf(p);
  if (!port.ok) return port;
  let bytes: Uint8Array;
  if (p.value !== undefined) {
    if (p.fields !== undefined) return err('BAD_VALUE', 'give "fields" or "value", not both');
    const v = parseInteger(p.value);
    if (v === undefined || v < 0n || v >= 1n << 64n)
      return err('BAD_VALUE', `value ${describeValue(p.value)} is not a 64-bit unsigned value`);
    bytes = bytesOf(v);
  } else {
    const pm = infoOf(s, port.value);
    const layout = pm?.fields;
    if (layout === undefined)
      return err('BAD_VALUE', 'the program calls no port_metadata_unpack<T>: give the raw 64-bit "value"');
    const given = p.fields;
    if (given === null || typeof given !== 'object' || Array.isArray(given))
      return err('BAD_VALUE', '"fields" must be an object of field values');
    const values: Record<string, bigint> = {};
    for (const [name, raw] of Object.entries(given as Params)) {
      const f = layout.find((x) => x.name === name);
      if (f === undefined) return err('BAD_VALUE', `the port metadata has no field ${name}`);
      const v = parseFieldValue(raw, f.width);
      if (!v.ok) return err('BAD_VALUE', `${name}: ${v.message}`);
      values[name] = BigInt(v.value);
    }
    const packed = packPortMetadata(layout, values, (pm?.bits ?? 64) / 8);
    if (!packed.ok) return packed;
    bytes = packed.value;
  }
  const r = s.portMetadata.set(port.value, bytes);
  return r.ok ? ok({ port: port.value }) : r;
}

/** portMetadata.get {port}: the raw value, and the fields when the program names them. */
export function portMetadataGet(s: PipelineState, p: Params): CResult<unknown> {
  const port = portOf(p);
  if (!port.ok) return port;
  const pm = infoOf(s, port.value);
  const bytes = s.portMetadata.get(port.value) ?? new Uint8Array((pm?.bits ?? 64) / 8);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const layout = pm?.fields;
  const fields: Record<string, unknown> = {};
  if (layout !== undefined)
    for (const [k, x] of Object.entries(unpackPortMetadata(layout, bytes)))
      fields[k] = formatFieldValue(x <= 0xffffffffn ? Number(x) : x);
  return ok({
    port: port.value,
    set: s.portMetadata.get(port.value) !== undefined,
    value: `0x${v.toString(16).padStart(bytes.length * 2, '0')}`,
    ...(layout === undefined ? {} : { fields }),
  });
}

/** portMetadata.delete {port}: the port reads zeros again. */
export function portMetadataDelete(s: PipelineState, p: Params): CResult<{ port: number }> {
  const port = portOf(p);
  if (!port.ok) return port;
  s.portMetadata.delete(port.value);
  return ok({ port: port.value });
}
