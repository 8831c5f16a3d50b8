#!/usr/bin/env node
// A KV server process, as the orchestrator spawns it (thin: parse, start, relay commands).
// Commands on the control channel: {"cmd":"migrate"} starts the migration of the --migrate
// shard (source role), {"cmd":"report"} answers the counters, {"cmd":"stop"} ends the process,
// {"cmd":"preload","records":N} fills the --migrate shard (or the first) with records 0..N-1,
// {"cmd":"audit","records":N,"touched":[keys]} checks that shard's store (kvserver/preload.ts).
// Events: ready, migration (started, groups (coalesced group transitions), route-switch,
// finished, failed), report, preloaded, audit, error.

import { pino } from 'pino';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { GcPauseCounter, processStats } from '../client/process-stats.js';
import { parseServerArgs } from '../kvserver/cli-options.js';
import { ClientActivity } from '../kvserver/migration/common/client-activity.js';
import type { DestinationAgent } from '../kvserver/migration/common/destination-agent.js';
import { relayMigrationEvents } from '../kvserver/migration/common/event-relay.js';
import { parseThreads, parseWindow } from '../kvserver/migration/common/group-mover.js';
import { parseGroupRun } from '../kvserver/migration/common/group-plan.js';
import type { MigrationEvents } from '../kvserver/migration/common/progress.js';
import { SourceAgent } from '../kvserver/migration/common/source-agent.js';
import {
  createDestinationAgent,
  createSourceAgent,
  isMigrationProtocol,
  MIGRATION_PROTOCOLS,
  type MigrationProtocol,
} from '../kvserver/migration/protocols.js';
import { auditStore, preload } from '../kvserver/preload.js';
import type { ControlMode } from '../kvserver/process-control.js';
import { openControl } from '../kvserver/process-control.js';
import { rollbackCommand } from '../kvserver/rollback-commands.js';
import { start } from '../kvserver/server.js';
import { parseIpv4, parseMac } from '../wire/addresses.js';
import { parseUdpAddress } from '../wire/host-args.js';

const argv = yargs(hideBin(process.argv))
  .scriptName('kvserver')
  .option('mac', { type: 'string', demandOption: true, describe: "this host's MAC" })
  .option('ip', { type: 'string', demandOption: true, describe: "this host's IPv4" })
  .option('shard', {
    type: 'string',
    array: true,
    nargs: 1,
    demandOption: true,
    describe: 'dbPort[:normal|source|destination]',
  })
  .option('switch', { type: 'string', describe: 'the switch port this NIC is cabled to, host:port' })
  .option('bind', { type: 'string', default: '127.0.0.1', describe: 'local address of the NIC socket' })
  .option('nic-port', { type: 'number', default: 0 })
  .option('framing', { choices: ['single', 'batched'], default: 'single' })
  .option('value-bytes', { type: 'number', default: 64 })
  .option('table-size-exp', { type: 'number', describe: "every shard's table starts with 2^N buckets" })
  .option('capacity-share', { type: 'number', describe: 'fraction of the measured peak rate (0, 1]' })
  .option('capacity-baseline', { type: 'number', describe: 'peak requests/s (measured when absent)' })
  .option('migrate', { type: 'number', describe: 'dbPort of the shard that migrates' })
  .option('role', { choices: ['source', 'destination'] as const, describe: 'its role in the migration' })
  .option('protocol', { choices: MIGRATION_PROTOCOLS, default: 'netmigrate' as const })
  .option('peer', { type: 'string', describe: 'the destination shard (source role): MAC,IPv4,dbPort' })
  .option('threads', {
    type: 'string',
    default: 'auto',
    describe: "migration threads (source role): 1..255, or 'auto' (sized from groups and keys)",
  })
  .option('max-group-bits', { type: 'number', default: 17 })
  .option('group-run', {
    type: 'string',
    default: 'auto',
    describe:
      "groups per GROUP_START/COMPLETE (source role): 1..255, or 'auto' (from the group bits, and the keys per group while the clients are idle); 1 for the artifact's switch program",
  })
  .option('migration-window', {
    type: 'string',
    default: 'auto',
    describe:
      "MIGRATE frames in flight (source role): 1..4096, or 'auto' (what the socket's receive buffer holds, at most 256, while the clients are idle; 64 while they are busy)",
  })
  .option('rate-pairs', { type: 'number', describe: 'migration rate cap, pairs/s' })
  .option('rate-bytes', { type: 'number', describe: 'migration rate cap, bytes/s' })
  .option('resend-after-ms', {
    type: 'number',
    describe:
      'source: first wait for the reply to a migration control packet before resending it (default 20, doubling)',
  })
  .option('multi-key-walk', {
    type: 'boolean',
    default: false,
    describe: 'the switch walks multi-key requests (NetMigrate P4): answer slot 1 of each packet',
  })
  .option('control', { choices: ['stdio', 'ipc', 'none'] as const, default: 'stdio' as const })
  .option('log-level', { choices: ['silent', 'error', 'warn', 'info', 'debug'], default: 'warn' })
  .strict()
  .parseSync();

