#!/usr/bin/env node
// Test entry for the switch and ctl command modules, used until bin/p4ts.ts wires them:
// `node dist/test/bin/run-switch.js switch BUILD_DIR --port … | ctl …`.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ctlCommand } from '../../bin/commands/ctl.js';
import { switchCommand } from '../../bin/commands/switch.js';

await yargs(hideBin(process.argv))
  .scriptName('p4ts')
  .command(switchCommand)
  .command(ctlCommand)
  .demandCommand(1)
  .strict()
  .help()
  .parseAsync();
