// report.html: one self-contained page per run (or per comparison) that opens anywhere with
// no server and no network: the verdict first, the summary table, the figures inlined as SVG,
// the traffic and the run's parameters.

import type { RunSummary } from '../results.js';
import type { WindowSummary } from '../timeline.js';
import { fmtBytes, fmtCount, fmtMs, fmtPercent, fmtRate, fmtSeconds } from './format.js';
import { comparisonRows, verdictLine } from './summary-table.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; }
.sub { color: #555; margin-top: 0; }
.verdict { padding: 10px 14px; border-radius: 6px; font-weight: bold; }
.ok { background: #e3f4e1; border: 1px solid #7bbf72; } .bad { background: #fbe3e0; border: 1px solid #d9776b; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #999; }
figure { margin: 16px 0; } figure svg { max-width: 100%; height: auto; }
ul.violations { font-family: monospace; font-size: 12px; }
`;

export interface Figure {
  caption: string;
  svg: string;
}

function table(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  const cells = (r: readonly string[], tag: 'th' | 'td') => r.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('');
  return `<table><thead><tr>${cells(head ?? [], 'th')}</tr></thead><tbody>${body
    .map((r) => `<tr>${cells(r, 'td')}</tr>`)
    .join('')}</tbody></table>`;
}

function figures(list: readonly Figure[]): string {
  return list
    .map(
      (f) =>
        `<figure>${f.svg.replace(/^<\?xml[^>]*>\s*/, '')}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`,
    )
    .join('\n');
}

function page(titleText: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(titleText)}</title><style>${STYLE}</style></head>
<body>
${body}
</body></html>
`;
}

function windowTable(s: RunSummary): string {
  const names = (['before', 'during', 'after', 'whole'] as const).filter((w) => s.windows[w] !== undefined);
  const w = (n: (typeof names)[number]) => s.windows[n] as WindowSummary;
  const row = (label: string, f: (x: WindowSummary) => string) => [label, ...names.map((n) => f(w(n)))];
  return table([
    ['', ...names],
    row('span (s)', (x) => `${fmtSeconds(x.startS)}–${fmtSeconds(x.endS)}`),
    row('operations', (x) => fmtCount(x.ops)),
    row('throughput (ops/s)', (x) => fmtRate(x.opsPerSec)),
    row('latency p50 (ms)', (x) => fmtMs(x.latency.p50Ms)),
    row('latency p99 (ms)', (x) => fmtMs(x.latency.p99Ms)),
    row('latency p99.9 (ms)', (x) => fmtMs(x.latency.p999Ms)),
    row('latency max (ms)', (x) => fmtMs(x.latency.maxMs)),
    row('double reads', (x) => fmtCount(x.doubleReads)),
    row('retries', (x) => fmtCount(x.retries)),
    row('timeouts', (x) => fmtCount(x.timeouts)),
  ]);
}

function keyFigures(s: RunSummary): string {
  const m = s.migration;
  const t = s.traffic;
  const rows: string[][] = [['figure', 'value']];
  rows.push([
    'migration time',
    m === null ? 'no migration' : m.seconds === null ? 'not finished' : `${fmtSeconds(m.seconds)} s`,
  ]);
  if (m !== null) rows.push(['groups completed', `${fmtCount(m.groupsCompleted)} / ${fmtCount(m.groupCount)}`]);
  if (m?.failed != null) rows.push(['migration failed', m.failed]);
  rows.push([
    'longest time with no completed operation',
    s.longestGap === null ? '–' : `${fmtMs(s.longestGap.ms)} ms at ${fmtSeconds(s.longestGap.startS)} s`,
  ]);
  if (m !== null)
    rows.push([
      '… during the migration',
      s.longestGapDuringMigration === null
        ? '–'
        : `${fmtMs(s.longestGapDuringMigration.ms)} ms at ${fmtSeconds(s.longestGapDuringMigration.startS)} s`,
    ]);
  rows.push(['query traffic (client)', fmtBytes(t.queryBytes)]);
  rows.push([
    'client-side extra traffic',
    `${fmtBytes(t.clientExtraBytes)} (${fmtPercent(t.clientExtraPercent)} of queries)`,
  ]);
  rows.push(['migration traffic (server)', fmtBytes(t.migrationBytes)]);
  rows.push([
    'server-side extra traffic',
    `${fmtBytes(t.serverExtraBytes)} (${fmtPercent(t.serverExtraPercent)} of queries)`,
  ]);
  rows.push(['priority pulls', `${fmtBytes(t.pullBytes)}, ${fmtCount(t.pulledKeys)} keys`]);
  rows.push(['late writes forwarded / dirty re-sends', `${fmtCount(t.lateWrites)} / ${fmtCount(t.dirtyResent)}`]);
  const f = t.filter;
  if (f !== null && f !== undefined)
    rows.push([
      'switch filter false positives',
      `${fmtPercent(f.falsePositivePercent)} (groups not started: ${fmtCount(f.idleFalsePositives)} of ${fmtCount(f.idleRequests)} requests; migrated groups: ${fmtCount(f.completedFalsePositives)} of ${fmtCount(f.completedReads)} reads)`,
    ]);
  rows.push([
    'client failures / resends / timeouts',
    `${fmtCount(s.clients.failures)} / ${fmtCount(s.clients.retries)} / ${fmtCount(s.clients.timeouts)}`,
  ]);
  return table(rows);
}

function verdictBlock(s: RunSummary): string {
  const v = s.verdict;
  const samples =
    v.violationSamples.length === 0
      ? ''
      : `<ul class="violations">${v.violationSamples.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
  return `<p class="verdict ${v.ok ? 'ok' : 'bad'}">${escapeHtml(verdictLine(v))}</p>${samples}`;
}

export function renderRunHtml(s: RunSummary, figs: readonly Figure[], files: readonly string[] = []): string {
  const params = table([['parameter', 'value'], ...Object.entries(s.parameters).map(([k, v]) => [k, String(v)])]);
  const fileList =
    files.length === 0
      ? ''
      : `<h2>Files</h2><ul>${files.map((f) => `<li><a href="${escapeHtml(f)}">${escapeHtml(f)}</a></li>`).join('')}</ul>`;
  return page(
    `${s.label} run`,
    `<h1>${escapeHtml(s.label)}: live migration run</h1>
<p class="sub">${escapeHtml(`${s.clients.clients} client(s), ${fmtSeconds(s.runSeconds)} s, started ${s.startedAt}`)}</p>
<h2>Verdict</h2>
${verdictBlock(s)}
<h2>Throughput and latency before, during and after the migration</h2>
${windowTable(s)}
<h2>Key figures</h2>
${keyFigures(s)}
<h2>Figures</h2>
${figures(figs)}
<h2>Parameters</h2>
${params}
${fileList}`,
  );
}

export function renderComparisonHtml(summaries: readonly RunSummary[], figs: readonly Figure[]): string {
  return page(
    'Protocol comparison',
    `<h1>Live migration: protocols compared</h1>
<p class="sub">${escapeHtml(summaries.map((s) => s.label).join(', '))}</p>
${table(comparisonRows(summaries))}
<h2>Figures</h2>
${figures(figs)}
<h2>Verdicts</h2>
${summaries.map((s) => `<h3>${escapeHtml(s.label)}</h3>${verdictBlock(s)}`).join('\n')}`,
  );
}
