#!/usr/bin/env node
// Test entry for the compile, check, switch and ctl command modules, used until bin/p4ts.ts
// wires `compile` and `check`: `node dist/test/bin/run-p4ts.js compile FILE -o DIR | switch … | ctl …`.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkCommand, compileCommand } from '../../bin/commands/compile.js';
import { ctlCommand } from '../../bin/commands/ctl.js';
import { switchCommand } from '../../bin/commands/switch.js';

await yargs(hideBin(process.argv))
  .scriptName('p4ts')
  .command(compileCommand)
  .command(checkCommand)
  .command(switchCommand)
  .command(ctlCommand)
  .demandCommand(1)
  .strict()
  .help()
  .parseAsync();
