// Shared pieces of the report's Vega figures: protocol colours (as the artifact's draw.py
// uses them), the time axis unit, panel building blocks (shaded migration window, axes with
// units) and rendering a spec to SVG in Node (no browser, no canvas).

import * as vega from 'vega';
import type { RunView } from '../results.js';

export const PROTOCOL_COLORS: Record<string, string> = {
  netmigrate: '#4a9fd8',
  rocksteady: '#e9806e',
  fulva: '#f28e1c',
  'source-based': '#5f9e5f',
  source: '#5f9e5f',
  none: '#7f7f7f',
};

export const P50_COLOR = '#1f5fa8';
export const P99_COLOR = '#c0392b';
export const WINDOW_FILL = '#f3e3b3';
export const FONT = 'Helvetica, Arial, sans-serif';

export function protocolColor(protocol: string, index = 0): string {
  const fallback = ['#4a9fd8', '#e9806e', '#f28e1c', '#5f9e5f', '#9467bd', '#8c564b'];
  return PROTOCOL_COLORS[protocol] ?? fallback[index % fallback.length] ?? '#333333';
}

export interface TimeUnit {
  divisor: number;
  label: string;
}

/** Seconds for short runs, minutes past ten minutes (as the paper's figures are). */
export function timeUnitFor(seconds: number): TimeUnit {
  return seconds > 600 ? { divisor: 60, label: 'min' } : { divisor: 1, label: 's' };
}

/**
 * Where a run's time axis ends: the clients' run, or later when the migration finished after
 * them (its window and group progress are drawn to its end).
 */
export function plotEndSeconds(r: RunView): number {
  const progress = r.timeline.groupProgress;
  return Math.max(r.summary.runSeconds, r.summary.migration?.endS ?? 0, progress[progress.length - 1]?.tS ?? 0);
}

/**
 * One plotted row per interval, times in the figure's unit, at the interval's midpoint. A last
 * interval shorter than half the others (the clients stopping) is left out of the figures: its
 * rate is that of a winding-down client, not of the system (the CSV keeps it).
 */
export function intervalPoints(r: RunView, unit: TimeUnit): Record<string, number | string | null>[] {
  // Intervals that begin once the clients stopped issuing (after the run's duration) hold only
  // the drain: left out too.
  const durationS = r.summary.parameters.durationS;
  const issuing = typeof durationS === 'number' ? r.timeline.intervals.filter((x) => x.startS < durationS) : [];
  const rows = issuing.length > 0 ? issuing : r.timeline.intervals;
  const full = rows.length > 1 ? (rows[0] as { startS: number; endS: number }) : undefined;
  const fullS = full === undefined ? 0 : full.endS - full.startS;
  const last = rows[rows.length - 1];
  const kept =
    last !== undefined && full !== undefined && last.endS - last.startS < fullS / 2 ? rows.slice(0, -1) : rows;
  return kept.map((row) => ({
    run: r.summary.label,
    t: (row.startS + row.endS) / 2 / unit.divisor,
    opsPerSec: row.opsPerSec,
    p50Ms: row.p50Ms,
    p99Ms: row.p99Ms,
  }));
}

/** The migration's span in the figure's unit (to the run's end when it never finished). */
export function migrationSpan(r: RunView, unit: TimeUnit): { start: number; end: number } | undefined {
  const m = r.summary.migration;
  if (m === null) return undefined;
  return { start: m.startS / unit.divisor, end: (m.endS ?? r.summary.runSeconds) / unit.divisor };
}

/** Marks for a shaded migration window with a label, drawn under the data. */
export function windowMarks(
  span: { start: number; end: number } | undefined,
  xScale: string,
  height: number,
  label = 'migration',
): vega.Mark[] {
  if (span === undefined) return [];
  return [
    {
      type: 'rect',
      encode: {
        enter: {
          x: { scale: xScale, value: span.start },
          x2: { scale: xScale, value: span.end },
          y: { value: 0 },
          y2: { value: height },
          fill: { value: WINDOW_FILL },
          fillOpacity: { value: 0.7 },
        },
      },
    },
    {
      type: 'text',
      encode: {
        enter: {
          x: { scale: xScale, value: span.start },
          dx: { value: 4 },
          y: { value: 4 },
          baseline: { value: 'top' },
          text: { value: label },
          fill: { value: '#8a6d1a' },
          fontSize: { value: 11 },
          font: { value: FONT },
        },
      },
    },
  ];
}

