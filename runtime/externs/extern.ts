// The one small interface every stateful extern shares, so the control plane, snapshots and
// `reset` between test runs reach them uniformly; generated code calls their typed methods
// (RegisterArray.read/write, Counter.count, Meter.execute) directly, never by name.

export type ExternKind = 'register' | 'counter' | 'meter';

export interface Extern {
  readonly name: string;
  readonly kind: ExternKind;
  /** Back to the state right after construction. */
  reset(): void;
  /** Plain JSON-safe data describing the whole state (bigints as "0x…" strings). */
  snapshot(): unknown;
}

/**
 * Index wrap shared by registers and counters: the hardware allocates memory in powers of two,
 * so an index is taken modulo the size rounded up to a power of two (`index & (cells - 1)`).
 * p4ts allocates those cells too, so an index between `size` and `cells - 1` reaches a real
 * cell (as on Tofino) rather than wrapping to 0. The control plane only addresses 0..size-1.
 */
export function cellsFor(size: number): number {
  let cells = 1;
  while (cells < size) cells *= 2;
  return cells;
}
