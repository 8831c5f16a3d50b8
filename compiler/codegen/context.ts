// The code generator's state: the global context of one program (diagnostics, p4info being
// built, identifiers in use, types needing classes, runtime imports) and the scopes that map
// P4 names to what the generated JavaScript calls them.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import type { Span } from '../source/span.js';
import type { ValidityFlag } from './container-validity.js';
import type { ResidualDeposit } from './emit-residual.js';
import { TypeRegistry } from './emit-types.js';
import { CodegenMessages as M } from './messages.js';
import type { P4InfoBuilder } from './p4info.js';
import type { Writer } from './writer.js';

export type Gress = 'ingress' | 'egress';

/** An extern instance as generated code holds it. */
export interface ExternBinding {
  readonly kind: 'extern';
  readonly inst: Ir.Instance;
  /** The JS constant holding the runtime object. */
  readonly js: string;
  /** The P4 name (`NmIngress.filter_1.bloom_filter`). */
  readonly p4Name: string;
  /** For a control instance: its apply function and parameter object. */
  /** Extra facts: the register of a RegisterAction, the table of a direct counter, … */
  readonly extra?: Record<string, unknown>;
}

export interface TableBinding {
  readonly kind: 'table';
  readonly table: Ir.Table;
  readonly p4Name: string;
  /** The JS constant of the runtime table. */
  readonly js: string;
  /** `X_apply` returns whether the lookup hit; `X_act` holds the action index it ran. */
  readonly apply: string;
  readonly act: string;
  readonly handle: string;
  /** The JS constant listing the table's action names (for traces). */
  readonly actionList: string;
  /** Action names in the table's action list order. */
  readonly actions: readonly string[];
  /**
   * An indirect table's ActionProfile (`profile`: its JS constant) or ActionSelector
   * (`selector`, with the Hash binding that hashes the selector keys).
   */
  impl?: {
    readonly profile: string;
    readonly selector?: string;
    readonly hash?: ExternBinding;
    /** A v1model action_selector hashes with one of v1model's algorithms instead. */
    readonly v1hash?: { readonly algorithm: string; readonly width: number };
  };
  /** `idle_timeout = true`: a hit marks the entry (`e.hit`) for the idle sweep. */
  idle?: boolean;
}

export type Binding =
  | {
      readonly kind: 'value';
      readonly js: string;
      readonly type: Ir.Type;
      readonly fieldMap?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'packet'; readonly js: string; readonly dir: 'in' | 'out' }
  | { readonly kind: 'action'; readonly js: string; readonly action: Ir.Action; readonly p4Name: string }
  | { readonly kind: 'function'; readonly js: string; readonly fn: Ir.Function }
  | { readonly kind: 'valueSet'; readonly js: string; readonly widths: readonly number[] }
  | ExternBinding
  | TableBinding;

/**
 * JavaScript words a generated identifier must not be (reserved words, strict-mode and module
 * restrictions, globals the module reads): P4 allows most of them as names (`class`, `new`),
 * so `ident` renames such a P4 name (`class` → `class_2`) as it renames any taken name.
 */
const JS_RESERVED = [
  'arguments',
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'eval',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'undefined',
  'NaN',
  'Infinity',
  'BigInt',
  'Math',
  'Number',
  'Object',
  'Array',
  'Uint8Array',
  'Error',
  'JSON',
];

export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}

  set(name: string, b: Binding): void {
    this.names.set(name, b);
  }

  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }

  child(): Scope {
    return new Scope(this);
  }
}

export class Gen {
  readonly types = new TypeRegistry();
  private readonly used = new Set<string>();
  private tempCounter = 0;
  /** Whether the ingress / egress control reads parser_err. */
  readonly readsParserErr = { ingress: false, egress: false };
  /** Runtime helpers the module imports. */
  readonly imports = new Set<string>(['readBits', 'readBitsBig', 'writeBits', 'writeBitsBig', 'toSigned']);
  /** Module-level code (classes and helpers) other emitters ask for once. */
  readonly moduleHelpers = new Map<string, (w: Writer) => void>();
  gress: Gress = 'ingress';
  /** The architecture being generated: v1model's extern functions and objects differ from TNA's. */
  arch: 'tna' | 'v1model' | 'psa' = 'tna';
  /** v1model: direct counters bmv2 counts on every hit of their table, by the table's apply function. */
  readonly autoCounted = new Map<string, string>();
  /** v1model: field lists a clone, resubmit or recirculate preserves, by index (`@field_list(i)` or a call's own list). */
  readonly fieldLists = new Map<number, readonly { readonly js: string; readonly type: Ir.Type }[]>();
  /** Parser `Checksum.subtract_all_and_deposit` calls and their marks (emit-residual.ts). */
  readonly residualDeposits = new Map<Ir.Call, ResidualDeposit>();
  /** The pipe being emitted (index in the Switch's arguments); 0 in one-pipe programs. */
  pipe = 0;
  /** `is_validated`/`invalidate` fields of the control being emitted (container-validity.ts). */
  validity: ReadonlyMap<string, ValidityFlag> = new Map();
  /** Does the control tree being emitted contain `exit`? */
  exitFlag: string | undefined;
  /**
   * Set when a top-level action contains `exit`: one flag serves every control then, since
   * such an action may run in any of them (and every control checks it after calls).
   */
  sharedExitFlag: string | undefined;
  /** Every control instance emitted, by P4 path (`NmIngress.filter_1`): stage-ordered emission inlines them. */
  readonly emittedControls = new Map<
    string,
    { readonly scope: Scope; readonly locals: readonly { readonly js: string; readonly v: Ir.Variable }[] }
  >();

  constructor(
    readonly ir: Ir.Program,
    readonly sink: DiagnosticSink,
    readonly p4info: P4InfoBuilder,
  ) {
    for (const r of ['services', 'tr', 'cur', 'pkt', 'out', 'create', 'arch', 'p4info', 'checksum16']) this.used.add(r);
    for (const r of JS_RESERVED) this.used.add(r);
  }

  /** A fresh JS identifier made from a P4 path (`NmIngress.filter_1` → `NmIngress_filter_1`). */
  ident(path: string): string {
    const base = path.replace(/[^A-Za-z0-9_$]/g, '_');
    let name = /^[0-9]/.test(base) ? `_${base}` : base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  temp(hint = 't'): string {
    return `${hint}${++this.tempCounter}`;
  }

  unsupported(span: Span | undefined, what: string): void {
    if (span === undefined) this.sink.reportAt(M.unsupported, undefined, what);
    else this.sink.report(M.unsupported, span, what);
  }

  errorIndex(name: string): number {
    const i = this.ir.errors.indexOf(name);
    return i < 0 ? 1 : i;
  }
}
