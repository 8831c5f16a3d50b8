// The resource map as text (`p4ts resources FILE`: a stage-by-stage table, then where every
// table and register landed) and as JSON (resources.json).

import type { PipeResources, ResourceMap } from './resource-map.js';
import type { StageDemand } from './table-resources.js';

const COLUMNS: { key: keyof StageDemand; label: string }[] = [
  { key: 'logicalTables', label: 'tables' },
  { key: 'gateways', label: 'gw' },
  { key: 'sramBlocks', label: 'SRAM' },
  { key: 'tcamBlocks', label: 'TCAM' },
  { key: 'mapRams', label: 'mapRAM' },
  { key: 'statefulAlus', label: 'sALU' },
  { key: 'statsAlus', label: 'stats' },
  { key: 'hashBits', label: 'hash' },
  { key: 'actionDataBits', label: 'adb' },
];

export function resourcesJson(map: ResourceMap): string {
  return `${JSON.stringify(map, null, 2)}\n`;
}

export function formatResources(map: ResourceMap): string {
  const lines: string[] = [];
  lines.push(
    `target ${map.target}: ${map.stageCount} stages per gress; ${map.fits ? 'the program fits' : 'the program does NOT fit'}`,
  );
  for (const pipe of map.pipes) lines.push('', ...formatPipe(pipe, map));
  return `${lines.join('\n')}\n`;
}

function formatPipe(pipe: PipeResources, map: ResourceMap): string[] {
  const out: string[] = [];
  out.push(
    `pipe '${pipe.name}': ingress uses ${pipe.stagesUsed.ingress} stage(s), egress ${pipe.stagesUsed.egress} (of ${map.stageCount})`,
  );
  const header = ['stage', ...COLUMNS.map((c) => c.label)];
  const rows: string[][] = [];
  for (const s of pipe.stages) {
    rows.push([String(s.stage), ...COLUMNS.map((c) => `${s.used[c.key]}/${map.limits[c.key]}`)]);
  }
  rows.push(['total', ...COLUMNS.map((c) => `${pipe.totals[c.key]}/${map.limits[c.key] * map.stageCount}`)]);
  out.push(...table([header, ...rows]));
  out.push('');
  for (const s of pipe.stages) {
    out.push(`stage ${s.stage}:`);
    for (const u of pipe.units.filter((x) => x.stage <= s.stage && s.stage <= x.lastStage)) {
      const pin = u.pinned === undefined ? '' : ` @stage(${u.pinned})`;
      const split = u.lastStage !== u.stage ? ` (split over stages ${u.stage}-${u.lastStage})` : '';
      const regs = u.registers.length > 0 ? ` registers: ${u.registers.join(', ')}` : '';
      const what = u.kind === 'gateway' ? 'gateway' : u.kind === 'synthesized' ? `${u.match} (synthesized)` : u.match;
      out.push(`  ${u.gress.padEnd(7)} ${what.padEnd(22)} ${u.name}${pin}${split}${regs}`);
    }
    for (const r of pipe.registers.filter((x) => x.stage === s.stage)) {
      const cell = r.pair ? `pair of bit<${r.cellBits / 2}>` : `bit<${r.cellBits}>`;
      out.push(
        `  ${r.gress.padEnd(7)} ${'register'.padEnd(22)} ${r.name}: ${cell} x ${r.size}, ${r.blocks} RAM blocks, actions ${r.actions.join(', ')}`,
      );
    }
  }
  return out;
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}
