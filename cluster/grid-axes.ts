// The axes `netmigrate grid` sweeps (the paper's §6 experiments): write ratio, the source's
// capacity (the load-balancing scenario), the number of records, and the switch's filter sizes
// (paper Table 2, NetMigrate alone), each a list of points that change one experiment setting,
// and the `--quick` preset that makes a whole axis fit in about two minutes on two cores.

import { type ExperimentConfig, PROTOCOL_CHOICES, type ProtocolChoice } from './experiment-config.js';

export const GRID_AXES = ['write-ratio', 'capacity', 'records', 'filter-size'] as const;
export type GridAxis = (typeof GRID_AXES)[number];

export interface FilterSize {
  /** Index bits of each of the four Bloom filters (2^bf one-bit cells each). */
  bf: number;
  /** Index bits of each of the four counting filters (2^cbf 8-bit counters each). */
  cbf: number;
}

export interface GridPoint {
  /** What the table and the plots call the point (e.g. "w20", "40 %", "BF 32 b/group, CBF 64 B"). */
  label: string;
  /** A folder name for its runs. */
  slug: string;
  apply: (c: ExperimentConfig) => ExperimentConfig;
  /** Filter sizes of the switch at this point (filter-size axis only). */
  filter?: FilterSize;
}

/** Settings `--quick` changes (sizes only: every protocol and metric stays). */
export const QUICK_PRESET: Partial<ExperimentConfig> = {
  records: 3000,
  durationS: 3,
  migrateAtS: 1,
  warmupS: 0.5,
  clients: 1,
  maxGroupBits: 6,
  audit: true,
};

/**
 * A grid's own sizes where `run`'s defaults (200 000 keys, 30 s) would not fit: an axis with
 * `--repeat 3` is 36-60 runs, which must finish in about 20 minutes on two cores. Applied,
 * like --quick, only to settings not given on the command line; the records axis sets its own
 * key counts. 2^10 groups keep about 20 keys in a group at 20 000 keys (the paper has about
 * 2 000): with `run`'s 2^12, a group is 5 keys and a capped source spends most of its budget
 * on the groups' START/COMPLETE messages instead of moving data (docs/reproducing-the-paper.md,
 * "The capped source's migration").
 */
export const GRID_PRESET: Partial<ExperimentConfig> = {
  records: 20_000,
  durationS: 10,
  migrateAtS: 2,
  maxGroupBits: 10,
};

/**
 * `compare`'s key count where none is given: at `run`'s 200,000 keys the migration lasts 2-3 s
 * on two cores and its first second, the slowest of every run, weighs a third of the window, so
 * protocols about 10 % apart swapped places between repetitions of the same seed; at 1,000,000
 * (5-6 s, 2^14 groups) they did not (docs/reproducing-the-paper.md, "Session 11").
 */
export const COMPARE_RECORDS = 1_000_000;

export function protocolsFor(axis: GridAxis): readonly ProtocolChoice[] {
  return axis === 'filter-size' ? ['netmigrate'] : PROTOCOL_CHOICES;
}

export const WRITE_RATIOS = [0, 5, 10, 20, 30] as const;
export const CAPACITIES = [100, 70, 40] as const;
export const RECORDS_FULL = [25_000, 50_000, 100_000, 200_000] as const;
export const RECORDS_QUICK = [1000, 3000, 6000] as const;

/**
 * The filter sizes of paper Table 2, scaled to a migration of 2^groupBits groups (Table 2 is
 * at 2^17): the Bloom filters' total bits per group (32 is the paper's 512 KB, 1 the
 * artifact's committed 16 KB) and the counting filters' total bytes (64 B the artifact's, the
 * knee), then the paper's default sizing (docs/netmigrate.md §9) and one beyond it.
 */