export function xAxis(scale: string, unit: TimeUnit, title = true): vega.Axis {
  return {
    orient: 'bottom',
    scale,
    grid: true,
    gridOpacity: 0.35,
    tickCount: 10,
    labelFont: FONT,
    titleFont: FONT,
    ...(title ? { title: `time since run start (${unit.label})` } : {}),
  };
}

/** SI tick labels per tick (10k, 2.5M): Vega's '~s' would force one prefix on every tick ("0k"). */
const SI_LABEL =
  "datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

/** `format` 'si' labels ticks with SI prefixes; anything else is a d3 format string. */
export function yAxis(scale: string, title: string, format?: string): vega.Axis {
  if (format === 'si')
    return { ...yAxis(scale, title), encode: { labels: { update: { text: { signal: SI_LABEL } } } } };
  return {
    orient: 'left',
    scale,
    grid: true,
    gridOpacity: 0.35,
    tickCount: 6,
    title,
    labelFont: FONT,
    titleFont: FONT,
    ...(format === undefined ? {} : { format }),
  };
}

export function title(text: string, subtitle?: string): vega.Title {
  return {
    text,
    font: FONT,
    fontSize: 14,
    anchor: 'start',
    ...(subtitle === undefined ? {} : { subtitle, subtitleFont: FONT, subtitleColor: '#555' }),
  };
}

/** A line mark's stroke: one colour, or a colour scale over a field of each row. */
export type LineStroke = { readonly value: string } | { readonly scale: string; readonly field: string };

/** A line mark over the rows of `data`. */
export interface LineSpec {
  readonly data: string;
  /** Fields on the scales 'x' and `yScale` (default 'y'). */
  readonly x: string;
  readonly y: string;
  readonly yScale?: string;
  readonly stroke: LineStroke;
  readonly width: number;
  /** Further encodings (dash, interpolation, where the line is defined). */
  readonly more?: vega.EncodeEntry;
}

/** A line through the rows of one data set. */
export function lineMark(l: LineSpec): vega.Mark {
  return {
    type: 'line',
    from: { data: l.data },
    encode: {
      enter: {
        x: { scale: 'x', field: l.x },
        y: { scale: l.yScale ?? 'y', field: l.y },
        stroke: l.stroke,
        strokeWidth: { value: l.width },
        ...l.more,
      },
    },
  };
}

/**
 * One line per value of `groupby` in the rows of `data`, each coloured by the `colorScale`
 * scale over that field: the series of a figure (protocols, p50 / p99).
 */
export function seriesLines(
  l: Omit<LineSpec, 'stroke'> & { readonly facet: string; readonly groupby: string; readonly colorScale: string },
): vega.GroupMark {
  return {
    type: 'group',
    from: { facet: { name: l.facet, data: l.data, groupby: l.groupby } },
    marks: [lineMark({ ...l, data: l.facet, stroke: { scale: l.colorScale, field: l.groupby } })],
  };
}

/** The largest finite value of `field` over rows (for shared y domains). */
export function maxOf(rows: Record<string, unknown>[], field: string): number {
  let m = 0;
  for (const r of rows) {
    const v = r[field];
    if (typeof v === 'number' && Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

export function minPositive(rows: Record<string, unknown>[], fields: string[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const r of rows)
    for (const f of fields) {
      const v = r[f];
      if (typeof v === 'number' && v > 0 && v < m) m = v;
    }
  return Number.isFinite(m) ? m : 0.01;
}

/** Renders a Vega spec to a standalone SVG document. */
export async function renderSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
