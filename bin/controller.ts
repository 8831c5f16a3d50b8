#!/usr/bin/env node
// The NetMigrate controller process (thin: parse arguments, run cluster/controller/process).
//   controller --control 127.0.0.1:9559 --host source=10.0.0.1,02:00:00:00:00:01,1 ...
// Exit codes: 0 stopped, 1 could not set up the switch, 2 usage, 3 the switch went away
// (its control connection closed; the message names it).

import { pino } from 'pino';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { type HostEntry, parseHostSpec } from '../cluster/controller/host-map.js';
import { runControllerProcess } from '../cluster/controller/process.js';
import { PROFILE_NAMES } from '../cluster/controller/profiles.js';
import { parseUdpAddress } from '../wire/host-args.js';

const argv = await yargs(hideBin(process.argv))
  .scriptName('controller')
  .usage('$0 --control HOST:PORT --host NAME=IPV4,MAC,PORT ...\n\nThe NetMigrate control plane for a p4ts switch.')
  .option('control', { type: 'string', demandOption: true, describe: "the switch's control plane, HOST:PORT" })
  .option('host', {
    type: 'string',
    array: true,
    nargs: 1,
    default: [] as string[],
    describe: 'a host: NAME=IPV4,MAC,SWITCH_PORT (repeat for every host)',
  })
  .option('profile', {
    choices: ['auto', ...PROFILE_NAMES],
    default: 'auto',
    describe: "the switch program's profile (its table, action, register and digest names); auto: the one it fits",
  })
  .option('migration-peer', {
    type: 'string',
    array: true,
    nargs: 1,
    describe: 'a host (by NAME) whose port may send migration control: the servers (default: every host)',
  })
  .option('recirculation-port', { type: 'number', describe: "the walk session's port (default: the switch's)" })
  .option('ipc', { type: 'boolean', default: false, describe: 'talk to the parent over IPC instead of stdin/stdout' })
  .option('log-level', { choices: ['silent', 'error', 'warn', 'info', 'debug'], default: 'info' })
  .strict()
  .fail((msg, e, y) => {
    if (e) throw e;
    y.showHelp((s: string) => process.stderr.write(`${s}\n`));
    process.stderr.write(`\ncontroller: ${msg}\n`);
    process.exit(2);
  })
  .parseAsync();

const control = parseUdpAddress(argv.control);
if (control === undefined) {
  process.stderr.write(`controller: --control ${argv.control} is not HOST:PORT\n`);
  process.exit(2);
}
const hosts: HostEntry[] = [];
for (const spec of argv.host) {
  const h = parseHostSpec(spec);
  if (!h.ok) {
    process.stderr.write(`controller: ${h.message}\n`);
    process.exit(2);
  }
  hosts.push(h.value);
}
const logger = pino({ level: argv.logLevel }, pino.destination(2));
process.exitCode = await runControllerProcess({
  control: { host: control.address, port: control.port },
  hosts,
  ...(argv.migrationPeer === undefined ? {} : { migrationPeers: argv.migrationPeer }),
  mode: argv.ipc ? 'ipc' : 'stdio',
  logger,
  profile: argv.profile,
  ...(argv.recirculationPort === undefined ? {} : { recirculationPort: argv.recirculationPort }),
});
process.exit(process.exitCode);
