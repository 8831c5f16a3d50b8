// The command lines of an experiment's processes: the switch (p4ts switch), the NetMigrate
// controller, the source and destination KV servers, the loader and the workload clients.
// Pure functions of the configuration and the topology, so tests can read them.

import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AUTO_MAX_GROUP_RUN } from '../kvserver/migration/common/group-plan.js';
import { formatIpv4, formatMac } from '../wire/addresses.js';
import { formatHostSpec } from './controller/host-map.js';
import { profileByName } from './controller/profiles.js';
import { agentProtocol, clientWorkloadName, type ExperimentConfig } from './experiment-config.js';
import type { ChildSpec } from './process-group.js';
import { allHosts, type CabledHost, type Topology } from './topology.js';

/** dist/bin, beside this module's dist/cluster. */
export const BIN_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin');
const bin = (name: string) => join(BIN_DIR, `${name}.js`);
/** The switch does not watch its parent; this preload makes it end with the orchestrator. */
const LIFELINE = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'exit-with-parent.js')).href;

/** Children speak JSON lines on stdin/stdout: stdout pipes are synchronous, so a last message before exit is never lost. */
const STDIO = { ipc: false } as const;

/** Room for the longest run of groups 'auto' sends (AUTO_MAX_GROUP_RUN − 1 passes) and more. */
const SWITCH_MAX_REENTRIES = 2 * AUTO_MAX_GROUP_RUN;
export function switchSpec(
  buildDir: string,
  t: Topology,
  c: ExperimentConfig,
  impairArgs: readonly string[] = [],
): ChildSpec {
  const ports = allHosts(t).flatMap((h) => [
    '--port',
    `${h.port}=127.0.0.1:0,peer=127.0.0.1:${h.nicPort},${c.framing}`,
  ]);
  return {
    name: 'switch',
    args: [
      '--import',
      LIFELINE,
      bin('p4ts'),
      'switch',
      buildDir,
      ...ports,
      '--control',
      '127.0.0.1:0',
      '--log-level',
      c.logLevel,
      // A run of k groups recirculates k − 1 times (docs/migration-protocols.md "Runs of groups").
      '--max-reentries',
      String(SWITCH_MAX_REENTRIES),
      ...impairArgs,
    ],
    readyTimeoutMs: 30_000,
    ...STDIO,
  };
}

export function controllerSpec(control: string, t: Topology, c: ExperimentConfig): ChildSpec {
  return {
    name: 'controller',
    args: [
      bin('controller'),
      '--control',
      control,
      ...allHosts(t).flatMap((h) => ['--host', formatHostSpec(h)]),
      // Only the two servers may send migration control; a client's forged TERMINATE is dropped.
      '--migration-peer',
      t.source.name,
      '--migration-peer',
      t.destination.name,
      '--profile',
      c.profile,
      '--log-level',
      c.logLevel === 'warn' ? 'info' : c.logLevel,
    ],
    ...STDIO,
  };
}

function serverArgs(h: CabledHost, switchPort: string, dbPort: number, c: ExperimentConfig): string[] {
  return [
    bin('kvserver'),
    '--mac',
    formatMac(h.mac),
    '--ip',
    formatIpv4(h.ip),
    '--shard',
    String(dbPort),
    '--switch',
    switchPort,
    '--nic-port',
    String(h.nicPort),
    '--value-bytes',
    String(c.valueBytes),
    ...(c.tableSizeExp === undefined ? [] : ['--table-size-exp', String(c.tableSizeExp)]),
    '--framing',
    c.framing,
    '--protocol',
    agentProtocol(c.protocol),
    // A program that walks multi-key requests one key a packet (p4/netmigrate.p4) sends the
    // servers one packet per key, each to be answered for slot 1.
    ...(profileByName(c.profile)?.multiKeyWalk === false ? [] : ['--multi-key-walk']),
    '--control',
    'stdio',
    '--log-level',
    c.logLevel,
  ];
}

export function destinationSpec(t: Topology, switchPort: string, c: ExperimentConfig): ChildSpec {
  const dbPort = String(t.destinationDbPort);
  return {
    name: 'kv-destination',
    args: [
      ...serverArgs(t.destination, switchPort, t.destinationDbPort, c),
      '--migrate',
      dbPort,
      '--role',
      'destination',
    ],
    ...STDIO,
  };
}

