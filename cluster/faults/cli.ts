// The `--fault` option of `netmigrate run` and the lines its report prints (docs/faults.md).

import type { Argv } from 'yargs';
import { DEFAULT_CONFIG } from '../experiment-config.js';
import type { FaultRecord } from './fault-injector.js';
import { FAULT_KINDS, type FaultSpec, parseFault } from './fault-spec.js';
import { sendMigrationCommand } from './migration-control.js';
import { replayCommand, runSoak } from './soak.js';

export function faultOption<T>(y: Argv<T>) {
  return y.option('fault', {
    type: 'string',
    array: true,
    describe: `inject a process fault: KIND@SECONDS[,down=S][,again=S|never][,id=N]; KIND one of ${FAULT_KINDS.join(', ')} (docs/faults.md)`,
  });
}

/** The parsed --fault values, or the first problem. */
export function faultsFrom(values: unknown): { faults: FaultSpec[] } | { problem: string } {
  const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
  const faults: FaultSpec[] = [];
  for (const v of list) {
    const r = parseFault(String(v));
    if (!r.ok) return { problem: r.message };
    faults.push(r.value);
  }
  return { faults };
}

export function faultReportLines(records: readonly FaultRecord[]): string[] {
  return records.flatMap((r) => [
    `fault ${r.fault} at ${(r.atMs / 1000).toFixed(1)} s${r.error === undefined ? '' : ` FAILED: ${r.error}`}`,
    ...r.actions.map((a) => `  - ${a}`),
  ]);
}

/** `netmigrate migrate|status|cancel --cluster ADDR`: prints the reply; 0 when it says ok, 1 when refused, 3 when unreachable. */
export async function runControlCommand(cmd: 'migrate' | 'status' | 'cancel', cluster: string): Promise<number> {
  const r = await sendMigrationCommand(cluster, cmd);
  if (!r.ok) {
    process.stderr.write(`netmigrate: ${r.message}\n`);
    return 3;
  }
  const v = r.value;
  if (v.ok !== true) {
    process.stderr.write(`netmigrate ${cmd}: ${String(v.code)}: ${String(v.message)}\n`);
    return 1;
  }
  const lines = [
    `migration: ${String(v.state)} (started ${String(v.starts)} time(s)); groups ${String(v.groupsCompleted)}/${String(v.groupCount)}, ${String(v.pairsMigrated)} pairs sent`,
    ...(Array.isArray(v.actions) ? v.actions.map((a) => `  - ${String(a)}`) : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `netmigrate soak`: 0 when every run kept its promises, 1 at the first that did not (its seed printed). */
export async function soakCommand(
  minutes: number,
  seed: number,
  out: string,
  build: string | undefined,
): Promise<number> {
  if (!(minutes >= 0) || !Number.isInteger(seed)) {
    process.stderr.write('netmigrate soak: --minutes must be >= 0 and --seed an integer\n');
    return 2;
  }
  const base = {
    ...DEFAULT_CONFIG,
    out,
    progress: 'silent' as const,
    ...(build === undefined ? {} : { buildDir: build }),
  };
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const r = await runSoak({ minutes, seed, base, log });
  if (r.failed === undefined) {
    log(`soak: ${r.runs} run(s), every one kept its promises (seed ${seed})`);
    return 0;
  }
  const f = r.failed;
  log(`soak: run ${r.runs} broke a promise: ${f.reason}`);
  log(`  seed ${f.run.seed} (netmigrate soak --seed ${f.run.seed} --minutes 0 replays it); results in ${f.out}`);
  log(`  ${replayCommand(f.run)}`);
  return 1;
}