const logger = pino({ level: argv.logLevel }, pino.destination(2));

function fail(messages: string[]): never {
  for (const m of messages) process.stderr.write(`kvserver: ${m}\n`);
  process.exit(2);
}

const parsed = parseServerArgs({
  mac: argv.mac,
  ip: argv.ip,
  shard: argv.shard,
  switch: argv.switch,
  nicPort: argv.nicPort,
  framing: argv.framing,
  valueBytes: argv.valueBytes,
  capacityShare: argv.capacityShare,
  capacityBaseline: argv.capacityBaseline,
  tableSizeExp: argv.tableSizeExp,
});
if (!parsed.ok) fail(parsed.errors);
if (argv.switch !== undefined && parseUdpAddress(argv.switch) === undefined) fail([`--switch: ${argv.switch}`]);
if ((argv.role === undefined) !== (argv.migrate === undefined)) fail(['--migrate and --role go together']);
let peer: { mac: number; ip: number; dbPort: number } | undefined;
if (argv.role === 'source') {
  const [mac, ip, port] = (argv.peer ?? '').split(',');
  const p = { mac: parseMac(mac ?? ''), ip: parseIpv4(ip ?? ''), dbPort: Number(port) };
  if (p.mac === undefined || p.ip === undefined || !Number.isInteger(p.dbPort))
    fail(['--peer: expected MAC,IPv4,dbPort']);
  peer = p as { mac: number; ip: number; dbPort: number };
}
if (!isMigrationProtocol(argv.protocol)) fail([`--protocol: ${argv.protocol}`]);
const threadsOption = parseThreads(argv.threads);
if (threadsOption === undefined) fail([`--threads: expected auto or an integer in 1..255, got ${argv.threads}`]);
const windowOption = parseWindow(argv.migrationWindow);
if (windowOption === undefined)
  fail([`--migration-window: expected auto or an integer in 1..4096, got ${argv.migrationWindow}`]);
const groupRunOption = parseGroupRun(argv.groupRun);
if (groupRunOption === undefined) fail([`--group-run: expected auto or an integer in 1..255, got ${argv.groupRun}`]);

// GC pauses since start-up, for the run's noise figures (cluster/process-noise.ts).
const gcPauses = new GcPauseCounter();
const server = await start({ ...parsed.value, bindAddress: argv.bind, logger, multiKeyWalk: argv.multiKeyWalk }).catch(
  (e: Error) => fail([e.message]),
);
let agent: SourceAgent | DestinationAgent | undefined;
// Client requests per second as a source migration starts ('auto' threads leave busy clients room).
const clientActivity = new ClientActivity(() => {
  let n = 0;
  for (const k in server.counters.requests) n += server.counters.requests[k] ?? 0;
  return n;
});
let stopping = false;

