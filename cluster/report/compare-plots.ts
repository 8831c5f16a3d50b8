// Figures that put several protocols' runs side by side, as the paper's Fig. 4–6 do: one
// throughput panel and one latency panel per run on shared axes (so heights compare), and bar
// charts of the migration-window averages and migration times.

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
  protocolColor,
  seriesLines,
  timeUnitFor,
  title,
  windowMarks,
  xAxis,
  yAxis,
} from './plot-kit.js';

const WIDTH = 640;
const PANEL_HEIGHT = 150;
const PANEL_GAP = 64;

type Series = 'throughput' | 'latency';

function panelTitle(r: RunView, series: Series): string {
  const d = r.summary.windows.during;
  const m = r.summary.migration;
  const time = m?.seconds == null ? '' : `, migration ${m.seconds.toFixed(1)} s`;
  if (d === undefined) return `${r.summary.label}${time}`;
  return series === 'throughput'
    ? `${r.summary.label}: ${(d.opsPerSec / 1000).toFixed(1)} kops/s during migration${time}`
    : `${r.summary.label}: p50 ${d.latency.p50Ms?.toFixed(2) ?? '–'} ms, p99 ${d.latency.p99Ms?.toFixed(2) ?? '–'} ms during migration`;
}

/** One panel per run, shared x and y scales, stacked vertically. */
function stackedSpec(runs: readonly RunView[], series: Series): vega.Spec {
  const seconds = Math.max(...runs.map((r) => r.summary.runSeconds), 1);
  const unit = timeUnitFor(seconds);
  const perRun = runs.map((r) => intervalPoints(r, unit));
  const all = perRun.flat();
  const data: vega.Data[] = perRun.map((points, i) =>
    series === 'throughput'
      ? { name: `run${i}`, values: points }
      : {
          name: `run${i}`,
          values: points.flatMap((p) => [
            { t: p.t, series: 'p50', ms: p.p50Ms },
            { t: p.t, series: 'p99', ms: p.p99Ms },
          ]),
        },
  );
  const yMin = minPositive(all, ['p50Ms', 'p99Ms']);
  const scales: vega.Scale[] = [
    { name: 'x', type: 'linear', domain: [0, seconds / unit.divisor], range: [0, WIDTH], nice: false },
    series === 'throughput'
      ? {
          name: 'y',
          type: 'linear',
          domain: [0, maxOf(all, 'opsPerSec') * 1.08 || 1],
          range: [PANEL_HEIGHT, 0],
          nice: true,
        }
      : {
          name: 'y',
          type: 'log',
          domain: [yMin / 1.5, Math.max(maxOf(all, 'p99Ms'), yMin * 10) * 1.5],
          range: [PANEL_HEIGHT, 0],
          nice: false,
        },
    { name: 'color', type: 'ordinal', domain: ['p50', 'p99'], range: [P50_COLOR, P99_COLOR] },
  ];
  const panels: vega.GroupMark[] = runs.map((r, i) => {
    const line: vega.Mark =
      series === 'throughput'
        ? lineMark({
            data: `run${i}`,
            x: 't',
            y: 'opsPerSec',
            stroke: { value: protocolColor(r.summary.protocol, i) },
            width: 1.6,
          })
        : seriesLines({
            data: `run${i}`,
            facet: `one${i}`,
            groupby: 'series',
            colorScale: 'color',
            x: 't',
            y: 'ms',
            width: 1.4,
            more: { defined: { signal: 'datum.ms != null && datum.ms > 0' } },
          });
    return {
      type: 'group',
      encode: {
        enter: {
          x: { value: 0 },
          y: { value: i * (PANEL_HEIGHT + PANEL_GAP) },
          width: { value: WIDTH },
          height: { value: PANEL_HEIGHT },
        },
      },
      title: { text: panelTitle(r, series), font: FONT, fontSize: 12, anchor: 'start', offset: 6 },
      axes: [
        xAxis('x', unit, i === runs.length - 1),
        series === 'throughput' ? yAxis('y', 'ops/s', 'si') : yAxis('y', 'latency (ms)', '~g'),
      ],
      ...(series === 'latency' && i === 0
        ? { legends: [{ stroke: 'color', orient: 'right' as const, symbolType: 'stroke', labelFont: FONT }] }
        : {}),
      marks: [...windowMarks(migrationSpan(r, unit), 'x', PANEL_HEIGHT), line],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: WIDTH,
    height: runs.length * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP,
    padding: 8,
    background: 'white',
    title: title(
      series === 'throughput' ? 'Throughput over time by protocol' : 'Latency over time by protocol (log scale)',
      'shaded: migration window; panels share their axes',
    ),
    data,
    scales,
    marks: panels,
  };
}

export function compareThroughputSpec(runs: readonly RunView[]): vega.Spec {
  return stackedSpec(runs, 'throughput');
}

export function compareLatencySpec(runs: readonly RunView[]): vega.Spec {
  return stackedSpec(runs, 'latency');
}

const BAR_WIDTH = 190;
const BAR_HEIGHT = 160;

/** Four bar charts side by side: the migration-window averages and the migration time. */
export function compareBarsSpec(runs: readonly RunView[]): vega.Spec {
  const rows = runs.map((r, i) => {
    const d = r.summary.windows.during;
    return {
      label: r.summary.label,
      color: protocolColor(r.summary.protocol, i),
      opsPerSec: d?.opsPerSec ?? null,
      p50Ms: d?.latency.p50Ms ?? null,
      p99Ms: d?.latency.p99Ms ?? null,
      migrationS: r.summary.migration?.seconds ?? null,
    };
  });
  const metrics: { field: string; title: string; format: string }[] = [
    { field: 'opsPerSec', title: 'throughput (ops/s)', format: 'si' },
    { field: 'p50Ms', title: 'median latency (ms)', format: '~g' },
    { field: 'p99Ms', title: 'p99 latency (ms)', format: '~g' },
    { field: 'migrationS', title: 'migration time (s)', format: '~g' },
  ];
  const panels: vega.GroupMark[] = metrics.map((m, i) => ({
    type: 'group',
    encode: {
      enter: {
        x: { value: i * (BAR_WIDTH + 70) },
        y: { value: 0 },
        width: { value: BAR_WIDTH },
        height: { value: BAR_HEIGHT },
      },
    },
    title: { text: m.title, font: FONT, fontSize: 11, anchor: 'start', limit: BAR_WIDTH + 40 },
    scales: [
      { name: 'y', type: 'linear', domain: [0, maxOf(rows, m.field) * 1.1 || 1], range: [BAR_HEIGHT, 0], nice: true },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', labelAngle: -30, labelAlign: 'right', labelFont: FONT, labelLimit: 110 },
      { ...yAxis('y', '', m.format), title: undefined },
    ],
    marks: [
      {
        type: 'rect',
        from: { data: 'rows' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'label' },
            width: { scale: 'x', band: 1 },
            y: { scale: 'y', field: m.field },
            y2: { scale: 'y', value: 0 },
            fill: { field: 'color' },
            opacity: { signal: `datum.${m.field} == null ? 0 : 1` },
          },
        },
      },
    ],
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: metrics.length * (BAR_WIDTH + 70) - 70,
    height: BAR_HEIGHT,
    padding: 8,
    background: 'white',
    title: title('Protocols compared', 'throughput and latency: averages over each run’s migration window'),
    data: [{ name: 'rows', values: rows }],
    scales: [{ name: 'x', type: 'band', domain: rows.map((r) => r.label), range: [0, BAR_WIDTH], padding: 0.25 }],
    marks: panels,
  };
}
