// The figures of one run: throughput over time with the migration window shaded, the
// average of each window (before / during / after) as dashed segments and group progress in
// a panel below; and p50 / p99 latency per interval on a log scale.

import type * as vega from 'vega';
import type { RunView } from '../results.js';
import {
  FONT,
  intervalPoints,
  lineMark,
  maxOf,
  migrationSpan,
  minPositive,
  P50_COLOR,
  P99_COLOR,
  plotEndSeconds,
  protocolColor,
  seriesLines,
  type TimeUnit,
  timeUnitFor,
  title,
  windowMarks,
  xAxis,
  yAxis,
} from './plot-kit.js';

const WIDTH = 720;
const MAIN_HEIGHT = 260;
const PROGRESS_HEIGHT = 90;
const GAP = 56;

export function throughputSpec(r: RunView): vega.Spec {
  const unit = timeUnitFor(plotEndSeconds(r));
  const points = intervalPoints(r, unit);
  const span = migrationSpan(r, unit);
  const color = protocolColor(r.summary.protocol);
  const averages = (['before', 'during', 'after'] as const).flatMap((name) => {
    const w = r.summary.windows[name];
    return w === undefined || w.seconds <= 0
      ? []
      : [{ name, start: w.startS / unit.divisor, end: w.endS / unit.divisor, opsPerSec: w.opsPerSec }];
  });
  const total = r.summary.migration?.groupCount ?? 0;
  const progress = thinSteps(r.timeline.groupProgress, plotEndSeconds(r)).map((p) => ({
    t: p.tS / unit.divisor,
    completed: total > 0 ? (100 * p.completed) / total : 0,
    inFlight: total > 0 ? (100 * (p.started - p.completed)) / total : 0,
  }));
  // Steps start at 0 and hold the last value to the end of the run.
  if (progress.length > 0) {
    progress.unshift({ t: 0, completed: 0, inFlight: 0 });
    const last = progress[progress.length - 1] as { completed: number; inFlight: number };
    progress.push({ t: plotEndSeconds(r) / unit.divisor, completed: last.completed, inFlight: last.inFlight });
  }
  const yMax = Math.max(maxOf(points, 'opsPerSec'), maxOf(averages, 'opsPerSec')) * 1.08 || 1;
  const progressSeries = progress.flatMap((p) => [
    { t: p.t, series: 'groups completed', value: p.completed },
    { t: p.t, series: 'groups in flight', value: p.inFlight },
  ]);
  const s = r.summary;
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: WIDTH,
    height: MAIN_HEIGHT + (progress.length > 0 ? GAP + PROGRESS_HEIGHT : 0),
    padding: 8,
    background: 'white',
    title: title(
      `${s.label}: throughput over time`,
      `${s.clients.clients} client(s), ${r.timeline.intervalMs} ms intervals; dashed: average before / during / after migration`,
    ),
    data: [
      { name: 'points', values: points },
      { name: 'averages', values: averages },
      { name: 'progress', values: progressSeries },
    ],
    scales: [
      {
        name: 'x',
        type: 'linear',
        domain: [0, plotEndSeconds(r) / unit.divisor],
        range: [0, WIDTH],
        nice: false,
        zero: true,
      },
      { name: 'y', type: 'linear', domain: [0, yMax], range: [MAIN_HEIGHT, 0], nice: true },
      {
        name: 'legend',
        type: 'ordinal',
        domain: ['throughput per interval', 'window average'],
        range: [color, '#333333'],
      },
    ],
    marks: [
      {
        type: 'group',
        encode: {
          enter: { x: { value: 0 }, y: { value: 0 }, width: { value: WIDTH }, height: { value: MAIN_HEIGHT } },
        },
        axes: [xAxis('x', unit, progress.length === 0), yAxis('y', 'throughput (ops/s)', 'si')],
        legends: [
          {
            stroke: 'legend',
            orient: 'right',
            symbolType: 'stroke',
            labelFont: FONT,
            labelLimit: 300,
            encode: {
              symbols: { update: { strokeDash: { signal: "datum.value === 'window average' ? [6, 3] : [1, 0]" } } },
            },
          },
        ],
        marks: [
          ...windowMarks(span, 'x', MAIN_HEIGHT),
          lineMark({ data: 'points', x: 't', y: 'opsPerSec', stroke: { value: color }, width: 1.6 }),
          {
            type: 'rule',
            from: { data: 'averages' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'start' },
                x2: { scale: 'x', field: 'end' },
                y: { scale: 'y', field: 'opsPerSec' },
                stroke: { value: '#333333' },
                strokeWidth: { value: 1.4 },
                strokeDash: { value: [6, 3] },
              },
            },
          },
        ],
      },
      ...(progress.length === 0 ? [] : [progressPanel(unit)]),
    ],
  };
}

