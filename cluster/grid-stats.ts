// Repetitions of one grid point, reduced to what a table can say honestly: the median, the
// spread (lowest and highest repetition), whether two protocols' difference is within that
// spread, and the protocols' ranking by a metric. Pure functions, no I/O.

export interface Spread {
  /** Repetitions that produced a value (a run without a migration window has none). */
  n: number;
  median: number | null;
  min: number | null;
  max: number | null;
}

export function spreadOf(values: readonly (number | null | undefined)[]): Spread {
  // `+ 0` turns -0 into 0: the sort treats them as equal, so which one came first would
  // otherwise decide the sign of a zero minimum or maximum.
  const xs = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .map((v) => v + 0)
    .sort((a, b) => a - b);
  if (xs.length === 0) return { n: 0, median: null, min: null, max: null };
  const mid = xs.length >> 1;
  const median = xs.length % 2 === 1 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
  return { n: xs.length, median, min: xs[0] as number, max: xs[xs.length - 1] as number };
}

/**
 * How two spreads compare. `within-spread`: with two or more repetitions each, their ranges
 * (lowest to highest repetition) overlap, so the repetitions do not separate them; `separate`:
 * every repetition of one is above every repetition of the other; `single`: one repetition
 * (or fewer) on a side, so nothing can be said about the noise.
 */
export type Separation = 'within-spread' | 'separate' | 'single';

export function separation(a: Spread, b: Spread): Separation {
  if (a.n < 2 || b.n < 2 || a.min === null || b.min === null || a.max === null || b.max === null) return 'single';
  return a.max < b.min || b.max < a.min ? 'separate' : 'within-spread';
}

export type Better = 'higher' | 'lower';

/**
 * Names ordered best first by their medians (ties and missing medians keep the given order,
 * missing last).
 */
export function rankByMedian(entries: readonly { name: string; spread: Spread }[], better: Better): string[] {
  const indexed = entries.map((e, i) => ({ ...e, i }));
  indexed.sort((x, y) => {
    const a = x.spread.median;
    const b = y.spread.median;
    if (a === null || b === null) return a === null ? (b === null ? x.i - y.i : 1) : -1;
    if (a === b) return x.i - y.i;
    return better === 'higher' ? b - a : a - b;
  });
  return indexed.map((e) => e.name);
}

/**
 * The names best first in tiers: sorted by median, a name joins the tier of the one before it
 * when their repetitions' ranges overlap (`within-spread`), so the repetitions cannot order
 * the two; otherwise it starts a new tier. With fewer than two repetitions every name is its
 * own tier (nothing measures the noise).
 */
export function rankTiers(entries: readonly { name: string; spread: Spread }[], better: Better): string[][] {
  const order = rankByMedian(entries, better);
  const spreadOfName = new Map(entries.map((e) => [e.name, e.spread]));
  const tiers: string[][] = [];
  let previous: Spread | undefined;
  for (const name of order) {
    const here = spreadOfName.get(name) as Spread;
    const last = tiers[tiers.length - 1];
    if (last !== undefined && previous !== undefined && separation(previous, here) === 'within-spread') last.push(name);
    else tiers.push([name]);
    previous = here;
  }
  return tiers;
}

/** "a > b ≈ c > d" for tiers. */
export function tiersText(tiers: readonly (readonly string[])[]): string {
  return tiers.map((t) => t.join(' ≈ ')).join(' > ');
}

/** Per repetition, the names ordered best first by that repetition's value. */
export function rankingsPerRepetition(
  valuesByName: Readonly<Record<string, readonly (number | null)[]>>,
  better: Better,
): string[][] {
  const names = Object.keys(valuesByName);
  const reps = Math.max(0, ...names.map((n) => valuesByName[n]?.length ?? 0));
  const out: string[][] = [];
  for (let r = 0; r < reps; r++)
    out.push(
      rankByMedian(
        names.map((name) => ({ name, spread: spreadOf([valuesByName[name]?.[r] ?? null]) })),
        better,
      ),
    );
  return out;
}

/** Relative difference of a over b in percent (+31.9 = a is 31.9 % higher), null when undefined. */
export function percentOver(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return (100 * (a - b)) / b;
}
