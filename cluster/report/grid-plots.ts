// One figure per metric of a grid: the axis's points along x, each protocol's median as a line
// with points, the repetitions' range as a vertical bar at each point (the spread the table
// gives in brackets). For the filter's false positives, the analytical bound as a dashed line.

import type * as vega from 'vega';
import type { MetricInfo } from '../grid-metrics.js';
import type { GridCell } from './grid-table.js';
import { FONT, lineMark, maxOf, protocolColor, seriesLines, title, yAxis } from './plot-kit.js';

const WIDTH = 560;
const HEIGHT = 260;

export interface GridPlotInput {
  axisTitle: string;
  pointLabels: readonly string[];
  protocols: readonly string[];
  cells: readonly GridCell[];
  metric: MetricInfo;
  /** Per point label, the analytical false-positive bound in % (filter sizes only). */
  bound?: Readonly<Record<string, number | null>>;
}

export function gridMetricSpec(p: GridPlotInput): vega.Spec {
  const key = p.metric.key;
  const values = p.cells
    .filter((c) => c.spreads[key].median !== null)
    .map((c) => ({
      point: c.point,
      protocol: c.protocol,
      median: c.spreads[key].median,
      min: c.spreads[key].min,
      max: c.spreads[key].max,
    }));
  const boundValues =
    p.bound === undefined
      ? []
      : p.pointLabels.flatMap((l) => {
          const b = p.bound?.[l];
          return b === null || b === undefined ? [] : [{ point: l, bound: b }];
        });
  const top = Math.max(maxOf(values, 'max'), maxOf(boundValues, 'bound'));
  const series = [...p.protocols, ...(boundValues.length > 0 ? ['bound'] : [])];
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: WIDTH,
    height: HEIGHT,
    padding: 8,
    background: 'white',
    title: title(`${p.metric.title}`, `median of the repetitions; bars: lowest to highest repetition`),
    data: [
      { name: 'cells', values },
      { name: 'bound', values: boundValues },
    ],
    scales: [
      { name: 'x', type: 'point', domain: [...p.pointLabels], range: [0, WIDTH], padding: 0.5 },
      { name: 'y', type: 'linear', domain: [0, top * 1.1 || 1], range: [HEIGHT, 0], nice: true, zero: true },
      {
        name: 'color',
        type: 'ordinal',
        domain: series,
        range: series.map((s, i) => (s === 'bound' ? '#555555' : protocolColor(s, i))),
      },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        title: p.axisTitle,
        labelFont: FONT,
        titleFont: FONT,
        labelAngle: p.pointLabels.some((l) => l.length > 12) ? -30 : 0,
        labelAlign: p.pointLabels.some((l) => l.length > 12) ? 'right' : 'center',
        labelLimit: 220,
      },
      yAxis('y', p.metric.unit, p.metric.unit === 'ops/s' ? 'si' : undefined),
    ],
    legends: [{ stroke: 'color', orient: 'right', symbolType: 'stroke', labelFont: FONT }],
    marks: [
      lineMark({
        data: 'bound',
        x: 'point',
        y: 'bound',
        stroke: { value: '#555555' },
        width: 1.5,
        more: { strokeDash: { value: [5, 4] } },
      }),
      seriesLines({
        data: 'cells',
        facet: 'series',
        groupby: 'protocol',
        colorScale: 'color',
        x: 'point',
        y: 'median',
        width: 2,
      }),
      {
        type: 'rule',
        from: { data: 'cells' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'point' },
            y: { scale: 'y', field: 'min' },
            y2: { scale: 'y', field: 'max' },
            stroke: { scale: 'color', field: 'protocol' },
            strokeWidth: { value: 2 },
            strokeOpacity: { value: 0.6 },
          },
        },
      },
      {
        type: 'symbol',
        from: { data: 'cells' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'point' },
            y: { scale: 'y', field: 'median' },
            fill: { scale: 'color', field: 'protocol' },
            size: { value: 40 },
          },
        },
      },
    ],
  };
}
