// The stateful-ALU externs by family, for the checks, the stage allocator and the code
// generator: Tofino 1's RegisterAction and DirectRegisterAction, and Tofino 2's numbered forms
// with outputs of their own types (RegisterAction2..4, DirectRegisterAction2..4), the 128-bit
// MinMaxAction(2..4) and the learning LearnAction(2..4) (docs/tna-externs.md).

export type SaluFamily = 'RegisterAction' | 'DirectRegisterAction' | 'MinMaxAction' | 'LearnAction';

const FAMILIES: readonly SaluFamily[] = ['RegisterAction', 'DirectRegisterAction', 'MinMaxAction', 'LearnAction'];

/** The family of an extern type name (`RegisterAction3` → RegisterAction), or undefined. */
export function saluFamily(typeName: string): SaluFamily | undefined {
  const base = /^[A-Za-z]+[234]$/.test(typeName) ? typeName.slice(0, -1) : typeName;
  return (FAMILIES as readonly string[]).includes(base) ? (base as SaluFamily) : undefined;
}

/** Methods that run the action's program once (on one cell, or on the register's pointer). */
export const SALU_RUN_METHODS: ReadonlySet<string> = new Set([
  'execute',
  'execute_log',
  'enqueue',
  'dequeue',
  'push',
  'pop',
]);

/** Methods an action's own bodies may call on `this`. */
export const SALU_BODY_METHODS: ReadonlySet<string> = new Set([
  'address',
  'predicate',
  'min8',
  'max8',
  'min16',
  'max16',
]);