async function stop(reason: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'kv server stopping');
  await server.close();
  process.exit(code);
}

const control = openControl(
  argv.control as ControlMode,
  (cmd) => {
    switch (cmd.cmd) {
      case 'migrate':
        // A cancelled migration may be started again (a fresh agent); a running or finished one not.
        if (
          argv.role !== 'source' ||
          peer === undefined ||
          argv.migrate === undefined ||
          (agent !== undefined && !(agent instanceof SourceAgent && agent.state === 'cancelled'))
        ) {
          control.send({ event: 'error', message: 'no source migration to start (or already started)' });
          return;
        }
        agent = createSourceAgent(argv.protocol, {
          destination: peer,
          threads: threadsOption,
          groupRun: groupRunOption,
          ...(windowOption === 'auto' ? {} : { window: windowOption }),
          clientsBusy: () => clientActivity.busy(),
          maxGroupBits: argv.maxGroupBits,
          rate: { pairsPerSec: argv.ratePairs, bytesPerSec: argv.rateBytes },
          ...(argv.resendAfterMs === undefined ? {} : { channel: { timeoutMs: argv.resendAfterMs } }),
        });
        relayEvents(agent.events);
        server
          .attachStrategy(argv.migrate, agent)
          .catch((e: Error) => control.send({ event: 'error', message: e.message }));
        return;
      case 'report':
        control.send({
          event: 'report',
          server: server.counters,
          nic: server.nic.counters,
          capacity: server.capacity.counters,
          migration: agent?.counters,
          stats: processStats(gcPauses, server.nic.counters),
        });
        return;
      case 'preload':
      case 'audit': {
        const records = Number(cmd.records);
        const shard = server.shards.get(argv.migrate ?? (server.shards.keys().next().value as number));
        if (!Number.isInteger(records) || records < 0 || records > 0x100000000 || shard === undefined) {
          control.send({ event: 'error', message: `${cmd.cmd}: records must be an integer in 0..2^32` });
          return;
        }
        if (cmd.cmd === 'preload') {
          control.send({ event: 'preloaded', ...preload(shard.store, 0, records, server.valueBytes) });
          return;
        }
        const touched = Array.isArray(cmd.touched) ? cmd.touched.map(Number) : [];
        control.send({ event: 'audit', ...auditStore(shard.store, { records, touched }, server.valueBytes) });
        return;
      }
      case 'stop':
        void stop('stop command');
        return;
      case 'cancel':
      case 'rollback-export':
      case 'rollback-import':
      case 'reset':
        if (argv.migrate === undefined) {
          control.send({ event: 'error', message: `${cmd.cmd}: this server has no migrating shard` });
          return;
        }
        void rollbackCommand(cmd, {
          server,
          shard: argv.migrate,
          agent,
          newDestination: () => createDestinationAgent(argv.protocol as MigrationProtocol),
        }).then((r) => {
          if (r.agent !== agent) {
            agent = r.agent;
            if (agent !== undefined) relayEvents(agent.events);
          }
          control.send(r.reply);
        });
        return;
      default:
        control.send({ event: 'error', message: `unknown command ${String(cmd.cmd)}` });
    }
  },
  (reason) => void stop(reason),
);

function relayEvents(events: MigrationEvents): void {
  // Group transitions travel coalesced ('groups' messages, event-relay.ts): the results
  // timeline and the group progress plot are built from them.
  relayMigrationEvents(events, (m) => control.send(m));
}

// The destination must be ready before the source's INIT arrives.
if (argv.role === 'destination' && argv.migrate !== undefined) {
  agent = createDestinationAgent(argv.protocol);
  relayEvents(agent.events);
  await server.attachStrategy(argv.migrate, agent);
}
control.send({ event: 'ready', nic: server.address, shards: [...server.shards.keys()] });
