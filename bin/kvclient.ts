#!/usr/bin/env node
// A YCSB client process, as the orchestrator spawns it (thin: parse, start, relay commands).
// Commands: {"cmd":"report"} answers the counters so far, {"cmd":"stop"} ends the run early.
// Events: ready, report, results (when both phases are over; the history goes to --history).

import { openSync, writeFileSync, writeSync } from 'node:fs';
import { pino } from 'pino';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { parseClientArgs } from '../client/cli-options.js';
import { start } from '../client/driver.js';
import { GcPauseCounter, processStats } from '../client/process-stats.js';
import { extraTrafficPercent } from '../client/protocols/protocol.js';
import { clientProtocolFor } from '../client/protocols/select.js';
import type { ControlMode } from '../kvserver/process-control.js';
import { openControl, toJson } from '../kvserver/process-control.js';

const argv = yargs(hideBin(process.argv))
  .scriptName('kvclient')
  .option('client-id', { type: 'number', default: 0 })
  .option('mac', { type: 'string', demandOption: true })
  .option('ip', { type: 'string', demandOption: true })
  .option('switch', { type: 'string', describe: 'the switch port this NIC is cabled to, host:port' })
  .option('nic-port', { type: 'number', default: 0, describe: "the NIC's loopback UDP port (0 = any)" })
  .option('bind', { type: 'string', default: '127.0.0.1' })
  .option('framing', { choices: ['single', 'batched'], default: 'single' })
  .option('server-mac', { type: 'string', demandOption: true, describe: 'the source shard host' })
  .option('server-ip', { type: 'string', demandOption: true })
  .option('db-port', { type: 'number', demandOption: true })
  .option('workload', { type: 'string', default: 'B' })
  .option('records', { type: 'number', demandOption: true })
  .option('operations', { type: 'number' })
  .option('duration-ms', { type: 'number' })
  .option('rate', { type: 'number', describe: 'open loop at this many ops/s' })
  .option('window', { type: 'number', default: 16 })
  .option('load', { type: 'boolean', default: true, describe: 'write every record first (--no-load skips it)' })
  .option('value-bytes', { type: 'number', default: 64 })
  .option('seed', { type: 'number' })
  .option('timeout-ms', { type: 'number' })
  .option('protocol', { choices: ['none', 'netmigrate', 'source-based', 'rocksteady', 'fulva'], default: 'netmigrate' })
  .option('multi-key-walk', {
    type: 'boolean',
    default: false,
    describe: 'the switch walks multi-key requests (NetMigrate P4): one reply per key',
  })
  .option('history', { type: 'string', describe: 'write the operation history (JSON) to this file' })
  .option('journal', {
    type: 'string',
    describe:
      'append every write to this file as it is sent (key tag invoke-ms), so a killed client leaves its writes behind',
  })
  .option('control', { choices: ['stdio', 'ipc', 'none'] as const, default: 'stdio' as const })
  .option('log-level', { choices: ['silent', 'error', 'warn', 'info', 'debug'], default: 'warn' })
  .strict()
  .parseSync();

/** A synchronous append per write: nothing sent is missing from the file after a kill -9. */
function openWriteJournal(path: string): (key: number, tag: string, invokeMs: number) => void {
  const fd = openSync(path, 'a');
  return (key, tag, invokeMs) => writeSync(fd, `${key} ${tag} ${invokeMs}\n`);
}

const logger = pino({ level: argv.logLevel }, pino.destination(2));
const parsed = parseClientArgs({ ...argv, switch: argv.switch });
if (!parsed.ok) {
  for (const m of parsed.errors) process.stderr.write(`kvclient: ${m}\n`);
  process.exit(2);
}
const protocol = clientProtocolFor(argv.protocol);
const client = await start({
  ...parsed.value,
  bindAddress: argv.bind,
  protocol,
  multiKeyWalk: argv.multiKeyWalk,
  history: argv.history !== undefined,
  ...(argv.journal === undefined ? {} : { onWriteInvoked: openWriteJournal(argv.journal) }),
  logger,
}).catch((e: Error) => {
  process.stderr.write(`kvclient: ${e.message}\n`);
  process.exit(2);
});

// GC pauses from the run's start: a pause stalls every request this client has in flight.
const gcPauses = new GcPauseCounter();
const control = openControl(
  argv.control as ControlMode,
  (cmd) => {
    if (cmd.cmd === 'report')
      control.send({
        event: 'report',
        counters: { ...client.counters, ...processStats(gcPauses, client.nicCounters()) },
        traffic: protocol?.traffic,
        intervalHistogram: client.lastIntervalHistogram(),
      });
    else if (cmd.cmd === 'stop') client.stop();
    else control.send({ event: 'error', message: `unknown command ${String(cmd.cmd)}` });
  },
  (reason) => {
    logger.info({ reason }, 'client stopping');
    client.stop();
  },
);
control.send({ event: 'ready', nic: client.address });
const results = await client.done;
if (argv.history !== undefined) writeFileSync(argv.history, toJson(results.history));
control.send({
  event: 'results',
  clientId: results.clientId,
  load: results.load,
  run: results.run,
  counters: results.counters,
  traffic: results.traffic,
  extraTrafficPercent: extraTrafficPercent(results.traffic),
});
process.exit(0);