/** The source's first resend wait when the switch cannot tell a repeated transition (ms). */
export const RESEND_AFTER_MS_WITHOUT_DEDUP = 250;

export function sourceSpec(t: Topology, switchPort: string, c: ExperimentConfig): ChildSpec {
  const d = t.destination;
  const capacity =
    c.capacity >= 100
      ? []
      : [
          '--capacity-share',
          String(c.capacity / 100),
          ...(c.capacityBaseline === undefined ? [] : ['--capacity-baseline', String(c.capacityBaseline)]),
        ];
  return {
    name: 'kv-source',
    args: [
      ...serverArgs(t.source, switchPort, t.sourceDbPort, c),
      '--migrate',
      String(t.sourceDbPort),
      '--role',
      'source',
      '--peer',
      `${formatMac(d.mac)},${formatIpv4(d.ip)},${t.destinationDbPort}`,
      '--threads',
      String(c.migrationThreads),
      '--max-group-bits',
      String(c.maxGroupBits),
      ...(c.migrationRate === undefined ? [] : ['--rate-pairs', String(c.migrationRate)]),
      ...(c.migrationWindow === undefined ? [] : ['--migration-window', String(c.migrationWindow)]),
      // A program that reads only a transition's group id (the artifact's): one group each.
      ...(profileByName(c.profile)?.appliesGroupRuns === false ? ['--group-run', '1'] : []),
      // A switch that applies a repeated group transition twice (the artifact's program):
      // resend only when a reply is really late, not merely delayed by a busy machine.
      ...(profileByName(c.profile)?.deduplicatesTransitions === false
        ? ['--resend-after-ms', String(RESEND_AFTER_MS_WITHOUT_DEDUP)]
        : []),
      ...capacity,
    ],
    // A capped source first measures its peak rate.
    readyTimeoutMs: 30_000,
    ...STDIO,
  };
}

function clientArgs(id: number, h: CabledHost, t: Topology, switchPort: string, c: ExperimentConfig): string[] {
  return [
    bin('kvclient'),
    '--client-id',
    String(id),
    '--mac',
    formatMac(h.mac),
    '--ip',
    formatIpv4(h.ip),
    '--switch',
    switchPort,
    '--nic-port',
    String(h.nicPort),
    '--server-mac',
    formatMac(t.source.mac),
    '--server-ip',
    formatIpv4(t.source.ip),
    '--db-port',
    String(t.sourceDbPort),
    '--workload',
    clientWorkloadName(c.workload),
    '--records',
    String(c.records),
    '--value-bytes',
    String(c.valueBytes),
    '--framing',
    c.framing,
    '--seed',
    String(c.seed * 1000 + id),
    '--protocol',
    agentProtocol(c.protocol),
    '--multi-key-walk',
    '--control',
    'stdio',
    '--log-level',
    c.logLevel,
  ];
}

/** Writes every record once (as client id K, so its writes have their own tags), then exits. */
export function loaderSpec(t: Topology, switchPort: string, c: ExperimentConfig, history: string): ChildSpec {
  return {
    name: 'loader',
    args: [...clientArgs(c.clients, t.loader, t, switchPort, c), '--operations', '0', '--history', history],
    mayExit: true,
    ...STDIO,
  };
}

export function clientSpec(
  i: number,
  t: Topology,
  switchPort: string,
  c: ExperimentConfig,
  history: string,
): ChildSpec {
  const h = t.clients[i] as CabledHost;
  const rate = c.rate === undefined ? [] : ['--rate', String(c.rate / c.clients)];
  return {
    name: `client-${i}`,
    args: [
      ...clientArgs(i, h, t, switchPort, c),
      '--no-load',
      '--duration-ms',
      // The warm-up comes first, unmeasured (ExperimentConfig.warmupS).
      String(Math.round((c.durationS + c.warmupS) * 1000)),
      '--window',
      String(c.window),
      '--history',
      history,
      ...rate,
    ],
    mayExit: true,
    ...STDIO,
  };
}