export function filterSizePoints(groupBits: number, quick: boolean): { label: string; size: FilterSize }[] {
  // Four filters: 2^(g + s) cells each is 2^(s + 2) total bits per group.
  const bfFor = (bitsPerGroup: number) => Math.max(1, groupBits + Math.log2(bitsPerGroup) - 2);
  const rows: { label: string; bitsPerGroup: number; cbfBytes: number }[] = [
    { label: '32 b/group, CBF 128 B', bitsPerGroup: 32, cbfBytes: 128 },
    { label: '32 b/group, CBF 64 B', bitsPerGroup: 32, cbfBytes: 64 },
    { label: '32 b/group, CBF 32 B', bitsPerGroup: 32, cbfBytes: 32 },
    { label: '32 b/group, CBF 16 B', bitsPerGroup: 32, cbfBytes: 16 },
    { label: '16 b/group, CBF 64 B', bitsPerGroup: 16, cbfBytes: 64 },
    { label: '8 b/group, CBF 64 B', bitsPerGroup: 8, cbfBytes: 64 },
    { label: '4 b/group, CBF 64 B', bitsPerGroup: 4, cbfBytes: 64 },
    { label: '2 b/group, CBF 64 B', bitsPerGroup: 2, cbfBytes: 64 },
    { label: '1 b/group, CBF 64 B', bitsPerGroup: 1, cbfBytes: 64 },
  ];
  const table2 = rows.map((r) => {
    const bf = bfFor(r.bitsPerGroup);
    // 4 filters of 2^cbf one-byte counters; the CBF index cannot be wider than the BF's.
    return { label: r.label, size: { bf, cbf: Math.min(bf, Math.log2(r.cbfBytes / 4)) } };
  });
  const byLabel = (l: string) => table2.find((r) => r.label === l) as { label: string; size: FilterSize };
  const paperDefault = {
    label: 'default (32 b/group, CBF 2 per group)',
    size: { bf: groupBits + 3, cbf: groupBits + 1 },
  };
  const beyond = { label: 'beyond (128 b/group, CBF 8 per group)', size: { bf: groupBits + 5, cbf: groupBits + 3 } };
  if (quick)
    return [
      paperDefault,
      byLabel('32 b/group, CBF 64 B'),
      byLabel('32 b/group, CBF 16 B'),
      byLabel('4 b/group, CBF 64 B'),
      byLabel('1 b/group, CBF 64 B'),
    ];
  return [paperDefault, beyond, ...table2];
}

/** The points of an axis for a base configuration (after --quick was applied). */
export function axisPoints(axis: GridAxis, base: ExperimentConfig, quick: boolean): GridPoint[] {
  switch (axis) {
    case 'write-ratio':
      return WRITE_RATIOS.map((w) => ({
        label: `${w} % writes`,
        slug: `w${w}`,
        apply: (c) => ({ ...c, workload: `w${w}` }),
      }));
    case 'capacity':
      return CAPACITIES.map((cap) => ({
        label: `source at ${cap} %`,
        slug: `capacity-${cap}`,
        apply: (c) => ({ ...c, capacity: cap }),
      }));
    case 'records':
      return (quick ? RECORDS_QUICK : RECORDS_FULL).map((n) => ({
        label: `${n} records`,
        slug: `records-${n}`,
        apply: (c) => ({ ...c, records: n }),
      }));
    case 'filter-size':
      return filterSizePoints(base.maxGroupBits, quick).map(({ label, size }) => ({
        label,
        slug: `bf${size.bf}-cbf${size.cbf}`,
        filter: size,
        apply: (c) => ({ ...c, filterBits: size }),
      }));
  }
}

/**
 * The paper's false-positive bound (its §4.2): a request for a group neither in flight nor
 * migrated is misrouted when all four Bloom filters or all four counting filters answer yes:
 * 1 − (1 − (1 − e^(−kn/m))^k)(1 − (1 − e^(−k'n'/m'))^k'), k = k' = 4, n the groups, n' the
 * groups in flight (one per migration thread), m and m' the filters' total cells.
 */
export function falsePositiveBound(size: FilterSize, groups: number, inFlight: number): number {
  const k = 4;
  const part = (n: number, cells: number) => (1 - Math.exp((-k * n) / cells)) ** k;
  const bf = part(groups, k * 2 ** size.bf);
  const cbf = part(inFlight, k * 2 ** size.cbf);
  return 1 - (1 - bf) * (1 - cbf);
}

/** The filters' sizes in bytes (four BF of 1-bit cells, four CBF of 8-bit counters). */
export function filterBytes(size: FilterSize): { bf: number; cbf: number } {
  return { bf: (4 * 2 ** size.bf) / 8, cbf: 4 * 2 ** size.cbf };
}
