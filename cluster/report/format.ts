// Number formatting and aligned text tables shared by the terminal summary and the HTML
// report: throughput in ops/s with SI prefixes, latencies in ms with sensible digits, bytes,
// and percentages that stay readable down to the paper's 10⁻⁵ %.

export function fmtCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return Math.round(n).toLocaleString('en-US');
}

export function fmtRate(opsPerSec: number | null | undefined): string {
  if (opsPerSec === null || opsPerSec === undefined) return '–';
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)} M`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toFixed(1)} k`;
  return opsPerSec.toFixed(0);
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms >= 1000) return ms.toFixed(0);
  if (ms >= 100) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '–';
  return s >= 100 ? s.toFixed(0) : s.toFixed(2);
}

export function fmtBytes(b: number): string {
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(2)} MB`;
  if (b >= 1e3) return `${(b / 1e3).toFixed(1)} kB`;
  return `${b} B`;
}

export function fmtPercent(p: number): string {
  if (p === 0) return '0 %';
  if (p >= 10) return `${p.toFixed(1)} %`;
  if (p >= 0.01) return `${p.toFixed(3)} %`;
  return `${p.toExponential(2)} %`;
}

export type Align = 'left' | 'right';

/** Pads every column to its widest cell; the first row is the header, underlined. */
export function alignTable(rows: readonly (readonly string[])[], align: readonly Align[]): string {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...c].length);
        return (align[i] ?? 'right') === 'left' ? c + pad : pad + c;
      })
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  if (head === undefined) return '';
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line)].join('\n');
}
