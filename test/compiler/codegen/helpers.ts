// Shared by the code generator's tests: compile a P4 program (a file, or source text written
// to a temporary file) with the real compiler, write the build directory, load it with the
// switch's own loader and run frames through a TnaEngine in process, collecting outputs.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompileResult, compileFile } from '../../../compiler/compile.js';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { buildPipelineState, type PipelineState } from '../../../runtime/arch/pipeline-state.js';
import { TnaEngine } from '../../../runtime/arch/tna.js';
import type { DigestMessage } from '../../../runtime/externs/deparser-externs.js';
import { loadPipeline } from '../../../runtime/switch.js';
import type { TraceSink } from '../../../runtime/trace/trace-sink.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';

/** The repository root (tests run from dist/test/compiler/codegen). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const P4 = (rel: string) => join(ROOT, 'p4', rel);

const tempDirs: string[] = [];

export function cleanup(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'p4ts-codegen-'));
  tempDirs.push(d);
  return d;
}

export interface Compiled {
  readonly result: CompileResult | undefined;
  readonly sink: DiagnosticSink;
  readonly outDir: string;
  readonly messages: string;
}

/** Compiles a file (or `source` text saved as `name`.p4) and writes pipeline.js / p4info.json. */
export function compile(
  fileOrSource: string,
  options: { source?: boolean; defines?: Record<string, string>; targetChecks?: boolean; target?: 'tofino2' } = {},
): Compiled {
  const dir = tempDir();
  let file = fileOrSource;
  if (options.source === true) {
    file = join(dir, 'prog.p4');
    writeFileSync(file, fileOrSource);
  }
  const outDir = join(dir, 'build');
  const sink = new DiagnosticSink();
  const result = compileFile(
    file,
    {
      outDir,
      ...(options.defines === undefined ? {} : { defines: options.defines }),
      ...(options.targetChecks === undefined ? {} : { targetChecks: options.targetChecks }),
      ...(options.target === undefined ? {} : { target: options.target }),
    },
    sink,
  );
  if (result !== undefined) writeBuild(outDir, result);
  return { result, sink, outDir, messages: renderDiagnostics(sink.diagnostics, { color: false }) };
}

export function writeBuild(outDir: string, r: CompileResult): void {
  const p = r.pipeline;
  if (p === undefined) return;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'pipeline.js'), p.pipelineJs);
  writeFileSync(join(outDir, 'pipeline.d.ts'), p.pipelineDts);
  writeFileSync(join(outDir, 'p4info.json'), `${JSON.stringify(p.p4info, null, 2)}\n`);
}

export interface Rig {
  engine: TnaEngine;
  state: PipelineState;
  tm: TrafficManager;
  out: { port: number; frame: Uint8Array }[];
  digests: DigestMessage[];
}

/** Compiles (must succeed), loads through loadPipeline and builds an engine with ports 1-8. */
export async function rig(
  fileOrSource: string,
  options: {
    source?: boolean;
    trace?: TraceSink;
    defines?: Record<string, string>;
    targetChecks?: boolean;
    target?: 'tofino2';
  } = {},
): Promise<Rig> {
  const c = compile(fileOrSource, options);
  if (c.result?.pipeline === undefined) throw new Error(`compile failed:\n${c.messages}`);
  const m = await loadPipeline(c.outDir);
  if (!m.ok) throw new Error(m.message);
  if (m.value.arch !== 'tna') throw new Error('not a TNA program (use v1modelRig)');
  const s = buildPipelineState(m.value.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({
    frontPanel: new Set([1, 2, 3, 4, 5, 6, 7, 8]),
    recirculation: new Set([68]),
    cpu: 64,
  });
  const out: Rig['out'] = [];
  const digests: DigestMessage[] = [];
  const engine = new TnaEngine({
    module: m.value,
    state: s.value,
    tm,
    output: (port, frame) => out.push({ port, frame: frame.slice() }),
    onDigest: (d) => digests.push(d),
    clockNs: () => 1000,
    strict: true,
    ...(options.trace === undefined ? {} : { trace: options.trace }),
  });
  return { engine, state: s.value, tm, out, digests };
}

export function table(r: Rig, name: string) {
  const t = r.state.tableByName.get(name);
  if (t === undefined) throw new Error(`no table ${name}`);
  return t;
}

export function ok<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

// ---- frames -------------------------------------------------------------------------------

export function bytesOf(v: bigint, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * (n - 1 - i))) & 0xffn));
}

export function ipv4(a: string): number {
  return a.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function ipv4Checksum(h: number[]): number {
  let s = 0;
  for (let i = 0; i < h.length; i += 2) s += ((h[i] as number) << 8) | (h[i + 1] as number);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** Ethernet + IPv4 (20 bytes, correct checksum) + `l4` bytes. */
export function ipv4Frame(o: {
  dst: bigint;
  src: bigint;
  ipSrc: string;
  ipDst: string;
  proto: number;
  ttl?: number;
  l4: number[];
}): Uint8Array {
  const total = 20 + o.l4.length;
  const ip = [
    0x45,
    0,
    total >> 8,
    total & 0xff,
    0,
    1,
    0,
    0,
    o.ttl ?? 64,
    o.proto,
    0,
    0,
    ...bytesOf(BigInt(ipv4(o.ipSrc)), 4),
    ...bytesOf(BigInt(ipv4(o.ipDst)), 4),
  ];
  const ck = ipv4Checksum(ip);
  ip[10] = ck >> 8;
  ip[11] = ck & 0xff;
  return Uint8Array.from([...bytesOf(o.dst, 6), ...bytesOf(o.src, 6), 0x08, 0x00, ...ip, ...o.l4]);
}

export function udp(srcPort: number, dstPort: number, payload: number[]): number[] {
  const len = 8 + payload.length;
  return [srcPort >> 8, srcPort & 0xff, dstPort >> 8, dstPort & 0xff, len >> 8, len & 0xff, 0, 0, ...payload];
}

/**
 * The blocks a TNA test program with `hdr_t`/`md_t` ends with: the ingress deparser emitting
 * `hdr`, an egress that passes the packet on (its parser extracting `egressExtract`, e.g.
 * `pkt.extract(hdr.eth);`), and the Pipeline and Switch.
 */
export function tnaTail(egressExtract = ''): string {
  return `control IgD(packet_out pkt, inout hdr_t hdr, in md_t md, in ingress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
parser EgP(packet_in pkt, out hdr_t hdr, out md_t md, out egress_intrinsic_metadata_t eg_intr_md) {
    state start { pkt.extract(eg_intr_md); ${egressExtract === '' ? '' : `${egressExtract} `}transition accept; }
}
control Eg(inout hdr_t hdr, inout md_t md, in egress_intrinsic_metadata_t eg_intr_md,
           in egress_intrinsic_metadata_from_parser_t a, inout egress_intrinsic_metadata_for_deparser_t b,
           inout egress_intrinsic_metadata_for_output_port_t c) { apply { } }
control EgD(packet_out pkt, inout hdr_t hdr, in md_t md, in egress_intrinsic_metadata_for_deparser_t d) {
    apply { pkt.emit(hdr); }
}
Pipeline(IgP(), Ig(), IgD(), EgP(), Eg(), EgD()) pipe;
Switch(pipe) main;
`;
}
