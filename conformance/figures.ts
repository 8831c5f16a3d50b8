// The conformance figures and their committed expectations: each figure is a count with the
// direction in which it may move (a pass count may grow, a miss count may shrink). A run that
// moves one the wrong way is a regression; expected.json holds counts only, never corpus files.

/** `info`: printed, never compared (a count that moves both ways as others improve). */
export type Direction = 'at-least' | 'at-most' | 'exactly' | 'info';

/** One measured figure: `value` out of `of` where a total makes sense (for printing). */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly of?: number;
  /** How the figure may move against its expectation without being a regression. */
  readonly direction: Direction;
}

export type Expectations = Readonly<Record<string, number>>;

export interface Comparison {
  readonly regressions: string[];
  readonly improvements: string[];
  /** Figures with no committed expectation yet. */
  readonly unexpected: string[];
}

export function compareFigures(figures: readonly Figure[], expected: Expectations): Comparison {
  const regressions: string[] = [];
  const improvements: string[] = [];
  const unexpected: string[] = [];
  for (const f of figures) {
    if (f.direction === 'info') continue;
    const want = expected[f.key];
    if (want === undefined) {
      unexpected.push(`${f.key}: ${f.value} (no expectation committed)`);
      continue;
    }
    if (f.value === want) continue;
    const better = f.direction === 'at-least' ? f.value > want : f.direction === 'at-most' ? f.value < want : false;
    (better ? improvements : regressions).push(`${f.key}: ${f.value}, expected ${describe(f.direction, want)}`);
  }
  return { regressions, improvements, unexpected };
}

function describe(d: Direction, n: number): string {
  return d === 'at-least' ? `at least ${n}` : d === 'at-most' ? `at most ${n}` : `${n}`;
}

/** `label: value of total` (or `label: value`), one figure per line. */
export function formatFigure(f: Figure): string {
  return `  ${f.label}: ${f.value}${f.of === undefined ? '' : ` of ${f.of}`}`;
}
