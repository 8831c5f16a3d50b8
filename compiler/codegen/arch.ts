// The seam between the shared code generator (index.ts: top-level actions, types, module
// header, `create` wrapper) and one architecture: which blocks the main package names, which
// objects the module allocates once, how each block is bound and emitted, and what `create`
// returns. TNA (arch-tna.ts) and v1model (arch-v1model.ts) are the two strategies.

import type { P4Info } from '../../contract/p4info.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import type { GressExecution } from '../targets/tofino/resource-map.js';
import type { Gen, Scope } from './context.js';
import type { CodegenOptions } from './index.js';
import type { Writer } from './writer.js';

export interface ArchEmitted {
  /** The members of the object `create` returns, in order (`name` or `name: expr`). */
  readonly returns: readonly string[];
  /** How the ingress and egress controls run (TNA's stage plan); empty elsewhere. */
  readonly execution: readonly GressExecution[];
  /** The program's special ports when they differ from the strategy's (PSA compiled for Tofino). */
  readonly ports?: P4Info['ports'];
}

export interface ArchStrategy {
  readonly arch: P4Info['arch'];
  readonly ports: P4Info['ports'];
  /** The runtime types pipeline.d.ts names: services in, blocks out. */
  readonly servicesType: string;
  readonly blocksType: string;
  /** Lines at the top of `create` (after `tr` and `cur`). */
  readonly prelude?: readonly string[];
  /** Whether `main` is this architecture's package. */
  accepts(main: Ir.PackageInstance): boolean;
  /**
   * Finds the blocks and emits the objects they share into `body` (before the top-level
   * actions; TNA with several pipes allocates each pipe's objects in its closure instead);
   * then `emitBlocks` emits every block. Undefined when diagnosed.
   */
  begin(
    gen: Gen,
    body: Writer,
    root: Scope,
    options: CodegenOptions,
    sink: DiagnosticSink,
  ): { emitBlocks(): ArchEmitted | undefined } | undefined;
}

/** The parser or control a package argument names, if it is a block without constructor arguments. */
export function blockOf(
  gen: Gen,
  pkg: Ir.PackageInstance,
  role: string,
  report: (span: Ir.PackageInstance['span'], what: string) => void,
): Ir.Parser | Ir.Control | undefined {
  const a = pkg.args.find((x) => x.role === role)?.value;
  if (a?.kind !== 'BlockInstance') {
    report(pkg.span, `no ${role} block`);
    return undefined;
  }
  const decl =
    a.block === 'parser'
      ? gen.ir.parsers.find((p) => p.name === a.name)
      : gen.ir.controls.find((c) => c.name === a.name);
  if (decl === undefined) return undefined;
  if (a.ctorArgs.length > 0) {
    gen.unsupported(a.span, 'blocks with constructor arguments');
    return undefined;
  }
  return decl;
}
