// Whether two applies of one table (or sub-control) can run for the same packet: bf-p4c
// allows a table to be applied more than once only where the applies are mutually exclusive
// (error 4006 otherwise), and stage-ordered execution needs the same.

import type { BranchStep } from './units.js';

/** Where an apply (or an exit/return) sits: its branch path, its control's prefix and order. */
interface Place {
  readonly path: readonly BranchStep[];
  readonly prefix: string;
  /** How many exits and returns came before it in program order. */
  readonly end: number;
}

export class ApplyPlaces {
  private readonly applied = new Map<string, Place[]>();
  /** Unconditional `exit`s and `return`s so far (`returns` undefined for an exit). */
  private readonly ends: { readonly place: Place; readonly returns: string | undefined }[] = [];

  /** An `exit` (returns undefined) or a `return` from the control with this prefix. */
  end(path: readonly BranchStep[], prefix: string, returns: string | undefined): void {
    this.ends.push({ place: { path, prefix, end: this.ends.length }, returns });
  }

  /** Records an apply; false when an earlier apply of the same `key` may run for the same packet. */
  applyOnce(key: string, path: readonly BranchStep[], prefix: string): boolean {
    const here: Place = { path, prefix, end: this.ends.length };
    const earlier = this.applied.get(key) ?? [];
    this.applied.set(key, [...earlier, here]);
    return earlier.every((a) => this.exclusive(a, here));
  }

  /**
   * Whether `b` (later in program order) never runs when `a` did: they sit on different arms
   * of one branch, or an `exit`/`return` that runs whenever `a` does comes between them
   * (`if (arp) { t.apply(); return; } ... t.apply();`).
   */
  private exclusive(a: Place, b: Place): boolean {
    if (a.path.some((x) => b.path.some((y) => x.point === y.point && x.arm !== y.arm))) return true;
    return this.ends.slice(a.end, b.end).some((e) => {
      const covers = e.place.path.every((step, i) => a.path[i]?.point === step.point && a.path[i]?.arm === step.arm);
      if (!covers) return false;
      return e.returns === undefined || (a.prefix.startsWith(e.returns) && b.prefix.startsWith(e.returns));
    });
  }
}
