// RegisterParam<T> (TNA): one run-time constant that register actions read (`p.read()`) and
// the control plane sets, so a threshold can change without recompiling or rewriting every
// register cell. Values are in the runtime representation (number up to 32 bits, bigint above).

import { err, ok, type Result } from '../result.js';

export class RegisterParam {
  value: number | bigint;

  constructor(
    readonly name: string,
    readonly width: number,
    readonly initial: number | bigint,
  ) {
    this.value = initial;
  }

  /** Control plane: a value of T's width (unsigned bits). */
  write(v: bigint): Result<void, 'BAD_VALUE'> {
    if (v < 0n || v >= 1n << BigInt(this.width)) return err('BAD_VALUE', `${this.name} holds ${this.width}-bit values`);
    this.value = this.width > 32 ? v : Number(v);
    return ok(undefined);
  }

  reset(): void {
    this.value = this.initial;
  }
}
