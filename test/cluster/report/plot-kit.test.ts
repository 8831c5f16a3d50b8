// The line marks every report figure builds its series from (cluster/report/plot-kit.ts):
// rendered, one stroked path per series in the series' colour, extra encodings applied.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as vega from 'vega';
import { lineMark, renderSvg, seriesLines } from '../../../cluster/report/plot-kit.js';

function spec(marks: vega.Mark[]): vega.Spec {
  return {
    width: 200,
    height: 100,
    data: [
      {
        name: 'rows',
        values: [
          { t: 0, v: 1, s: 'a' },
          { t: 1, v: 2, s: 'a' },
          { t: 0, v: 3, s: 'b' },
          { t: 1, v: 4, s: 'b' },
        ],
      },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [0, 1], range: [0, 200] },
      { name: 'y', type: 'linear', domain: [0, 4], range: [100, 0] },
      { name: 'c', type: 'ordinal', domain: ['a', 'b'], range: ['#112233', '#445566'] },
    ],
    marks,
  };
}

const strokes = (svg: string) => [...svg.matchAll(/<path[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]);

describe('report line marks', () => {
  test('seriesLines draws one line per value of its field, coloured through the scale', async () => {
    const svg = await renderSvg(
      spec([seriesLines({ data: 'rows', facet: 'one', groupby: 's', colorScale: 'c', x: 't', y: 'v', width: 2 })]),
    );
    assert.deepEqual(strokes(svg).sort(), ['#112233', '#445566']);
  });

  test('lineMark draws all rows as one line in its colour, with the extra encodings', async () => {
    const svg = await renderSvg(
      spec([
        lineMark({
          data: 'rows',
          x: 't',
          y: 'v',
          stroke: { value: '#778899' },
          width: 1.5,
          more: { strokeDash: { value: [5, 4] } },
        }),
      ]),
    );
    assert.deepEqual(strokes(svg), ['#778899']);
    assert.match(svg, /stroke-dasharray="5,4"/);
    assert.match(svg, /stroke-width="1.5"/);
  });
});