function progressPanel(unit: TimeUnit): vega.GroupMark {
  return {
    type: 'group',
    encode: {
      enter: {
        x: { value: 0 },
        y: { value: MAIN_HEIGHT + GAP },
        width: { value: WIDTH },
        height: { value: PROGRESS_HEIGHT },
      },
    },
    scales: [
      { name: 'yp', type: 'linear', domain: [0, 100], range: [PROGRESS_HEIGHT, 0] },
      { name: 'cp', type: 'ordinal', domain: ['groups completed', 'groups in flight'], range: ['#2c7a3f', '#b58900'] },
    ],
    axes: [xAxis('x', unit), { ...yAxis('yp', 'groups (%)'), tickCount: 3 }],
    legends: [{ stroke: 'cp', orient: 'right', symbolType: 'stroke', labelFont: FONT, labelLimit: 300 }],
    marks: [
      seriesLines({
        data: 'progress',
        facet: 'series',
        groupby: 'series',
        colorScale: 'cp',
        x: 't',
        y: 'value',
        yScale: 'yp',
        width: 1.6,
        more: { interpolate: { value: 'step-after' } },
      }),
    ],
  };
}

export function latencySpec(r: RunView): vega.Spec {
  const unit = timeUnitFor(plotEndSeconds(r));
  const points = intervalPoints(r, unit);
  const series = points.flatMap((p) => [
    { t: p.t, series: 'p50', ms: p.p50Ms },
    { t: p.t, series: 'p99', ms: p.p99Ms },
  ]);
  const yMin = minPositive(points, ['p50Ms', 'p99Ms']);
  const yMax = Math.max(maxOf(points, 'p99Ms'), yMin * 10);
  const s = r.summary;
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: WIDTH,
    height: MAIN_HEIGHT,
    padding: 8,
    background: 'white',
    title: title(`${s.label}: latency per interval`, 'per-request latency, all clients merged (HDR histograms added)'),
    data: [{ name: 'latency', values: series }],
    scales: [
      { name: 'x', type: 'linear', domain: [0, plotEndSeconds(r) / unit.divisor], range: [0, WIDTH], nice: false },
      { name: 'y', type: 'log', domain: [yMin / 1.5, yMax * 1.5], range: [MAIN_HEIGHT, 0], nice: false },
      { name: 'color', type: 'ordinal', domain: ['p50', 'p99'], range: [P50_COLOR, P99_COLOR] },
    ],
    axes: [xAxis('x', unit), yAxis('y', 'latency (ms, log scale)', '~g')],
    legends: [{ stroke: 'color', orient: 'right', symbolType: 'stroke', labelFont: FONT }],
    marks: [
      ...windowMarks(migrationSpan(r, unit), 'x', MAIN_HEIGHT),
      seriesLines({
        data: 'latency',
        facet: 'one',
        groupby: 'series',
        colorScale: 'color',
        x: 't',
        y: 'ms',
        width: 1.6,
        more: { defined: { signal: 'datum.ms != null && datum.ms > 0' } },
      }),
    ],
  };
}

/**
 * At most ~1,000 steps of group progress: the last point of each 1/1000 of the run. 2^17
 * groups make 262,144 transitions, which drawn one by one gave a 15 MB plot; a plot a few
 * hundred pixels wide shows no more than this.
 */
function thinSteps<T extends { tS: number }>(points: readonly T[], endS: number): T[] {
  const buckets = 1000;
  if (points.length <= buckets || !(endS > 0)) return [...points];
  const out: T[] = [];
  let lastBucket = -1;
  for (const p of points) {
    const b = Math.floor((p.tS / endS) * buckets);
    if (b === lastBucket) out[out.length - 1] = p;
    else out.push(p);
    lastBucket = b;
  }
  return out;
}
